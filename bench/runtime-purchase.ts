/** Runs one purchase through the local HTTP API and measures what it cost. */
import type { LocalRuntime } from '../local/runtime.js';
import { listRequests, type LoggedRequest } from './sandbox-control.js';

export const HOTEL_PMS_RECIPE = 'appliance-hotel-pms';

export interface MeasuredPurchase {
  purchaseId: string;
  /** HTTP status of `POST /purchases`. */
  httpStatus: number;
  /** Final status of the execution: SUCCEEDED or FAILED. */
  executionStatus: string;
  /** Milliseconds from sending `POST /purchases` to the execution closing. */
  latencyMs: number;
  /** Partner API requests that the sandbox logged during the purchase. */
  requests: LoggedRequest[];
  /** Billed state transitions: StateEntered plus StateRetried events of the execution. */
  transitions: number;
}

/** Counts the events that Step Functions Standard bills as state transitions. */
export function countTransitions(history: ReadonlyArray<{ type: string }>): number {
  return history.filter((event) => event.type === 'StateEntered' || event.type === 'StateRetried').length;
}

/** Sends `POST /purchases` and returns the purchase id; throws unless the API accepted it. */
export async function startPurchase(apiUrl: string, body: Record<string, unknown>): Promise<{ purchaseId: string; status: number }> {
  const response = await fetch(`${apiUrl}/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 202 && response.status !== 200) {
    throw new Error(`POST /purchases returned HTTP ${response.status}: ${text}`);
  }
  return { purchaseId: String((JSON.parse(text) as { purchaseId: unknown }).purchaseId), status: response.status };
}

/**
 * Buys Hotel PMS Integration for one PBX and waits for the execution to close. The sandbox
 * request log is read before and after instead of being reset, because a reset also revokes
 * the cached token that a warm purchase depends on.
 */
export async function measurePurchase(runtime: LocalRuntime, productNo: string, idempotencyKey: string): Promise<MeasuredPurchase> {
  const sandboxUrl = runtime.sandbox!.url;
  const logged = (await listRequests(sandboxUrl)).length;

  const started = performance.now();
  const { purchaseId, status } = await startPurchase(runtime.apiUrl, { productNo, recipe: HOTEL_PMS_RECIPE, idempotencyKey });
  const execution = await runtime.stepFunctions.waitForExecution(purchaseId);
  const latencyMs = performance.now() - started;

  const requests = (await listRequests(sandboxUrl)).slice(logged);
  return {
    purchaseId,
    httpStatus: status,
    executionStatus: execution.status,
    latencyMs,
    requests,
    transitions: countTransitions(runtime.stepFunctions.getExecutionHistory(purchaseId)),
  };
}

/** Routes in request order, for example `purchase_product_info billing_contact_list save`. */
export function describeRoutes(requests: readonly LoggedRequest[]): string {
  return requests.map((request) => request.route).join(' ');
}

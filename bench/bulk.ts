/**
 * Figure 5: many purchases for as many PBXs, all started at once through the local HTTP
 * API, with the sandbox limited to a fixed number of requests per second.
 */
import { startLocalRuntime } from '../local/runtime.js';
import { HOTEL_PMS_RECIPE, startPurchase } from './runtime-purchase.js';
import { addPbxs, listOrders, listRequests, setRateLimit } from './sandbox-control.js';
import { MAX_LOGGED_REQUESTS } from '../local/sandbox/state.js';
import { figure, summarize, type Figure } from './stats.js';

export const BULK_RATE_LIMIT_PER_SECOND = 50;
/**
 * Maximum time of one bulk run; executions still running after it count as failed. The
 * workflow's own retries after throttling wait up to a minute each, so a run may need minutes.
 */
const BULK_RUN_TIMEOUT_MS = 300_000;
/** Maximum wait for the runtime to close after a run; closing waits for running executions. */
const CLOSE_TIMEOUT_MS = 30_000;
const APPLIANCE_PRODUCT_ID = 11;

export interface BulkRun {
  purchases: number;
  wallMs: number;
  /** Partner API requests whose response status was not 429. */
  roundTrips: number;
  idealMs: number;
  failed: number;
  duplicateOrders: number;
  throttled: number;
  timedOut: boolean;
  /** Whether the sandbox request log reached its size limit, so that older requests are missing from the counts. */
  logFull: boolean;
  /** Partner API requests with a response status other than 429, by route. */
  roundTripsByRoute: Record<string, number>;
  /** Failed purchases by the execution's error name, or by `POST /purchases failed`. */
  failuresByError: Record<string, number>;
  /** Up to three distinct failure causes (the execution's `Cause`), shortened. */
  failureCauses: string[];
  /** Step Functions retries (`StateRetried` events) by state name, over all executions. */
  retriesByState: Record<string, number>;
}

/** Returns the state name of an aws-local-stepfunctions history event, which keeps it in `state.name`. */
function stateName(event: Record<string, unknown>): string {
  const state = event.state as { name?: unknown } | undefined;
  return typeof state?.name === 'string' ? state.name : '(unknown state)';
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

async function runBulkOnce(purchases: number, runIndex: number): Promise<BulkRun> {
  const runtime = await startLocalRuntime();
  try {
    const sandboxUrl = runtime.sandbox!.url;
    const productNos = await addPbxs(sandboxUrl, APPLIANCE_PRODUCT_ID, purchases);
    await setRateLimit(sandboxUrl, BULK_RATE_LIMIT_PER_SECOND);

    const started = performance.now();
    const accepted = await Promise.allSettled(
      productNos.map((productNo, index) =>
        startPurchase(runtime.apiUrl, { productNo, recipe: HOTEL_PMS_RECIPE, idempotencyKey: `bench-bulk-${runIndex}-${index}` }),
      ),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      runtime.stepFunctions.waitForIdle().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), BULK_RUN_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    const wallMs = performance.now() - started;

    const failures: string[] = [];
    const causes = new Set<string>();
    const retriedStates: string[] = [];
    for (const result of accepted) {
      if (result.status === 'rejected') {
        failures.push('POST /purchases failed');
        continue;
      }
      const execution = runtime.stepFunctions.describeExecution(result.value.purchaseId);
      if (execution?.status !== 'SUCCEEDED') {
        failures.push(execution?.error ?? execution?.status ?? 'execution not found');
        if (execution?.cause) causes.add(execution.cause.slice(0, 300));
      }
      for (const event of runtime.stepFunctions.getExecutionHistory(result.value.purchaseId)) {
        if (event.type === 'StateRetried') retriedStates.push(stateName(event));
      }
    }

    const requests = await listRequests(sandboxUrl);
    const throttled = requests.filter((request) => request.status === 429).length;
    const roundTrips = requests.length - throttled;
    const roundTripsByRoute = countBy(
      requests.filter((request) => request.status !== 429),
      (request) => request.route,
    );

    const ordersByPbx = new Map<string, number>();
    for (const order of await listOrders(sandboxUrl)) {
      ordersByPbx.set(order.productNo, (ordersByPbx.get(order.productNo) ?? 0) + 1);
    }
    const duplicateOrders = [...ordersByPbx.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);

    return {
      purchases,
      wallMs,
      roundTrips,
      idealMs: (roundTrips / BULK_RATE_LIMIT_PER_SECOND) * 1000,
      failed: failures.length,
      duplicateOrders,
      throttled,
      timedOut,
      logFull: requests.length >= MAX_LOGGED_REQUESTS,
      roundTripsByRoute,
      failuresByError: countBy(failures, (failure) => failure),
      failureCauses: [...causes].slice(0, 3),
      retriesByState: countBy(retriedStates, (name) => name),
    };
  } finally {
    await closeWithin(runtime.close(), CLOSE_TIMEOUT_MS);
  }
}

/**
 * Waits for `closing` at most `timeoutMs`. After a timed-out run the executions may still be
 * waiting between retries, and the runtime's close waits for them, so the benchmark moves on
 * and ends its process with `process.exit` instead.
 */
async function closeWithin(closing: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closing, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

export async function measureBulk(options: { purchases: number; runs: number }): Promise<{ figures: Figure[]; runs: BulkRun[] }> {
  const runs: BulkRun[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    runs.push(await runBulkOnce(options.purchases, run));
  }

  const group = `5. Bulk: ${options.purchases} purchases at once, sandbox limited to ${BULK_RATE_LIMIT_PER_SECOND} requests/s`;
  const wall = summarize(runs.map((run) => run.wallMs));
  const ideal = summarize(runs.map((run) => run.idealMs));
  const failed = summarize(runs.map((run) => run.failed));
  const duplicates = summarize(runs.map((run) => run.duplicateOrders));
  const figures: Figure[] = [
    figure({
      group,
      name: 'wall time',
      unit: 'ms',
      summary: wall,
      reference: { name: `ideal (median ${Math.round(summarize(runs.map((run) => run.roundTrips)).median)} round trips / ${BULK_RATE_LIMIT_PER_SECOND} per s)`, value: ideal.median },
      target: { text: 'none (ratio recorded)', met: undefined },
    }),
    figure({ group, name: 'failed purchases', unit: 'purchases', summary: failed, target: { text: '0', met: failed.max === 0 } }),
    figure({ group, name: 'duplicate orders', unit: 'orders', summary: duplicates, target: { text: '0', met: duplicates.max === 0 } }),
    figure({
      group,
      name: '429 answers seen',
      unit: 'responses',
      summary: summarize(runs.map((run) => run.throttled)),
      target: { text: 'none (recorded)', met: undefined },
    }),
  ];
  return { figures, runs };
}

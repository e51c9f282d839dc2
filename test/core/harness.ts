/** A sandbox, a real Partner API client and an in-memory store, wired as step dependencies. */
import { OAuthTokenManager, PartnerApiClient } from '../../functions/partner-api/index.js';
import { parseJson } from '../../functions/partner-api/json.js';
import type { Clock, PurchaseStore } from '../../functions/core/ports.js';
import type { PurchaseSettings, StepDeps } from '../../functions/core/settings.js';
import { startSandbox, type RunningSandbox, type SandboxSettings } from '../../local/sandbox/server.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../local/sandbox/seed.js';
import { MemoryPurchaseStore } from './memory-store.js';

/** A clock that tests move forward by hand. */
export class ManualClock implements Clock {
  constructor(private current = Date.now()) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface Harness {
  sandbox: RunningSandbox;
  deps: StepDeps & { clock: ManualClock };
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  /** Orders the sandbox holds. */
  orders(): Promise<Array<Record<string, unknown>>>;
  /** How many requests reached a Partner API route, such as `save`. */
  requestCount(route: string): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: Partial<SandboxSettings>;
  settings?: Partial<PurchaseSettings>;
  /** The purchase store under test; an in-memory one by default, so the same tests can run against another store. */
  createStore?: (clock: Clock) => PurchaseStore;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox(options.sandbox === undefined ? {} : { settings: options.sandbox });
  const clock = new ManualClock();
  const tokens = new OAuthTokenManager({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
  const partnerApi = new PartnerApiClient({ baseUrl: sandbox.url, tokens, timeoutMs: 5_000 });

  const control = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await fetch(`${sandbox.url}/__sandbox/${path}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox control ${method} ${path} failed: HTTP ${response.status} ${text}`);
    return parseJson(text);
  };

  return {
    sandbox,
    deps: { store: (options.createStore ?? ((time) => new MemoryPurchaseStore(time)))(clock), partnerApi, clock, settings: options.settings ?? {} },
    control,
    orders: async () => ((await control('GET', 'orders')) as { orders: Array<Record<string, unknown>> }).orders,
    requestCount: async (route) =>
      ((await control('GET', 'requests')) as { requests: Array<{ route: string }> }).requests.filter((request) => request.route === route).length,
    close: () => sandbox.close(),
  };
}

/** Runs the steps up to RESOLVED, as the state machine does, and returns the purchase id. */
export async function resolvePurchase(deps: StepDeps, raw: unknown, executionId = 'exec-1'): Promise<string> {
  const { validateRequest, recordPurchase, resolveItems, resolveBillingContact, recordResolution } = await import('../../functions/core/steps/index.js');

  const validated = await validateRequest(raw, deps);
  const recorded = await recordPurchase({ ...validated, executionId }, deps);
  if (recorded.outcome !== 'created') throw new Error(`expected a new purchase, got ${recorded.outcome}`);

  const input = { purchaseId: validated.purchaseId, request: validated.request };
  const resolved = await Promise.all([resolveItems(input, deps), resolveBillingContact(input, deps)]);
  // Step Functions passes the Parallel state's output between tasks as JSON.
  await recordResolution({ purchaseId: validated.purchaseId, resolved: JSON.parse(JSON.stringify(resolved)) }, deps);
  return validated.purchaseId;
}

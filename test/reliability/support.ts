/**
 * Shared set-up of the reliability tests: a local runtime with a token file in a temporary
 * data folder, short Step Functions retry pauses and the sandbox's control API. A capture
 * of every line the process writes lets tests count retries and look for secrets.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

import { parseJson } from '../../functions/partner-api/json.js';
import type { PurchaseRecord } from '../../functions/core/purchase.js';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime.js';
import { startSandbox } from '../../local/sandbox/server.js';
import { SANDBOX_CLIENT_SECRET, TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';

/** Task and publish states of the synthesized state machine that carry Retry rules. */
const RETRYING_STATES = [
  'ValidateRequest',
  'RecordPurchase',
  'ResolveItems',
  'ResolveBillingContact',
  'RecordResolution',
  'Quote',
  'CreateOrder',
  'CheckOrder',
  'RecordFailure',
  'RecordUnknown',
  'PublishSucceeded',
  'PublishPendingPayment',
  'PublishFailed',
  'PublishUnknown',
];

/** Step Functions retry pauses of 10 ms instead of seconds; the client's own backoff is unchanged. */
export const SHORT_RETRY_INTERVALS: Record<string, number> = Object.fromEntries(RETRYING_STATES.map((state) => [state, 10]));

export interface SandboxRequest {
  method: string;
  path: string;
  route: string;
  status: number;
  durationMs: number;
  /** Arrival time on the sandbox clock, ISO 8601. */
  at: string;
  fault?: string;
}

export interface SandboxOrder {
  orderNo: string;
  poNumber: string | null;
  request: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ReliabilityRuntime {
  runtime: LocalRuntime;
  dataDir: string;
  sandboxUrl: string;
  tokenFile: string;
  close(): Promise<void>;
}

/**
 * Starts a sandbox and a runtime that uses it as an external Partner API, so that the
 * runtime keeps its token in `<dataDir>/secrets/partner-token.json`, where tests read it.
 */
export async function startReliabilityRuntime(options: LocalRuntimeOptions = {}): Promise<ReliabilityRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ypp-reliability-'));
  const sandbox = await startSandbox({ port: 0 });
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      dataDir,
      partnerApiBaseUrl: sandbox.url,
      defaultBillingContactId: TUTORIAL_BILLING_CONTACT_ID,
      retryIntervalOverrides: SHORT_RETRY_INTERVALS,
      // A 50 ms lease instead of 2 minutes: the create-order step still waits out the lease
      // through Step Functions retries (8 of at least 10 ms each) before it sends save again.
      stepSettings: { submissionLeaseMs: 50 },
      ...options,
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return {
    runtime,
    dataDir,
    sandboxUrl: sandbox.url,
    tokenFile: join(dataDir, 'secrets', 'partner-token.json'),
    async close() {
      await runtime.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function control(sandboxUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}/__sandbox${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`Sandbox control ${method} ${path} failed with HTTP ${response.status}: ${text}`);
  }
  return text === '' ? undefined : parseJson(text);
}

/**
 * Restores the sandbox seed, removes the stored token and drops the cached catalogue and
 * billing contacts, so that the next purchase starts cold with exactly one login and the
 * request log holds only what the test causes.
 */
export async function resetAll(env: ReliabilityRuntime): Promise<void> {
  await env.runtime.stepFunctions.waitForIdle();
  await control(env.sandboxUrl, 'POST', '/reset');
  await rm(env.tokenFile, { force: true });
  env.runtime.stepDeps.partnerApi.invalidateLookups?.();
}

export async function addFault(env: ReliabilityRuntime, fault: Record<string, unknown>): Promise<void> {
  await control(env.sandboxUrl, 'POST', '/faults', fault);
}

export async function advanceSandboxClock(env: ReliabilityRuntime, seconds: number): Promise<void> {
  await control(env.sandboxUrl, 'POST', '/clock', { advanceSeconds: seconds });
}

export async function sandboxOrders(env: ReliabilityRuntime): Promise<SandboxOrder[]> {
  return ((await control(env.sandboxUrl, 'GET', '/orders')) as { orders: SandboxOrder[] }).orders;
}

export async function sandboxRequests(env: ReliabilityRuntime): Promise<SandboxRequest[]> {
  return ((await control(env.sandboxUrl, 'GET', '/requests')) as { requests: SandboxRequest[] }).requests;
}

/** Counts the Partner API requests by route name, such as `{ token: 1, save: 1 }`. */
export async function requestCounts(env: ReliabilityRuntime): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const request of await sandboxRequests(env)) {
    counts[request.route] = (counts[request.route] ?? 0) + 1;
  }
  return counts;
}

/** Reads the token file that the runtime's token store wrote. */
export async function readStoredToken(env: ReliabilityRuntime): Promise<{ token: string; refreshToken: string; generation: number; expiresAt: number; [key: string]: unknown }> {
  return JSON.parse(await readFile(env.tokenFile, 'utf8'));
}

export function hotelPmsRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', ...overrides };
}

export interface HttpAnswer {
  status: number;
  text: string;
  json: Record<string, any>;
}

/** Sends `POST /purchases` with `body` written as given when it is a string, else as JSON. */
export async function postPurchase(env: ReliabilityRuntime, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(`${env.runtime.apiUrl}/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    // The status and text are enough for the caller's assertions.
  }
  return { status: response.status, text, json };
}

/** Waits for the purchase's execution and returns its stored record. */
export async function finishedRecord(env: ReliabilityRuntime, purchaseId: string): Promise<PurchaseRecord> {
  await env.runtime.stepFunctions.waitForIdle();
  const record = await env.runtime.store.get(purchaseId);
  if (record === undefined) {
    throw new Error(`No purchase record ${purchaseId}`);
  }
  return record;
}

/** Every line written to stdout and stderr while the capture runs, including Powertools Logger lines. */
export class OutputCapture {
  readonly lines: string[] = [];
  private restore: Array<() => void> = [];

  start(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
        this.lines.push(...String(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')).split('\n').filter((line) => line !== ''));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      };
      stream.write = capture as typeof stream.write;
      this.restore.push(() => {
        stream.write = original as typeof stream.write;
      });
    }
  }

  stop(): void {
    for (const restore of this.restore.splice(0)) restore();
  }

  /** JSON log lines (Powertools Logger output); other lines are skipped. */
  logEntries(): Array<Record<string, unknown>> {
    const entries: Array<Record<string, unknown>> = [];
    for (const line of this.lines) {
      if (!line.startsWith('{')) continue;
      try {
        entries.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line cut by another writer is not a log entry.
      }
    }
    return entries;
  }

  clear(): void {
    this.lines.length = 0;
  }
}

/**
 * Collects token values seen during a test from the token file, so that a later check can
 * look for every access and refresh token the runtime held, not only the last one.
 */
export class SecretCollector {
  readonly values = new Set<string>();

  constructor(initial: readonly string[]) {
    for (const value of initial) this.values.add(value);
  }

  async collect(env: ReliabilityRuntime): Promise<void> {
    try {
      const stored = await readStoredToken(env);
      this.values.add(stored.token);
      this.values.add(stored.refreshToken);
    } catch {
      // No token file yet, or it was just removed by a reset.
    }
  }

  /** Returns the secrets that occur in `text`, or an empty list. */
  findIn(text: string): string[] {
    return [...this.values].filter((value) => value.length >= 8 && text.includes(value));
  }
}

/** Lists where a collected secret occurs: log lines, records, events and execution histories. */
export async function findSecretLeaks(
  env: ReliabilityRuntime,
  capture: OutputCapture,
  secrets: SecretCollector,
  purchaseIds: Iterable<string>,
): Promise<string[]> {
  const leaks: string[] = [];
  const check = (where: string, text: string): void => {
    for (const secret of secrets.findIn(text)) leaks.push(`${where} contains a secret of ${secret.length} characters`);
  };

  capture.lines.forEach((line, index) => check(`output line ${index}`, line));
  for (const purchaseId of purchaseIds) {
    check(`record ${purchaseId}`, JSON.stringify((await env.runtime.store.get(purchaseId)) ?? {}));
  }
  env.runtime.eventBus.events.forEach((event, index) => check(`event ${index} (${event.detailType})`, JSON.stringify(event)));
  for (const execution of env.runtime.stepFunctions.listExecutions()) {
    check(`execution ${execution.name}`, JSON.stringify(execution));
    check(`history of ${execution.name}`, JSON.stringify(env.runtime.stepFunctions.getExecutionHistory(execution.name)));
  }
  return leaks;
}

/**
 * Appends one scenario's measured counts to the JSON-lines file named by
 * RELIABILITY_MEASUREMENTS, when it is set; docs/RELIABILITY.md quotes these figures.
 */
export async function recordMeasurement(scenario: string, env: ReliabilityRuntime, extra: Record<string, unknown> = {}): Promise<void> {
  const file = process.env.RELIABILITY_MEASUREMENTS;
  if (file === undefined || file === '') return;
  const { appendFile } = await import('node:fs/promises');
  const line = { scenario, orders: (await sandboxOrders(env)).length, requests: await requestCounts(env), ...extra };
  await appendFile(file, `${JSON.stringify(line)}\n`);
}

/** The shared state of one reliability test file. */
export interface ReliabilitySuite {
  /** The runtime and sandbox of the file; available from `beforeAll` on. */
  readonly env: ReliabilityRuntime;
  readonly capture: OutputCapture;
  readonly secrets: SecretCollector;
  /** Purchases whose records and histories the secret check reads. */
  readonly purchaseIds: Set<string>;
}

/**
 * Registers the hooks every reliability test file uses. The file's output is captured and
 * one runtime serves the file. Each test starts on a reset sandbox and empty caches, and
 * after it the hooks wait for running executions and collect token values for the secret
 * checks.
 */
export function useReliabilitySuite(options: LocalRuntimeOptions = {}): ReliabilitySuite {
  let env: ReliabilityRuntime | undefined;
  const suite = {
    capture: new OutputCapture(),
    secrets: new SecretCollector([SANDBOX_CLIENT_SECRET]),
    purchaseIds: new Set<string>(),
    get env(): ReliabilityRuntime {
      if (env === undefined) throw new Error('The reliability runtime starts in beforeAll; use suite.env inside hooks and tests');
      return env;
    },
  };

  beforeAll(async () => {
    suite.capture.start();
    env = await startReliabilityRuntime(options);
  });

  afterAll(async () => {
    suite.capture.stop();
    await env?.close();
  });

  beforeEach(async () => {
    await resetAll(suite.env);
  });

  afterEach(async () => {
    await suite.env.runtime.stepFunctions.waitForIdle();
    await suite.secrets.collect(suite.env);
  });

  return suite;
}

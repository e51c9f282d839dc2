/**
 * Test harness for the Partner API client: a sandbox started in-process on 127.0.0.1, its
 * control API, and a fetch wrapper that records what the client put on the wire.
 */
import { createServer } from 'node:net';
import { parseJson, stringifyJson } from '../../functions/partner-api/json.js';
import { OAuthTokenManager, type OAuthTokenManagerOptions } from '../../functions/partner-api/oauth.js';
import { PartnerApiClient, type PartnerApiClientOptions } from '../../functions/partner-api/client.js';
import type { RetryInfo } from '../../functions/partner-api/retry.js';
import { startSandbox, type RunningSandbox } from '../../local/sandbox/server.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../local/sandbox/seed.js';

export { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET };

/** A request as the client sent it. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A real fetch that records each request, with an optional hook to redirect a call. */
export function recordingFetch(redirect?: (url: string, index: number) => string) {
  const requests: RecordedRequest[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const originalUrl = requestUrl(input);
    const url = redirect === undefined ? originalUrl : redirect(originalUrl, requests.length);
    requests.push({
      url: originalUrl,
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return fetch(url, init);
  };
  return { fetch: fetchFn, requests };
}

function requestUrl(input: string | URL | Request): string {
  if (typeof input === 'string') {
    return input;
  }
  return input instanceof URL ? input.href : input.url;
}

/** The control API of a running sandbox. */
export class SandboxControl {
  constructor(readonly url: string) {}

  async post(path: string, body: unknown = {}): Promise<unknown> {
    const response = await fetch(`${this.url}/__sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stringifyJson(body),
    });
    const value = parseJson(await response.text());
    if (!response.ok) {
      throw new Error(`Sandbox control POST ${path} failed with HTTP ${response.status}: ${stringifyJson(value)}`);
    }
    return value;
  }

  async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}/__sandbox/${path}`);
    return parseJson(await response.text());
  }

  reset(): Promise<unknown> {
    return this.post('reset');
  }

  /** Queues a fault such as `{ route: 'save', kind: 'drop-after-commit', times: 1 }`. */
  fault(fault: Record<string, unknown>): Promise<unknown> {
    return this.post('faults', fault);
  }

  /** Moves the sandbox clock forward. */
  advanceClock(seconds: number): Promise<unknown> {
    return this.post('clock', { advanceSeconds: seconds });
  }

  settings(settings: Record<string, unknown>): Promise<unknown> {
    return this.post('settings', settings);
  }

  async requests(): Promise<{ method: string; path: string; route: string; status: number; fault?: string }[]> {
    const value = (await this.get('requests')) as { requests: { method: string; path: string; route: string; status: number; fault?: string }[] };
    return value.requests;
  }

  async countRequests(route: string): Promise<number> {
    return (await this.requests()).filter((entry) => entry.route === route).length;
  }

  async orders(): Promise<Record<string, unknown>[]> {
    const value = (await this.get('orders')) as { orders: Record<string, unknown>[] };
    return value.orders;
  }
}

/** A clock the tests move by hand, starting at the real time. */
export class ManualClock {
  #now = Date.now();

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

/** Starts a sandbox for one test file. */
export async function startTestSandbox(): Promise<{ sandbox: RunningSandbox; control: SandboxControl }> {
  const sandbox = await startSandbox({ port: 0 });
  return { sandbox, control: new SandboxControl(sandbox.url) };
}

/** Builds a token manager with the sandbox credentials. */
export function createTokenManager(baseUrl: string, options: Partial<OAuthTokenManagerOptions> = {}): OAuthTokenManager {
  return new OAuthTokenManager({ baseUrl, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, ...options });
}

/**
 * Builds a client with a token manager and a retry policy that records its waits instead
 * of sleeping, so that tests do not wait for backoff or Retry-After delays.
 */
export function createTestClient(baseUrl: string, options: Partial<PartnerApiClientOptions> = {}) {
  const retries: RetryInfo[] = [];
  const sleeps: number[] = [];
  const client = new PartnerApiClient({
    baseUrl,
    tokens: options.tokens ?? createTokenManager(baseUrl, options.fetch === undefined ? {} : { fetch: options.fetch }),
    onRetry: (info) => retries.push(info),
    ...options,
    retry: {
      sleep: async (delayMs) => {
        sleeps.push(delayMs);
      },
      ...options.retry,
    },
  });
  return { client, retries, sleeps };
}

/** Returns a loopback port with nothing listening on it, so that connecting to it is refused. */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('Could not reserve a loopback port');
  }
  return address.port;
}

/** Builds the Hotel PMS tutorial order for the seeded Appliance Edition PBX. */
export function hotelPmsOrder(overrides: Record<string, unknown> = {}) {
  return {
    operationType: 'purchase_service' as const,
    productId: '11',
    productNo: '3631E0997265',
    billingId: '3197218168379846218',
    poNumber: 'HOTEL-42',
    serviceList: [
      {
        serviceType: 'service' as const,
        serviceId: '3131184659391672320',
        purchaseType: 'purchase' as const,
        billingModel: 'once' as const,
        billingCycle: 'once' as const,
        multiCycle: 0,
      },
    ],
    ...overrides,
  };
}

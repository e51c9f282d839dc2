import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  PartnerApiAuthenticationError,
  PartnerApiError,
  PartnerApiInvalidRequestError,
  PartnerApiMalformedResponseError,
  PartnerApiOutcomeUnknownError,
  PartnerApiRejectedError,
  PartnerApiThrottledError,
  PartnerApiUnavailableError,
} from '../../functions/partner-api/errors.js';
import { OAuthTokenManager } from '../../functions/partner-api/oauth.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { SANDBOX_CLIENT_ID } from '../../local/sandbox/seed.js';
import { closedLoopbackPort, createTestClient, hotelPmsOrder, recordingFetch, startTestSandbox, type SandboxControl } from './sandbox-harness.js';

let sandbox: RunningSandbox;
let control: SandboxControl;

beforeAll(async () => {
  ({ sandbox, control } = await startTestSandbox());
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await control.reset();
});

async function caught(promise: Promise<unknown>): Promise<PartnerApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PartnerApiError);
    return error as PartnerApiError;
  }
  throw new Error('expected the call to fail');
}

describe('rejections', () => {
  it('an unknown billing contact is a rejection', async () => {
    const { client, retries } = createTestClient(sandbox.url);

    const error = await caught(client.createOrder(hotelPmsOrder({ billingId: '1111111111111111111' })));

    expect(error).toBeInstanceOf(PartnerApiRejectedError);
    expect(error.name).toBe('PartnerApiRejectedError');
    expect(error.route).toBe('save');
    expect(error.httpStatus).toBe(400);
    expect(error.code).toBe('billing_contact_not_found');
    expect(error.detailMessage).toContain('1111111111111111111');
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('fix the request');
    expect(retries).toHaveLength(0);
    expect(await control.orders()).toHaveLength(0);
  });

  it('a parameter validation failure is a rejection', async () => {
    const { client } = createTestClient(sandbox.url);

    const error = await caught(client.getPurchaseProductInfo({ productId: '11' }));

    expect(error).toBeInstanceOf(PartnerApiRejectedError);
    expect(error.code).toBe('parameter_validation_failed');
    expect(error.route).toBe('purchase_product_info');
  });

  it('HTTP 200 with an error envelope is a rejection', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    const body = { code: 'order_limit_reached', detailMessage: 'Too many orders today', requestId: 'a'.repeat(32), result: null, status: 200 };
    await control.fault({ route: 'save', kind: 'status', status: 200, body, times: 1 });

    const error = await caught(client.createOrder(hotelPmsOrder()));

    expect(error).toBeInstanceOf(PartnerApiRejectedError);
    expect(error.httpStatus).toBe(200);
    expect(error.code).toBe('order_limit_reached');
    expect(error.detailMessage).toBe('Too many orders today');
    expect(error.requestId).toBe('a'.repeat(32));
    expect(retries).toHaveLength(0);
  });

  it('HTTP 200 envelope status 503 is unavailable', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    const body = { code: 'service_busy', detailMessage: 'Try later', requestId: 'b'.repeat(32), result: null, status: 503 };
    await control.fault({ route: 'region_list', kind: 'status', status: 200, body, times: 1 });

    const regions = await client.listRegions();

    expect(regions).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(PartnerApiUnavailableError);
  });

  it('an invalid request is refused before sending', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });

    const error = await caught(client.createOrder(hotelPmsOrder({ billingId: 3197218168379846218 as unknown as string })));

    expect(error).toBeInstanceOf(PartnerApiInvalidRequestError);
    expect((error as PartnerApiInvalidRequestError).issues[0]!.field).toBe('billingId');
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('authentication', () => {
  it('a wrong client secret is an authentication failure', async () => {
    const tokens = new OAuthTokenManager({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: 'wrong-secret-123456' });
    const { client, retries } = createTestClient(sandbox.url, { tokens });

    const error = await caught(client.listBillingContacts());

    expect(error).toBeInstanceOf(PartnerApiAuthenticationError);
    expect(error.name).toBe('PartnerApiAuthenticationError');
    expect(error.route).toBe('token');
    expect(error.httpStatus).toBe(401);
    expect(error.code).toBe('invalid_client');
    expect(error.retryable).toBe(false);
    expect(retries).toHaveLength(0);
  });

  it('rejected token renewed once', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await client.listRegions();
    await control.reset();

    const contacts = await client.listBillingContacts();

    expect(contacts).toHaveLength(3);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ route: 'billing_contact_list', attempt: 2, delayMs: 0 });
    expect(retries[0]!.error).toBeInstanceOf(PartnerApiAuthenticationError);
  });

  it('failed renewal is retried', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await client.listRegions();
    await control.fault({ route: 'billing_contact_list', kind: 'status', status: 401, times: 1 });
    await control.fault({ route: 'token', kind: 'status', status: 503, times: 1 });

    const contacts = await client.listBillingContacts();

    expect(contacts).toHaveLength(3);
    expect(retries.map((retry) => retry.error.name)).toEqual(['PartnerApiAuthenticationError', 'PartnerApiUnavailableError']);
    expect(retries[1]!.error.route).toBe('token');
    expect(await control.countRequests('token')).toBe(3);
  });

  it('a second authentication failure is raised', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await control.fault({ route: 'billing_contact_list', kind: 'status', status: 401, times: 2 });

    const error = await caught(client.listBillingContacts());

    expect(error).toBeInstanceOf(PartnerApiAuthenticationError);
    expect(error.route).toBe('billing_contact_list');
    expect(retries).toHaveLength(1);
    expect(await control.countRequests('token')).toBe(2);
  });
});

describe('throttling', () => {
  it('a throttled read is retried after Retry-After', async () => {
    const { client, retries, sleeps } = createTestClient(sandbox.url);
    await control.fault({ route: 'product_list', kind: 'throttle', retryAfterSeconds: 2, times: 1 });

    const products = await client.listProducts();

    expect(products.length).toBeGreaterThan(0);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ route: 'product_list', attempt: 2, delayMs: 2000 });
    expect(retries[0]!.error).toBeInstanceOf(PartnerApiThrottledError);
    expect(sleeps).toEqual([2000]);
  });

  it('a throttled save is retried', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await control.fault({ route: 'save', kind: 'throttle', times: 1 });

    const result = await client.createOrder(hotelPmsOrder());

    expect(result.orderStatus).toBe('succeed');
    expect(retries).toHaveLength(1);
    expect(await control.orders()).toHaveLength(1);
  });

  it('a persistent throttle is raised with its delay', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await control.fault({ route: 'product_list', kind: 'throttle', retryAfterSeconds: 1 });

    const error = await caught(client.listProducts());

    expect(error).toBeInstanceOf(PartnerApiThrottledError);
    expect((error as PartnerApiThrottledError).retryAfterMs).toBe(1000);
    expect(error.httpStatus).toBe(429);
    expect(error.code).toBe('too_many_requests');
    expect(error.retryable).toBe(true);
    expect(retries).toHaveLength(3);
  });

  it('a Retry-After beyond the bound is raised at once', async () => {
    const { client, retries } = createTestClient(sandbox.url, { retry: { maxRetryAfterMs: 5000 } });
    await control.fault({ route: 'product_list', kind: 'throttle', retryAfterSeconds: 60, times: 1 });

    const error = await caught(client.listProducts());

    expect(error).toBeInstanceOf(PartnerApiThrottledError);
    expect((error as PartnerApiThrottledError).retryAfterMs).toBe(60_000);
    expect(retries).toHaveLength(0);
  });

  it('the sandbox rate limit is a throttle', async () => {
    const { client } = createTestClient(sandbox.url, { retry: { maxRetries: 0 } });
    await client.listRegions();
    await control.post('rate-limit', { requestsPerSecond: 1 });

    const results = await Promise.allSettled([client.listRegions(), client.listRegions(), client.listRegions()]);

    const errors = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error instanceof PartnerApiThrottledError)).toBe(true);
  });
});

describe('unavailable', () => {
  it('read 503 retried with backoff', async () => {
    const { client, retries, sleeps } = createTestClient(sandbox.url, { retry: { baseDelayMs: 100, maxDelayMs: 1000 } });
    await control.fault({ route: 'billing_contact_list', kind: 'status', status: 503, times: 2 });

    const contacts = await client.listBillingContacts();

    expect(contacts).toHaveLength(3);
    expect(retries.map((retry) => retry.attempt)).toEqual([2, 3]);
    expect(retries.every((retry) => retry.error instanceof PartnerApiUnavailableError)).toBe(true);
    expect(sleeps[0]).toBeLessThan(100);
    expect(sleeps[1]).toBeLessThan(200);
  });

  it('persistent read failure raised', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await control.fault({ route: 'billing_contact_list', kind: 'status', status: 502 });

    const error = await caught(client.listBillingContacts());

    expect(error).toBeInstanceOf(PartnerApiUnavailableError);
    expect(error.name).toBe('PartnerApiUnavailableError');
    expect(error.httpStatus).toBe(502);
    expect(error.code).toBe('sandbox_fault');
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(error.retryable).toBe(true);
    expect(retries).toHaveLength(3);
    expect(await control.countRequests('billing_contact_list')).toBe(4);
  });

  it('a read that times out is unavailable', async () => {
    const { client } = createTestClient(sandbox.url, { timeoutMs: 200, retry: { maxRetries: 0 } });
    await control.fault({ route: 'region_list', kind: 'delay', delayMs: 1000, times: 1 });

    const error = await caught(client.listRegions());

    expect(error).toBeInstanceOf(PartnerApiUnavailableError);
    expect(error.message).toContain('timed out after 200 ms');
  });

  it('a dropped read connection is unavailable', async () => {
    const { client } = createTestClient(sandbox.url, { retry: { maxRetries: 0 } });
    await control.fault({ route: 'region_list', kind: 'drop-after-commit', times: 1 });

    const error = await caught(client.listRegions());

    expect(error).toBeInstanceOf(PartnerApiUnavailableError);
  });

  it('a save that was never sent is retried', async () => {
    const port = await closedLoopbackPort();
    const recorder = recordingFetch((url, index) => (url.endsWith('/save') && index === 1 ? url.replace(sandbox.url, `http://127.0.0.1:${port}`) : url));
    const { client, retries } = createTestClient(sandbox.url, { fetch: recorder.fetch });

    const result = await client.createOrder(hotelPmsOrder());

    expect(result.orderStatus).toBe('succeed');
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toBeInstanceOf(PartnerApiUnavailableError);
    expect(retries[0]!.error.message).toContain('ECONNREFUSED');
    expect(await control.orders()).toHaveLength(1);
  });
});

describe('outcome unknown', () => {
  const cases = [
    { name: 'a dropped connection after commit', fault: { kind: 'drop-after-commit' }, committed: true },
    { name: 'a dropped connection before commit', fault: { kind: 'drop-before-commit' }, committed: false },
    { name: 'HTTP 502', fault: { kind: 'status', status: 502 }, committed: false },
    { name: 'an HTML error page', fault: { kind: 'html', status: 503 }, committed: false },
    { name: 'a cut JSON body', fault: { kind: 'malformed-json' }, committed: true },
  ];

  for (const { name, fault, committed } of cases) {
    it(`save with ${name} is not resent`, async () => {
      const { client, retries } = createTestClient(sandbox.url);
      await control.fault({ route: 'save', times: 1, ...fault });

      const error = await caught(client.createOrder(hotelPmsOrder()));

      expect(error).toBeInstanceOf(PartnerApiOutcomeUnknownError);
      expect(error.name).toBe('PartnerApiOutcomeUnknownError');
      expect(error.route).toBe('save');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('look the order up');
      expect(retries).toHaveLength(0);
      expect(await control.countRequests('save')).toBe(1);
      expect(await control.orders()).toHaveLength(committed ? 1 : 0);
    });
  }

  it('save that times out is not resent', async () => {
    const { client, retries } = createTestClient(sandbox.url, { timeoutMs: 200 });
    await control.fault({ route: 'save', kind: 'delay', delayMs: 1000, times: 1 });

    const error = await caught(client.createOrder(hotelPmsOrder()));

    expect(error).toBeInstanceOf(PartnerApiOutcomeUnknownError);
    expect(error.message).toContain('timed out after 200 ms');
    expect(retries).toHaveLength(0);
  });
});

describe('malformed responses', () => {
  const cases = [
    { name: 'an HTML page with HTTP 200', fault: { kind: 'html', status: 200 } },
    { name: 'a cut JSON body', fault: { kind: 'malformed-json' } },
    { name: 'JSON without an envelope', fault: { kind: 'status', status: 200, body: { contacts: [] } } },
    { name: 'an error envelope without detailMessage', fault: { kind: 'status', status: 200, body: { code: 'error', status: 200 } } },
    { name: 'a result of the wrong shape', fault: { kind: 'status', status: 200, body: { code: 'success', detailMessage: '', result: [{ firstName: 'x' }], status: 200 } } },
  ];

  for (const { name, fault } of cases) {
    it(`a read with ${name} is malformed`, async () => {
      const { client, retries } = createTestClient(sandbox.url);
      await control.fault({ route: 'billing_contact_list', ...fault });

      const error = await caught(client.listBillingContacts());

      expect(error).toBeInstanceOf(PartnerApiMalformedResponseError);
      expect(error.name).toBe('PartnerApiMalformedResponseError');
      expect(error.route).toBe('billing_contact_list');
      expect(error.httpStatus).toBe(200);
      expect(error.retryable).toBe(true);
      expect(retries).toHaveLength(3);
    });
  }

  it('a malformed read is retried until it succeeds', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await control.fault({ route: 'billing_contact_list', kind: 'html', status: 200, times: 1 });

    const contacts = await client.listBillingContacts();

    expect(contacts).toHaveLength(3);
    expect(retries[0]!.error).toBeInstanceOf(PartnerApiMalformedResponseError);
  });
});

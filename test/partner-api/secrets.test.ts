import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { PartnerApiError, redactSecrets } from '../../functions/partner-api/errors.js';
import { OAuthTokenManager, refreshAccessToken, requestAccessToken } from '../../functions/partner-api/oauth.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { createTestClient, createTokenManager, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, startTestSandbox, type SandboxControl } from './sandbox-harness.js';

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

/** Everything an error exposes: message, fields, stack and the whole cause chain. */
function exposedText(error: unknown): string {
  expect(error).toBeInstanceOf(PartnerApiError);
  const fields = JSON.stringify({ ...(error as object) });
  return [String(error), fields, (error as Error).stack ?? '', inspect(error, { depth: 10 })].join('\n');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

function envelope(code: string, detailMessage: string, status = 401) {
  return { code, detailMessage, requestId: 'd'.repeat(32), result: { echoed: detailMessage }, status };
}

describe('secrets in errors', () => {
  it('a rejected client secret is not in the error', async () => {
    const secret = 'wrong-secret-0123456789abcdef';

    const error = await failure(requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: secret }));

    expect(exposedText(error)).not.toContain(secret);
  });

  it('a client secret echoed by the server is redacted', async () => {
    await control.fault({ route: 'token', kind: 'status', status: 401, body: envelope('invalid_client', `secret ${SANDBOX_CLIENT_SECRET} is wrong`), times: 1 });

    const error = await failure(requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }));

    const text = exposedText(error);
    expect(text).not.toContain(SANDBOX_CLIENT_SECRET);
    expect(text).toContain('[redacted]');
  });

  it('a refresh token echoed by the server is redacted', async () => {
    const login = await requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    await control.fault({ route: 'token', kind: 'status', status: 400, body: envelope('refresh_token_invalid', `refresh token ${login.refreshToken} is unknown`, 400), times: 1 });

    const error = await failure(refreshAccessToken({ baseUrl: sandbox.url, refreshToken: login.refreshToken }));

    expect(exposedText(error)).not.toContain(login.refreshToken);
  });

  it('an access token echoed by the server is redacted', async () => {
    const tokens = createTokenManager(sandbox.url);
    const { token } = await tokens.getAccessToken();
    await control.fault({ route: 'billing_contact_list', kind: 'status', status: 400, body: envelope('token_invalid', `token ${token} is invalid`, 400), times: 1 });
    const { client } = createTestClient(sandbox.url, { tokens });

    const error = await failure(client.listBillingContacts());

    expect(exposedText(error)).not.toContain(token);
  });

  it('a cut token response does not leak the token', async () => {
    await control.fault({ route: 'token', kind: 'malformed-json', times: 1 });

    const error = await failure(requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }));

    const text = exposedText(error);
    expect(text).not.toContain(SANDBOX_CLIENT_SECRET);
    expect(text).not.toMatch(/eyJ[\w-]{10,}/);
    expect(text).toContain('not a JSON envelope');
  });

  it('malformed token result hides values', async () => {
    const body = { code: 'success', detailMessage: '', requestId: 'e'.repeat(32), result: { token: 'leaky-token-value-123', expiresIn: 'soon' }, status: 200 };
    await control.fault({ route: 'token', kind: 'status', status: 200, body, times: 1 });

    const error = await failure(requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }));

    const text = exposedText(error);
    expect(text).not.toContain('leaky-token-value-123');
    expect(text).toContain('result.expiresIn');
  });

  it('manager hides a wrong secret', async () => {
    const secret = 'manager-wrong-secret-42';
    const tokens = new OAuthTokenManager({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: secret });
    const { client } = createTestClient(sandbox.url, { tokens });

    const error = await failure(client.createOrder({
      operationType: 'purchase_service',
      productId: '11',
      productNo: '3631E0997265',
      billingId: '3197218168379846218',
      serviceList: [{ serviceType: 'service', serviceId: '3131184659391672320', purchaseType: 'purchase' }],
    }));

    expect(exposedText(error)).not.toContain(secret);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence', () => {
    expect(redactSecrets('a SECRET b SECRET', ['SECRET'])).toBe('a [redacted] b [redacted]');
  });

  it('ignores values too short to be secrets', () => {
    expect(redactSecrets('abc', ['a', ''])).toBe('abc');
  });
});

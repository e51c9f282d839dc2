import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { PartnerApiAuthenticationError, PartnerApiUnavailableError } from '../../functions/partner-api/errors.js';
import { requestAccessToken } from '../../functions/partner-api/oauth.js';
import { normalizeTokenHead } from '../../functions/partner-api/token.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import {
  createTestClient,
  createTokenManager,
  ManualClock,
  recordingFetch,
  SANDBOX_CLIENT_ID,
  startTestSandbox,
  type RecordedRequest,
  type SandboxControl,
} from './sandbox-harness.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

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

function grantTypes(requests: RecordedRequest[]): (string | null)[] {
  return requests.filter((request) => request.url.endsWith('/oauth/token')).map((request) => new URLSearchParams(request.body).get('grant_type'));
}

/** Moves the sandbox clock and the manager's clock together. */
async function advanceBoth(clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await control.advanceClock(ms / 1000);
}

describe('OAuthTokenManager', () => {
  it('logs in once and reuses the token', async () => {
    const clock = new ManualClock();
    const tokens = createTokenManager(sandbox.url, { clock });

    const first = await tokens.getAccessToken();
    const second = await tokens.getAccessToken();

    expect(second).toBe(first);
    expect(first.tokenHead).toBe('Bearer ');
    expect(first.expiresAt).toBe(clock.now() + 30 * MINUTE);
    expect(await control.countRequests('token')).toBe(1);
  });

  it('keeps the token until the renewal margin', async () => {
    const clock = new ManualClock();
    const tokens = createTokenManager(sandbox.url, { clock });
    const first = await tokens.getAccessToken();

    await advanceBoth(clock, 24 * MINUTE);
    const later = await tokens.getAccessToken();

    expect(later).toBe(first);
    expect(await control.countRequests('token')).toBe(1);
  });

  it('refreshes within the margin before expiry', async () => {
    const clock = new ManualClock();
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { clock, fetch: recorder.fetch });
    const first = await tokens.getAccessToken();

    await advanceBoth(clock, 26 * MINUTE);
    const renewed = await tokens.getAccessToken();

    expect(renewed.token).not.toBe(first.token);
    expect(renewed.generation).not.toBe(first.generation);
    expect(grantTypes(recorder.requests)).toEqual(['pp_credentials', 'refresh_token']);
  });

  it('honours a custom renewal margin', async () => {
    const clock = new ManualClock();
    const tokens = createTokenManager(sandbox.url, { clock, renewMarginMs: 10 * MINUTE });
    const first = await tokens.getAccessToken();

    await advanceBoth(clock, 21 * MINUTE);
    const renewed = await tokens.getAccessToken();

    expect(renewed.token).not.toBe(first.token);
  });

  it('uses the rotated refresh token for the next refresh', async () => {
    const clock = new ManualClock();
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { clock, fetch: recorder.fetch });
    await tokens.getAccessToken();

    await advanceBoth(clock, 26 * MINUTE);
    await tokens.getAccessToken();
    await advanceBoth(clock, 26 * MINUTE);
    await tokens.getAccessToken();

    expect(grantTypes(recorder.requests)).toEqual(['pp_credentials', 'refresh_token', 'refresh_token']);
    const [, firstRefresh, secondRefresh] = recorder.requests.map((request) => new URLSearchParams(request.body).get('refresh_token'));
    expect(secondRefresh).not.toBe(firstRefresh);
  });

  it('client call after expiry refreshes', async () => {
    const clock = new ManualClock();
    const tokens = createTokenManager(sandbox.url, { clock });
    const { client, retries } = createTestClient(sandbox.url, { tokens });
    await client.listRegions();

    await advanceBoth(clock, 31 * MINUTE);
    const contacts = await client.listBillingContacts();

    expect(contacts).toHaveLength(3);
    expect(retries).toHaveLength(0);
    expect(await control.countRequests('token')).toBe(2);
  });

  it('server-expired token renewed after rejection', async () => {
    const clock = new ManualClock();
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { clock, fetch: recorder.fetch });
    const { client, retries } = createTestClient(sandbox.url, { tokens });
    await client.listRegions();

    // Only the sandbox clock moves, so the manager still believes the token is valid.
    await control.advanceClock(31 * 60);
    const contacts = await client.listBillingContacts();

    expect(contacts).toHaveLength(3);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error.code).toBe('token_expired');
    expect(grantTypes(recorder.requests)).toEqual(['pp_credentials', 'refresh_token']);
  });

  it('logs in again when the refresh token is rejected', async () => {
    const clock = new ManualClock();
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { clock, fetch: recorder.fetch });
    await tokens.getAccessToken();
    await control.reset();

    await advanceBoth(clock, 26 * MINUTE);
    const renewed = await tokens.getAccessToken();

    expect(grantTypes(recorder.requests)).toEqual(['pp_credentials', 'refresh_token', 'pp_credentials']);
    const { client } = createTestClient(sandbox.url, { tokens });
    expect(await client.listRegions()).toHaveLength(2);
    expect(renewed.generation).toBe('2');
  });

  it('logs in after refresh token expiry', async () => {
    const clock = new ManualClock();
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { clock, fetch: recorder.fetch });
    await tokens.getAccessToken();

    await advanceBoth(clock, 16 * DAY);
    await tokens.getAccessToken();

    expect(grantTypes(recorder.requests)).toEqual(['pp_credentials', 'pp_credentials']);
  });

  it('logs in when server expires refresh token', async () => {
    const clock = new ManualClock();
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { clock, fetch: recorder.fetch, refreshTokenLifetimeMs: 30 * DAY });
    await tokens.getAccessToken();

    await advanceBoth(clock, 16 * DAY);
    const renewed = await tokens.getAccessToken();

    expect(grantTypes(recorder.requests)).toEqual(['pp_credentials', 'refresh_token', 'pp_credentials']);
    expect(renewed.expiresAt).toBe(clock.now() + 30 * MINUTE);
  });

  it('concurrent callers share one token call', async () => {
    const tokens = createTokenManager(sandbox.url);

    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.getAccessToken()));

    expect(new Set(results.map((token) => token.token)).size).toBe(1);
    expect(await control.countRequests('token')).toBe(1);
  });

  it('concurrent client calls share one token call', async () => {
    const { client } = createTestClient(sandbox.url);

    await Promise.all([client.listRegions(), client.listBillingContacts(), client.listProducts(), client.listSubordinateUsers(), client.listOrders()]);

    expect(await control.countRequests('token')).toBe(1);
  });

  it('renewAfterRejection renews only the current token', async () => {
    const tokens = createTokenManager(sandbox.url);
    const first = await tokens.getAccessToken();

    const renewed = await tokens.renewAfterRejection(first);
    const again = await tokens.renewAfterRejection(first);

    expect(renewed.generation).not.toBe(first.generation);
    expect(again).toBe(renewed);
    expect(await control.countRequests('token')).toBe(2);
  });

  it('concurrent rejections of one token share one renewal', async () => {
    const tokens = createTokenManager(sandbox.url);
    const first = await tokens.getAccessToken();

    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.renewAfterRejection(first)));

    expect(new Set(results.map((token) => token.generation)).size).toBe(1);
    expect(await control.countRequests('token')).toBe(2);
  });

  it('failed login reaches all waiters', async () => {
    const tokens = createTokenManager(sandbox.url);
    await control.fault({ route: 'token', kind: 'status', status: 503, times: 1 });

    const results = await Promise.allSettled([tokens.getAccessToken(), tokens.getAccessToken()]);
    // The failure is not cached: the next call logs in again.
    const next = await tokens.getAccessToken();

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(PartnerApiUnavailableError);
    expect(next.token).not.toBe('');
    expect(await control.countRequests('token')).toBe(2);
  });

  it('client retries unavailable token call', async () => {
    const { client, retries } = createTestClient(sandbox.url);
    await control.fault({ route: 'token', kind: 'status', status: 503, times: 1 });

    const result = await client.createOrder({
      operationType: 'purchase_service',
      productId: '11',
      productNo: '3631E0997265',
      billingId: '3197218168379846218',
      serviceList: [{ serviceType: 'service', serviceId: '3131184659391672320', purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 0 }],
    });

    expect(result.orderStatus).toBe('succeed');
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error.route).toBe('token');
  });

  it('accepts missing tokenHead, numeric expiresIn', async () => {
    const body = { code: 'success', detailMessage: '', requestId: 'c'.repeat(32), result: { token: 'abc.def.ghi', refreshToken: 'r1', expiresIn: 600 }, status: 200 };
    await control.fault({ route: 'token', kind: 'status', status: 200, body, times: 1 });

    const details = await requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: 'x'.repeat(16) });

    expect(details).toEqual({ token: 'abc.def.ghi', tokenHead: 'Bearer ', refreshToken: 'r1', expiresInSeconds: 600 });
  });

  it('unknown credentials are an authentication failure', async () => {
    const error = await requestAccessToken({ baseUrl: sandbox.url, clientId: 'unknown-client', clientSecret: 'unknown-secret' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PartnerApiAuthenticationError);
  });
});

describe('normalizeTokenHead', () => {
  it('defaults an absent or blank head to Bearer', () => {
    expect(normalizeTokenHead(undefined)).toBe('Bearer ');
    expect(normalizeTokenHead('')).toBe('Bearer ');
    expect(normalizeTokenHead('  ')).toBe('Bearer ');
  });

  it('adds the space a head lacks', () => {
    expect(normalizeTokenHead('Bearer')).toBe('Bearer ');
    expect(normalizeTokenHead('Bearer ')).toBe('Bearer ');
    expect(normalizeTokenHead('Token ')).toBe('Token ');
  });
});

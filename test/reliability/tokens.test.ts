/**
 * The shared access token under expiry. An access token that expires during a purchase is
 * refreshed once, and a rejected or expired refresh token leads to one login. Ten
 * purchases that find the token expired at the same time cause one token call.
 */
import { writeFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import {
  addFault,
  advanceSandboxClock,
  findSecretLeaks,
  finishedRecord,
  hotelPmsRequest,
  postPurchase,
  readStoredToken,
  recordMeasurement,
  sandboxOrders,
  sandboxRequests,
  OutputCapture,
  useReliabilitySuite,
} from './support.js';

const suite = useReliabilitySuite();
const { capture, secrets, purchaseIds } = suite;

const ACCESS_TOKEN_LIFETIME_SECONDS = 30 * 60;
const REFRESH_TOKEN_LIFETIME_SECONDS = 15 * 24 * 60 * 60;

async function purchase(key: string) {
  purchaseIds.add(key);
  const answer = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: key, poNumber: key.toUpperCase() }));
  expect(answer.status, answer.text).toBe(202);
  return finishedRecord(suite.env, key);
}

/** Runs one purchase so that the token store contains a token, and returns the token calls so far. */
async function warmUp(key: string): Promise<number> {
  const record = await purchase(key);
  expect(record.status).toBe('SUCCEEDED');
  await secrets.collect(suite.env);
  return (await tokenCalls()).length;
}

async function tokenCalls() {
  return (await sandboxRequests(suite.env)).filter((request) => request.route === 'token');
}

/** "Renewed the Partner API token" log entries written since output line `from`. */
function renewals(from: number): Array<Record<string, unknown>> {
  const capturedSince = new OutputCapture();
  capturedSince.lines.push(...capture.lines.slice(from));
  return capturedSince.logEntries().filter((entry) => entry.message === 'Renewed the Partner API token');
}

describe('access token expiry', () => {
  it('during a purchase: one refresh, then success', async () => {
    const before = await warmUp('rel-token-warm-1');
    const firstLine = capture.lines.length;
    // The order call responds 300 ms late. The sandbox clock moves past the token's
    // lifetime when CreateOrder starts, so the token is checked after it expired.
    await addFault(suite.env, { route: 'save', kind: 'delay', delayMs: 300, times: 1 });
    let moved: Promise<void> | undefined;
    const stop = suite.env.runtime.stepFunctions.onHistoryEvent((name, event) => {
      const state = event.state as { name?: string } | undefined;
      if (name === 'rel-token-mid' && event.type === 'StateEntered' && state?.name === 'CreateOrder') {
        moved ??= advanceSandboxClock(suite.env, ACCESS_TOKEN_LIFETIME_SECONDS + 1);
      }
    });

    const record = await purchase('rel-token-mid').finally(stop);
    await moved;
    const calls = (await tokenCalls()).slice(before);
    const saves = (await sandboxRequests(suite.env)).filter((request) => request.route === 'save');
    const orders = await sandboxOrders(suite.env);

    expect(record.status).toBe('SUCCEEDED');
    expect(orders).toHaveLength(2);
    expect(record.order?.orderNo).toBe(orders[1]!.orderNo);
    expect(calls.map((call) => call.status)).toEqual([200]);
    expect(saves.slice(1).map((request) => request.status)).toEqual([401, 200]);
    expect(renewals(firstLine).map((entry) => entry.method)).toEqual(['refresh']);
    await recordMeasurement('access token expired during a purchase', suite.env, { tokenCallsOfPurchase: calls.length, saveStatuses: saves.map((s) => s.status) });
  });

  it('refresh token expired: one login, then success', async () => {
    const before = await warmUp('rel-token-warm-2');
    const firstLine = capture.lines.length;
    await advanceSandboxClock(suite.env, REFRESH_TOKEN_LIFETIME_SECONDS + 60);

    const record = await purchase('rel-token-refresh-expired');
    const calls = (await tokenCalls()).slice(before);

    expect(record.status).toBe('SUCCEEDED');
    expect(await sandboxOrders(suite.env)).toHaveLength(2);
    expect(calls.map((call) => call.status)).toEqual([401, 200]);
    expect(renewals(firstLine).map((entry) => entry.method)).toEqual(['login']);
    await recordMeasurement('refresh token expired', suite.env, { tokenCallStatuses: calls.map((call) => call.status) });
  });

  it('refresh token rejected: one login, then success', async () => {
    const before = await warmUp('rel-token-warm-3');
    const firstLine = capture.lines.length;
    const stored = await readStoredToken(suite.env);
    await writeFile(suite.env.tokenFile, JSON.stringify({ ...stored, refreshToken: 'refresh-token-the-sandbox-never-issued', expiresAt: Date.now() - 1000 }));

    const record = await purchase('rel-token-refresh-rejected');
    const calls = (await tokenCalls()).slice(before);

    expect(record.status).toBe('SUCCEEDED');
    expect(await sandboxOrders(suite.env)).toHaveLength(2);
    expect(calls.map((call) => call.status)).toEqual([401, 200]);
    expect(renewals(firstLine).map((entry) => entry.method)).toEqual(['login']);
    expect((await readStoredToken(suite.env)).generation).toBe(stored.generation + 1);
    await recordMeasurement('refresh token rejected', suite.env, { tokenCallStatuses: calls.map((call) => call.status) });
  });
});

describe('ten purchases with an expired token', () => {
  const keys = Array.from({ length: 10 }, (_, index) => `rel-token-many-${index}`);

  async function purchaseAll(prefix: string) {
    const answers = await Promise.all(
      keys.map((key) => postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: `${prefix}${key}`, poNumber: `${prefix}${key}`.toUpperCase() }))),
    );
    for (const answer of answers) expect(answer.status, answer.text).toBe(202);
    await suite.env.runtime.stepFunctions.waitForIdle();
    const records = await Promise.all(keys.map((key) => finishedRecord(suite.env, `${prefix}${key}`)));
    for (const record of records) purchaseIds.add(record.purchaseId);
    return records;
  }

  it('rejected by the API: one token call', async () => {
    const before = await warmUp('rel-token-warm-4');
    await advanceSandboxClock(suite.env, ACCESS_TOKEN_LIFETIME_SECONDS + 1);

    const records = await purchaseAll('a-');
    const calls = (await tokenCalls()).slice(before);

    expect(records.map((record) => record.status)).toEqual(keys.map(() => 'SUCCEEDED'));
    expect(await sandboxOrders(suite.env)).toHaveLength(11);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.status).toBe(200);
    await recordMeasurement('ten purchases, token rejected as expired', suite.env, { tokenCallsOfPurchases: calls.length });
  });

  it('expired in the store: one token call', async () => {
    const before = await warmUp('rel-token-warm-5');
    const stored = await readStoredToken(suite.env);
    await writeFile(suite.env.tokenFile, JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }));

    const records = await purchaseAll('b-');
    const calls = (await tokenCalls()).slice(before);

    expect(records.map((record) => record.status)).toEqual(keys.map(() => 'SUCCEEDED'));
    expect(await sandboxOrders(suite.env)).toHaveLength(11);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.status).toBe(200);
    await recordMeasurement('ten purchases, token expired in the store', suite.env, { tokenCallsOfPurchases: calls.length });
  });
});

describe('secrets', () => {
  it('appear in no output, record, event or history', async () => {
    expect(secrets.values.size).toBeGreaterThan(6);
    expect(await findSecretLeaks(suite.env, capture, secrets, purchaseIds)).toEqual([]);
  });
});

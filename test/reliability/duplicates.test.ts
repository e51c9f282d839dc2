/**
 * Exactly one order under repeated and concurrent requests: the same HTTP request 20 times
 * at once, with and without an idempotency key, and one "Purchase Requested" event
 * delivered three times.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SANDBOX_CLIENT_SECRET } from '../../local/sandbox/seed.js';
import {
  findSecretLeaks,
  finishedRecord,
  hotelPmsRequest,
  OutputCapture,
  postPurchase,
  recordMeasurement,
  requestCounts,
  resetAll,
  sandboxOrders,
  SecretCollector,
  startReliabilityRuntime,
  type ReliabilityRuntime,
} from './support.js';

let env: ReliabilityRuntime;
const capture = new OutputCapture();
const secrets = new SecretCollector([SANDBOX_CLIENT_SECRET]);
const purchaseIds = new Set<string>();

beforeAll(async () => {
  capture.start();
  env = await startReliabilityRuntime();
});

afterAll(async () => {
  capture.stop();
  await env.close();
});

beforeEach(async () => {
  await resetAll(env);
});

afterEach(async () => {
  await env.runtime.stepFunctions.waitForIdle();
  await secrets.collect(env);
});

describe('concurrent POST /purchases', () => {
  it('without a key places one order', async () => {
    const body = hotelPmsRequest({ poNumber: 'REL-CONCURRENT-1' });

    const answers = await Promise.all(Array.from({ length: 20 }, () => postPurchase(env, body)));
    const purchaseId = String(answers[0]!.json.purchaseId);
    purchaseIds.add(purchaseId);
    const record = await finishedRecord(env, purchaseId);
    const orders = await sandboxOrders(env);
    const counts = await requestCounts(env);

    for (const answer of answers) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
      expect(answer.status, answer.text).toBeLessThan(300);
      expect(answer.json.purchaseId).toBe(purchaseId);
    }
    expect(purchaseId).toMatch(/^p-[0-9a-f]{32}$/);
    expect(orders).toHaveLength(1);
    expect(counts.save).toBe(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
    expect(record.saveAttempts).toBe(1);
    const statuses = [...new Set(answers.map((answer) => answer.status))].sort();
    await recordMeasurement('20 concurrent POST without a key', env, { httpStatuses: statuses, status: record.status });
  });

  it('with a key places one order', async () => {
    const body = hotelPmsRequest({ poNumber: 'REL-CONCURRENT-2', idempotencyKey: 'rel-key-1' });

    const answers = await Promise.all(Array.from({ length: 20 }, () => postPurchase(env, body)));
    purchaseIds.add('rel-key-1');
    const record = await finishedRecord(env, 'rel-key-1');
    const orders = await sandboxOrders(env);

    for (const answer of answers) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
      expect(answer.status, answer.text).toBeLessThan(300);
      expect(answer.json.purchaseId).toBe('rel-key-1');
    }
    expect(orders).toHaveLength(1);
    expect((await requestCounts(env)).save).toBe(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
    const statuses = [...new Set(answers.map((answer) => answer.status))].sort();
    await recordMeasurement('20 concurrent POST with a key', env, { httpStatuses: statuses, status: record.status });
  });

  it('same key with another body is 409', async () => {
    const first = await postPurchase(env, hotelPmsRequest({ poNumber: 'REL-CONFLICT-A', idempotencyKey: 'rel-key-2' }));
    purchaseIds.add('rel-key-2');
    const record = await finishedRecord(env, 'rel-key-2');
    const ordersBefore = await sandboxOrders(env);

    const conflicts = await Promise.all(
      Array.from({ length: 5 }, () => postPurchase(env, hotelPmsRequest({ poNumber: 'REL-CONFLICT-B', idempotencyKey: 'rel-key-2' }))),
    );
    await env.runtime.stepFunctions.waitForIdle();

    expect(first.status).toBe(202);
    expect(record.status).toBe('SUCCEEDED');
    for (const conflict of conflicts) {
      expect(conflict.status, conflict.text).toBe(409);
      expect(conflict.json.error?.code).toBe('conflict');
      expect(conflict.json.error?.message).toMatch(/rel-key-2/);
    }
    const orders = await sandboxOrders(env);
    expect(orders).toEqual(ordersBefore);
    expect(orders.some((order) => order.poNumber === 'REL-CONFLICT-B')).toBe(false);
    expect((await env.runtime.store.get('rel-key-2'))?.poNumber).toBe('REL-CONFLICT-A');
    await recordMeasurement('same key, other body, after it finished', env, { httpStatuses: conflicts.map((conflict) => conflict.status) });
  });

  it('same key with another body while running is 409', async () => {
    const answers = await Promise.all([
      postPurchase(env, hotelPmsRequest({ poNumber: 'REL-RACE-A', idempotencyKey: 'rel-key-3' })),
      postPurchase(env, hotelPmsRequest({ poNumber: 'REL-RACE-B', idempotencyKey: 'rel-key-3' })),
    ]);
    purchaseIds.add('rel-key-3');
    const record = await finishedRecord(env, 'rel-key-3');
    const orders = await sandboxOrders(env);

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 409]);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.poNumber).toBe(record.poNumber);
    expect(record.status).toBe('SUCCEEDED');
    await recordMeasurement('same key, other body, at once', env, { httpStatuses: statuses });
  });
});

describe('Purchase Requested event', () => {
  it('delivered three times places one order', async () => {
    const detail = hotelPmsRequest({ poNumber: 'REL-EVENT-1' });
    for (let delivery = 0; delivery < 3; delivery += 1) env.runtime.putPurchaseRequestedEvent(detail);
    await env.runtime.stepFunctions.waitForIdle();

    const records = (await env.runtime.store.listByProductNo(String(detail.productNo))).filter((record) => record.poNumber === 'REL-EVENT-1');
    const orders = await sandboxOrders(env);
    for (const record of records) purchaseIds.add(record.purchaseId);

    expect(orders).toHaveLength(1);
    expect((await requestCounts(env)).save).toBe(1);
    expect(records).toHaveLength(1);
    expect(records[0]!.status).toBe('SUCCEEDED');
    expect(records[0]!.order?.orderNo).toBe(orders[0]!.orderNo);
    await recordMeasurement('event delivered three times at once', env, { records: records.length });
  });

  it('delivered again after it finished places no order', async () => {
    const detail = hotelPmsRequest({ poNumber: 'REL-EVENT-2', idempotencyKey: 'rel-event-2' });
    env.runtime.putPurchaseRequestedEvent(detail);
    const record = await finishedRecord(env, 'rel-event-2');
    purchaseIds.add('rel-event-2');

    env.runtime.putPurchaseRequestedEvent(detail);
    env.runtime.putPurchaseRequestedEvent(detail);
    await env.runtime.stepFunctions.waitForIdle();

    expect(record.status).toBe('SUCCEEDED');
    expect(await sandboxOrders(env)).toHaveLength(1);
    expect((await requestCounts(env)).save).toBe(1);
    expect((await env.runtime.store.get('rel-event-2'))?.order?.orderNo).toBe(record.order?.orderNo);
    await recordMeasurement('event delivered again after it finished', env);
  });
});

describe('secrets', () => {
  it('appear in no output, record, event or history', async () => {
    expect(secrets.values.size).toBeGreaterThan(2);
    expect(await findSecretLeaks(env, capture, secrets, purchaseIds)).toEqual([]);
  });
});

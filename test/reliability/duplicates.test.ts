/**
 * Exactly one order under repeated and concurrent requests: the same HTTP request 20 times
 * at once, with and without an idempotency key, and one "Purchase Requested" event
 * delivered three times.
 */
import { describe, expect, it } from 'vitest';

import {
  findSecretLeaks,
  finishedRecord,
  hotelPmsRequest,
  postPurchase,
  recordMeasurement,
  requestCounts,
  sandboxOrders,
  useReliabilitySuite,
} from './support.js';

const suite = useReliabilitySuite();
const { capture, secrets, purchaseIds } = suite;

describe('concurrent POST /purchases', () => {
  it('without a key places one order', async () => {
    const body = hotelPmsRequest({ poNumber: 'REL-CONCURRENT-1' });

    const answers = await Promise.all(Array.from({ length: 20 }, () => postPurchase(suite.env, body)));
    const purchaseId = String(answers[0]!.json.purchaseId);
    purchaseIds.add(purchaseId);
    const record = await finishedRecord(suite.env, purchaseId);
    const orders = await sandboxOrders(suite.env);
    const counts = await requestCounts(suite.env);

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
    await recordMeasurement('20 concurrent POST without a key', suite.env, { httpStatuses: statuses, status: record.status });
  });

  it('with a key places one order', async () => {
    const body = hotelPmsRequest({ poNumber: 'REL-CONCURRENT-2', idempotencyKey: 'rel-key-1' });

    const answers = await Promise.all(Array.from({ length: 20 }, () => postPurchase(suite.env, body)));
    purchaseIds.add('rel-key-1');
    const record = await finishedRecord(suite.env, 'rel-key-1');
    const orders = await sandboxOrders(suite.env);

    for (const answer of answers) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
      expect(answer.status, answer.text).toBeLessThan(300);
      expect(answer.json.purchaseId).toBe('rel-key-1');
    }
    expect(orders).toHaveLength(1);
    expect((await requestCounts(suite.env)).save).toBe(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
    const statuses = [...new Set(answers.map((answer) => answer.status))].sort();
    await recordMeasurement('20 concurrent POST with a key', suite.env, { httpStatuses: statuses, status: record.status });
  });

  it('same key with another body is 409', async () => {
    const first = await postPurchase(suite.env, hotelPmsRequest({ poNumber: 'REL-CONFLICT-A', idempotencyKey: 'rel-key-2' }));
    purchaseIds.add('rel-key-2');
    const record = await finishedRecord(suite.env, 'rel-key-2');
    const ordersBefore = await sandboxOrders(suite.env);

    const conflicts = await Promise.all(
      Array.from({ length: 5 }, () => postPurchase(suite.env, hotelPmsRequest({ poNumber: 'REL-CONFLICT-B', idempotencyKey: 'rel-key-2' }))),
    );
    await suite.env.runtime.stepFunctions.waitForIdle();

    expect(first.status).toBe(202);
    expect(record.status).toBe('SUCCEEDED');
    for (const conflict of conflicts) {
      expect(conflict.status, conflict.text).toBe(409);
      expect(conflict.json.error?.code).toBe('conflict');
      expect(conflict.json.error?.message).toMatch(/rel-key-2/);
    }
    const orders = await sandboxOrders(suite.env);
    expect(orders).toEqual(ordersBefore);
    expect(orders.some((order) => order.poNumber === 'REL-CONFLICT-B')).toBe(false);
    expect((await suite.env.runtime.store.get('rel-key-2'))?.poNumber).toBe('REL-CONFLICT-A');
    await recordMeasurement('same key, other body, after it finished', suite.env, { httpStatuses: conflicts.map((conflict) => conflict.status) });
  });

  it('same key with another body while running is 409', async () => {
    const answers = await Promise.all([
      postPurchase(suite.env, hotelPmsRequest({ poNumber: 'REL-RACE-A', idempotencyKey: 'rel-key-3' })),
      postPurchase(suite.env, hotelPmsRequest({ poNumber: 'REL-RACE-B', idempotencyKey: 'rel-key-3' })),
    ]);
    purchaseIds.add('rel-key-3');
    const record = await finishedRecord(suite.env, 'rel-key-3');
    const orders = await sandboxOrders(suite.env);

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([202, 409]);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.poNumber).toBe(record.poNumber);
    expect(record.status).toBe('SUCCEEDED');
    await recordMeasurement('same key, other body, at once', suite.env, { httpStatuses: statuses });
  });
});

describe('Purchase Requested event', () => {
  it('delivered three times places one order', async () => {
    const detail = hotelPmsRequest({ poNumber: 'REL-EVENT-1' });
    for (let delivery = 0; delivery < 3; delivery += 1) suite.env.runtime.putPurchaseRequestedEvent(detail);
    await suite.env.runtime.stepFunctions.waitForIdle();

    const records = (await suite.env.runtime.store.listByProductNo(String(detail.productNo))).filter((record) => record.poNumber === 'REL-EVENT-1');
    const orders = await sandboxOrders(suite.env);
    for (const record of records) purchaseIds.add(record.purchaseId);

    expect(orders).toHaveLength(1);
    expect((await requestCounts(suite.env)).save).toBe(1);
    expect(records).toHaveLength(1);
    expect(records[0]!.status).toBe('SUCCEEDED');
    expect(records[0]!.order?.orderNo).toBe(orders[0]!.orderNo);
    await recordMeasurement('event delivered three times at once', suite.env, { records: records.length });
  });

  it('delivered again after it finished places no order', async () => {
    const detail = hotelPmsRequest({ poNumber: 'REL-EVENT-2', idempotencyKey: 'rel-event-2' });
    suite.env.runtime.putPurchaseRequestedEvent(detail);
    const record = await finishedRecord(suite.env, 'rel-event-2');
    purchaseIds.add('rel-event-2');

    suite.env.runtime.putPurchaseRequestedEvent(detail);
    suite.env.runtime.putPurchaseRequestedEvent(detail);
    await suite.env.runtime.stepFunctions.waitForIdle();

    expect(record.status).toBe('SUCCEEDED');
    expect(await sandboxOrders(suite.env)).toHaveLength(1);
    expect((await requestCounts(suite.env)).save).toBe(1);
    expect((await suite.env.runtime.store.get('rel-event-2'))?.order?.orderNo).toBe(record.order?.orderNo);
    await recordMeasurement('event delivered again after it finished', suite.env);
  });
});

describe('secrets', () => {
  it('appear in no output, record, event or history', async () => {
    expect(secrets.values.size).toBeGreaterThan(2);
    expect(await findSecretLeaks(suite.env, capture, secrets, purchaseIds)).toEqual([]);
  });
});

/**
 * Purchases whose order cannot be settled: `save` committed but its response was lost and
 * the order list cannot tell which order is this purchase's. The purchase ends UNKNOWN,
 * nothing is sent again, and the order is found by customReferenceNo as an operator
 * would look for it.
 */
import { describe, expect, it } from 'vitest';

import {
  addFault,
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

/** Lists the orders an operator finds in the Partner Portal: those whose customReferenceNo is `poNumber`. */
async function portalOrdersFor(poNumber: string) {
  const page = await suite.env.runtime.stepDeps.partnerApi.listOrders({ pageNo: 1, pageSize: 100 });
  return page.results.filter((order) => order.customReferenceNo === poNumber);
}

describe('UNKNOWN outcome', () => {
  it('order list unreadable after a lost answer', async () => {
    await addFault(suite.env, { route: 'save', kind: 'drop-after-commit', times: 1 });
    await addFault(suite.env, { route: 'page', kind: 'status', status: 503 });
    purchaseIds.add('rel-unknown-1');

    const answer = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: 'rel-unknown-1' }));
    const record = await finishedRecord(suite.env, 'rel-unknown-1');
    const execution = suite.env.runtime.stepFunctions.describeExecution('rel-unknown-1');
    const counts = await requestCounts(suite.env);
    const orders = await sandboxOrders(suite.env);
    const event = suite.env.runtime.eventBus.events.find((entry) => (entry.detail as { purchaseId?: string }).purchaseId === 'rel-unknown-1');

    expect(answer.status, answer.text).toBe(202);
    expect(record.status).toBe('UNKNOWN');
    expect(record.order).toBeUndefined();
    expect(record.error?.code).toBe('ReconciliationPendingError');
    expect(record.error?.message).toMatch(/order-list page 1/);
    expect(record.poNumber).toBe('rel-unknown-1');
    expect(execution?.error).toBe('PurchaseOutcomeUnknownError');
    expect(event?.detailType).toBe('Purchase Outcome Unknown');
    expect(counts.save).toBe(1);
    expect(orders).toHaveLength(1);
    // 4 client attempts in each of 7 task attempts (the first and 6 Step Functions retries).
    expect(counts.page).toBe(28);

    // The operator's check: the order exists under the purchase's poNumber.
    await fetch(`${suite.env.sandboxUrl}/__sandbox/faults`, { method: 'DELETE' });
    const found = await portalOrdersFor(record.poNumber);
    expect(found.map((order) => order.orderNo)).toEqual([orders[0]!.orderNo]);

    // Repeating the request returns the UNKNOWN record and sends nothing.
    const repeated = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: 'rel-unknown-1' }));
    await suite.env.runtime.stepFunctions.waitForIdle();
    expect(repeated.status).toBe(200);
    expect(repeated.json.status).toBe('UNKNOWN');
    expect((await requestCounts(suite.env)).save).toBe(1);
    await recordMeasurement('UNKNOWN: order list unreadable', suite.env, { status: record.status, error: record.error });
  });

  it('two orders carry the same poNumber', async () => {
    const first = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: 'rel-unknown-2a', poNumber: 'PO-SHARED' }));
    purchaseIds.add('rel-unknown-2a');
    expect((await finishedRecord(suite.env, 'rel-unknown-2a')).status).toBe('SUCCEEDED');
    await addFault(suite.env, { route: 'save', kind: 'drop-after-commit', times: 1 });

    const second = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: 'rel-unknown-2b', poNumber: 'PO-SHARED' }));
    purchaseIds.add('rel-unknown-2b');
    const record = await finishedRecord(suite.env, 'rel-unknown-2b');
    const orders = await sandboxOrders(suite.env);

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(record.status).toBe('UNKNOWN');
    expect(record.error?.message).toMatch(/several orders carry customReferenceNo "PO-SHARED"/);
    expect(record.error?.message).toContain(orders[0]!.orderNo);
    expect(record.error?.message).toContain(orders[1]!.orderNo);
    expect(orders).toHaveLength(2);
    expect((await requestCounts(suite.env)).save).toBe(2);
    expect((await portalOrdersFor('PO-SHARED')).length).toBe(2);
    await recordMeasurement('UNKNOWN: two orders with one poNumber', suite.env, { status: record.status, error: record.error });
  });
});

describe('secrets', () => {
  it('appear in no output, record, event or history', async () => {
    expect(secrets.values.size).toBeGreaterThan(2);
    expect(await findSecretLeaks(suite.env, capture, secrets, purchaseIds)).toEqual([]);
  });
});

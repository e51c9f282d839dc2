import { afterEach, describe, expect, it } from 'vitest';

import { buildOrderRequest } from '../../functions/core/order-request.js';
import { checkOrder, createOrder } from '../../functions/core/steps/index.js';
import type { PartnerApiPort } from '../../functions/core/ports.js';
import { TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import { resolvePurchase, startHarness, type Harness } from './harness.js';

const HOTEL_PMS = {
  productNo: TUTORIAL_PRODUCT_NO,
  recipe: 'appliance-hotel-pms',
  billingContactId: TUTORIAL_BILLING_CONTACT_ID,
  poNumber: 'HOTEL-42',
  idempotencyKey: 'crm-order-8812',
};

const LEASE_MS = 2 * 60 * 1000;

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

/** Moves a resolved purchase to SUBMITTING and claims one attempt, as an invocation that then stopped would have. */
async function claimLikeAStoppedInvocation(purchaseId: string) {
  await harness.deps.store.move(purchaseId, { from: ['RESOLVED'], to: 'SUBMITTING' });
  return harness.deps.store.claimSaveAttempt(purchaseId, 0, new Date(harness.deps.clock.now()).toISOString());
}

/**
 * Runs createOrder as Step Functions retries it: after a SubmissionInProgressError the
 * test clock passes the lease and the step runs again.
 */
async function createOrderWithRetries(purchaseId: string) {
  for (let invocation = 1; ; invocation += 1) {
    try {
      return await createOrder({ purchaseId }, harness.deps);
    } catch (error) {
      if ((error as Error).name !== 'SubmissionInProgressError' || invocation >= 5) throw error;
      harness.deps.clock.advance(LEASE_MS + 1);
    }
  }
}

async function fault(body: Record<string, unknown>): Promise<void> {
  await harness.control('POST', 'faults', body);
}

describe('createOrder after a lost answer', () => {
  it('finds the order after drop-after-commit and sends no second save', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-after-commit', times: 1 });

    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.status).toBe('SUCCEEDED');
    expect(result.record.order).toMatchObject({ source: 'reconciled', orderStatus: 'succeed', productNo: TUTORIAL_PRODUCT_NO });
    expect(result.record.order?.orderId).toMatch(/^\d+$/);
    expect(result.record.saveAttempts).toBe(1);
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('finds the order after a malformed save answer', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'malformed-json', times: 1 });

    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.record.order?.source).toBe('reconciled');
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('waits out the lease before sending save again', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-before-commit', times: 1 });

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'SubmissionInProgressError' });
    expect(await harness.requestCount('save')).toBe(1);
    harness.deps.clock.advance(LEASE_MS - 1_000);
    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'SubmissionInProgressError' });
    expect(await harness.requestCount('save')).toBe(1);
  });

  it('sends save once more after drop-before-commit', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-before-commit', times: 1 });

    const result = await createOrderWithRetries(purchaseId);

    expect(result.status).toBe('SUCCEEDED');
    expect(result.record.order?.source).toBe('save');
    expect(result.record.saveAttempts).toBe(2);
    expect(await harness.requestCount('save')).toBe(2);
    expect(await harness.requestCount('page')).toBe(2);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('sends save once more after a 502 answer', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'status', status: 502, times: 1 });

    const result = await createOrderWithRetries(purchaseId);

    expect(result.record.saveAttempts).toBe(2);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('records FAILED when every save attempt created no order', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-before-commit', times: 2 });

    await expect(createOrderWithRetries(purchaseId)).rejects.toMatchObject({ name: 'SaveAttemptsExhaustedError' });

    const record = await harness.deps.store.get(purchaseId);
    expect(record?.status).toBe('FAILED');
    expect(record?.error?.code).toBe('SaveAttemptsExhausted');
    expect(await harness.requestCount('save')).toBe(2);
    expect(await harness.orders()).toHaveLength(0);
  });

  it('unreadable order list: waits, no resend', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-after-commit', times: 1 });
    await fault({ route: 'page', kind: 'status', status: 503 });

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'ReconciliationPendingError' });
    expect((await harness.deps.store.get(purchaseId))?.status).toBe('SUBMITTING');

    await harness.control('DELETE', 'faults');
    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.record.order?.source).toBe('reconciled');
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });
});

describe('createOrder after a throttled save', () => {
  it('takes the attempt back and sends at once on retry', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'throttle', retryAfterSeconds: 0, times: 4 });

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'PartnerApiThrottledError' });
    const afterThrottle = await harness.deps.store.get(purchaseId);
    const result = await createOrder({ purchaseId }, harness.deps);

    expect(afterThrottle?.status).toBe('SUBMITTING');
    expect(afterThrottle?.saveAttempts).toBe(0);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.record.saveAttempts).toBe(1);
    expect(await harness.requestCount('save')).toBe(5);
    expect(await harness.requestCount('page')).toBe(0);
    expect(await harness.orders()).toHaveLength(1);
  });
});

describe('createOrder repeated after a stopped invocation', () => {
  it('records the order the stopped invocation placed', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    const claimed = await claimLikeAStoppedInvocation(purchaseId);
    await harness.deps.partnerApi.createOrder(buildOrderRequest(claimed));

    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.record.order?.source).toBe('reconciled');
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('waits while the stopped attempt may still be in flight', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await claimLikeAStoppedInvocation(purchaseId);

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'SubmissionInProgressError' });
    expect(await harness.requestCount('save')).toBe(0);
  });

  it('sends save after the lease when the order list shows no order', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await claimLikeAStoppedInvocation(purchaseId);
    harness.deps.clock.advance(LEASE_MS + 1);

    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.record.order?.source).toBe('save');
    expect(result.record.saveAttempts).toBe(2);
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });
});

describe('order-list scan', () => {
  async function placeOtherOrders(count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      const purchaseId = await resolvePurchase(harness.deps, { ...HOTEL_PMS, poNumber: `OTHER-${index}`, idempotencyKey: `other-${index}` });
      await createOrder({ purchaseId }, harness.deps);
    }
  }

  it('reads an oldest-first list from its last page', async () => {
    harness = await startHarness({ sandbox: { orderListOrder: 'oldest-first' }, settings: { reconcilePageSize: 2, reconcileMaxPages: 2 } });
    await placeOtherOrders(5);
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-after-commit', times: 1 });

    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.record.order?.source).toBe('reconciled');
    expect(await harness.orders()).toHaveLength(6);
  });

  it('reports pending when the page limit ends the scan early', async () => {
    harness = await startHarness({ settings: { reconcilePageSize: 1, reconcileMaxPages: 2 } });
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    const claimed = await claimLikeAStoppedInvocation(purchaseId);
    await harness.deps.partnerApi.createOrder(buildOrderRequest(claimed));
    await placeOtherOrders(3);
    harness.deps.clock.advance(LEASE_MS + 1);

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'ReconciliationPendingError' });
    expect((await harness.deps.store.get(purchaseId))?.status).toBe('SUBMITTING');

    const wider = { ...harness.deps, settings: { reconcilePageSize: 1, reconcileMaxPages: 10 } };
    const result = await createOrder({ purchaseId }, wider);
    expect(result.record.order?.source).toBe('reconciled');
    expect(await harness.orders()).toHaveLength(4);
  });

  it('ignores orders of another poNumber or PBX', async () => {
    harness = await startHarness();
    await placeOtherOrders(2);
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await fault({ route: 'save', kind: 'drop-before-commit', times: 1 });

    const result = await createOrderWithRetries(purchaseId);

    expect(result.record.order?.source).toBe('save');
    expect(await harness.orders()).toHaveLength(3);
  });
});

describe('checkOrder', () => {
  /** The sandbox has no control to pay an order, so this wrapper changes the status its order details report. */
  function reportingStatus(partnerApi: PartnerApiPort, orderStatus: string): PartnerApiPort {
    return Object.assign(Object.create(partnerApi) as PartnerApiPort, {
      getOrderDetails: async (id: string) => {
        const details = (await partnerApi.getOrderDetails(id)) as Record<string, Record<string, unknown>>;
        return { ...details, orderInformation: { ...details.orderInformation, orderStatus } };
      },
    });
  }

  it('moves a paid order to SUCCEEDED', async () => {
    harness = await startHarness({ sandbox: { saveOrderStatus: 'pending' } });
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await createOrder({ purchaseId }, harness.deps);

    const result = await checkOrder({ purchaseId, checks: 3 }, { ...harness.deps, partnerApi: reportingStatus(harness.deps.partnerApi, 'succeed') });

    expect(result).toMatchObject({ status: 'SUCCEEDED', checks: 4, limitReached: false });
    expect(result.record.order?.orderStatus).toBe('succeed');
    expect(result.record.history.map((move) => move.status)).toEqual(['REQUESTED', 'RESOLVED', 'SUBMITTING', 'PENDING_PAYMENT', 'SUCCEEDED']);
  });

  it('moves a cancelled order to FAILED', async () => {
    harness = await startHarness({ sandbox: { saveOrderStatus: 'pending' } });
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await createOrder({ purchaseId }, harness.deps);

    const result = await checkOrder({ purchaseId }, { ...harness.deps, partnerApi: reportingStatus(harness.deps.partnerApi, 'cancelled') });

    expect(result.status).toBe('FAILED');
    expect(result.record.error).toMatchObject({ code: 'OrderFailed' });
  });

  it('returns a final purchase unchanged', async () => {
    harness = await startHarness();
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await createOrder({ purchaseId }, harness.deps);

    const result = await checkOrder({ purchaseId, checks: 1 }, harness.deps);

    expect(result).toMatchObject({ status: 'SUCCEEDED', checks: 1, limitReached: false });
    expect(await harness.requestCount('get')).toBe(0);
  });
});

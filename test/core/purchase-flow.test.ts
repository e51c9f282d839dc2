import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  checkOrder,
  createOrder,
  quote,
  recordPurchase,
  resolveBillingContact,
  resolveItems,
  validateRequest,
} from '../../functions/core/steps/index.js';
import { HOTEL_PMS_SERVICE_ID, TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import { resolvePurchase, startHarness, type Harness } from './harness.js';

const HOTEL_PMS = {
  productNo: TUTORIAL_PRODUCT_NO,
  recipe: 'appliance-hotel-pms',
  billingContactId: TUTORIAL_BILLING_CONTACT_ID,
  poNumber: 'HOTEL-42',
  idempotencyKey: 'crm-order-8812',
};

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

describe('Hotel PMS purchase against the sandbox', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('places one order and records SUCCEEDED', async () => {
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);

    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.status).toBe('SUCCEEDED');
    expect(result.record.order).toMatchObject({ orderStatus: 'succeed', productNo: TUTORIAL_PRODUCT_NO, source: 'save' });
    expect(result.record.order?.orderNo).toMatch(/\S/);
    expect(result.record.saveAttempts).toBe(1);
    expect(result.record.history.map((move) => move.status)).toEqual(['REQUESTED', 'RESOLVED', 'SUBMITTING', 'SUCCEEDED']);
    expect(result.record.resolved).toMatchObject({
      productId: '11',
      operationType: 'purchase_service',
      serviceId: HOTEL_PMS_SERVICE_ID,
      serviceName: 'Hotel PMS Integration',
      billingId: TUTORIAL_BILLING_CONTACT_ID,
    });

    const orders = await harness.orders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ poNumber: 'HOTEL-42', productNo: TUTORIAL_PRODUCT_NO });
  });

  it('sends the tutorial serviceList item', async () => {
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    const record = await harness.deps.store.get(purchaseId);

    expect(record?.resolved?.items).toEqual([
      {
        serviceType: 'service',
        serviceId: HOTEL_PMS_SERVICE_ID,
        name: 'Hotel PMS Integration',
        purchaseType: 'purchase',
        billingModel: 'once',
        billingCycle: 'once',
        multiCycle: 0,
      },
    ]);
  });

  it('uses the purchase id as poNumber when the request has none', async () => {
    const { poNumber: _poNumber, ...request } = HOTEL_PMS;
    const purchaseId = await resolvePurchase(harness.deps, request);

    await createOrder({ purchaseId }, harness.deps);

    const orders = await harness.orders();
    expect(orders[0]?.poNumber).toBe(purchaseId);
  });

  it('replays a finished purchase without a second save', async () => {
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    const first = await createOrder({ purchaseId }, harness.deps);

    const second = await createOrder({ purchaseId }, harness.deps);

    expect(second.record).toEqual(first.record);
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('sends one save for two concurrent invocations', async () => {
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);

    const results = await Promise.allSettled([createOrder({ purchaseId }, harness.deps), createOrder({ purchaseId }, harness.deps)]);

    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const result of rejected) expect((result.reason as Error).name).toBe('SubmissionInProgressError');
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('quotes a dry run without placing an order', async () => {
    const purchaseId = await resolvePurchase(harness.deps, { ...HOTEL_PMS, idempotencyKey: 'dry-1', dryRun: true });

    const result = await quote({ purchaseId }, harness.deps);

    expect(result.status).toBe('QUOTED');
    expect(result.record.quote).toMatchObject({
      billingCycle: 'once',
      order: { operationType: 'purchase_service', productId: '11', billingId: TUTORIAL_BILLING_CONTACT_ID, poNumber: 'HOTEL-42' },
    });
    const prices = result.record.quote?.prices as Array<Record<string, unknown>>;
    expect(prices).toHaveLength(1);
    expect(prices[0]).toMatchObject({ serviceId: HOTEL_PMS_SERVICE_ID });
    expect(result.record.history.map((move) => move.status)).toEqual(['REQUESTED', 'RESOLVED', 'QUOTED']);
    expect(await harness.requestCount('save')).toBe(0);
    expect(await harness.orders()).toHaveLength(0);
  });

  it('quotes a trial without a price query', async () => {
    const purchaseId = await resolvePurchase(harness.deps, { recipe: 'rm-trial', dryRun: true });

    const result = await quote({ purchaseId }, harness.deps);

    expect(result.record.quote?.priceNote).toMatch(/no price/);
    expect(result.record.quote?.order).toMatchObject({ operationType: 'trial_plan', productId: '15' });
    expect(result.record.quote?.order).not.toHaveProperty('billingId');
    expect(await harness.requestCount('my_price_info')).toBe(0);
  });

  it('refuses to order a quoted purchase', async () => {
    const purchaseId = await resolvePurchase(harness.deps, { ...HOTEL_PMS, idempotencyKey: 'dry-2', dryRun: true });
    await quote({ purchaseId }, harness.deps);

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'PurchaseStateError' });
    expect(await harness.requestCount('save')).toBe(0);
  });

  it('records FAILED with the Partner API answer on a rejection', async () => {
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);
    await harness.control('POST', 'faults', {
      route: 'save',
      kind: 'status',
      status: 400,
      times: 1,
      body: {
        code: 'parameter_validation_failed',
        detailMessage: 'productNo is invalid',
        requestId: '7249dc2422a5b3192c06b00fa77d31a2',
        result: { field: 'productNo' },
        status: 400,
      },
    });

    await expect(createOrder({ purchaseId }, harness.deps)).rejects.toMatchObject({ name: 'PartnerApiRejectedError' });

    const record = await harness.deps.store.get(purchaseId);
    expect(record?.status).toBe('FAILED');
    expect(record?.error?.code).toBe('parameter_validation_failed');
    expect(record?.error?.requestId).toBe('7249dc2422a5b3192c06b00fa77d31a2');
    expect(record?.error?.message).toBe('productNo is invalid');
    expect(await harness.orders()).toHaveLength(0);
  });
});

describe('purchase record', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('reports created, resumed, duplicate and conflict', async () => {
    const validated = await validateRequest(HOTEL_PMS);

    const created = await recordPurchase({ ...validated, executionId: 'exec-a' }, harness.deps);
    const resumed = await recordPurchase({ ...validated, executionId: 'exec-a' }, harness.deps);
    const duplicate = await recordPurchase({ ...validated, executionId: 'exec-b' }, harness.deps);
    const other = await validateRequest({ ...HOTEL_PMS, poNumber: 'HOTEL-43' });
    const conflict = await recordPurchase({ ...other, executionId: 'exec-c' }, harness.deps);

    expect(created).toEqual({ purchaseId: 'crm-order-8812', outcome: 'created', status: 'REQUESTED' });
    expect(resumed.outcome).toBe('resumed');
    expect(duplicate.outcome).toBe('duplicate');
    expect(conflict.outcome).toBe('conflict');
  });

  it('stores the normalized request and the poNumber', async () => {
    const validated = await validateRequest({ ...HOTEL_PMS, productNo: ' 3631e0997265 ' });
    await recordPurchase({ ...validated, executionId: 'exec-a' }, harness.deps);

    const record = await harness.deps.store.get('crm-order-8812');
    expect(record).toMatchObject({ status: 'REQUESTED', productNo: TUTORIAL_PRODUCT_NO, poNumber: 'HOTEL-42', saveAttempts: 0, executionId: 'exec-a' });
    expect(record?.request).toEqual(validated.request);
  });

  it('rejects a request hash that does not match the request', async () => {
    const validated = await validateRequest(HOTEL_PMS);
    await expect(recordPurchase({ ...validated, requestHash: '0'.repeat(64) }, harness.deps)).rejects.toMatchObject({
      name: 'InvalidRequestError',
    });
  });
});

describe('billing contact', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  const input = async (request: Record<string, unknown>) => {
    const validated = await validateRequest(request);
    return { purchaseId: validated.purchaseId, request: validated.request };
  };

  it('verifies the given contact', async () => {
    const result = await resolveBillingContact(await input(HOTEL_PMS), harness.deps);
    expect(result).toEqual({ purchaseId: 'crm-order-8812', billingId: TUTORIAL_BILLING_CONTACT_ID, billingContactName: 'Alice Nguyen, Seaside Hotels' });
  });

  it('lists the contacts when the given one does not exist', async () => {
    const promise = resolveBillingContact(await input({ ...HOTEL_PMS, billingContactId: '1' }), harness.deps);
    await expect(promise).rejects.toMatchObject({ name: 'BillingContactNotFoundError' });
    await expect(promise).rejects.toThrow(/Billing contact 1 not found.*3197218168379846218 \(Alice Nguyen, Seaside Hotels\)/);
  });

  it('uses the configured default', async () => {
    const { billingContactId: _id, ...request } = HOTEL_PMS;
    const deps = { ...harness.deps, settings: { defaultBillingContactId: '3197218168379846219' } };
    const result = await resolveBillingContact(await input(request), deps);
    expect(result.billingId).toBe('3197218168379846219');
  });

  it('lists the contacts when several exist and none is chosen', async () => {
    const { billingContactId: _id, ...request } = HOTEL_PMS;
    const promise = resolveBillingContact(await input(request), harness.deps);
    await expect(promise).rejects.toMatchObject({ name: 'BillingContactAmbiguousError' });
    await expect(promise).rejects.toThrow(/3 billing contacts.*3205511742166978560 \(Chloe Martin, Martin Integration\)/);
  });

  it('sends no billing contact for a trial', async () => {
    const result = await resolveBillingContact(await input({ recipe: 'rm-trial' }), harness.deps);
    expect(result).toEqual({ purchaseId: expect.stringMatching(/^p-/) });
    expect(await harness.requestCount('billing_contact_list')).toBe(0);
  });
});

describe('catalogue lookup', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('lists the available names when a name matches nothing', async () => {
    const validated = await validateRequest({ ...HOTEL_PMS, recipe: 'appliance-plan', planName: 'Platinum Plan', billingCycle: 'monthly' });
    const promise = resolveItems({ purchaseId: validated.purchaseId, request: validated.request }, harness.deps);
    await expect(promise).rejects.toMatchObject({ name: 'CatalogueLookupError' });
    await expect(promise).rejects.toThrow(/Standard Plan/);
  });

  it('finds an item by id and fills the catalogue values', async () => {
    const validated = await validateRequest({
      productId: '11',
      operationType: 'purchase_service',
      productNo: TUTORIAL_PRODUCT_NO,
      items: [{ serviceId: HOTEL_PMS_SERVICE_ID }],
      billingContactId: TUTORIAL_BILLING_CONTACT_ID,
    });
    const result = await resolveItems({ purchaseId: validated.purchaseId, request: validated.request }, harness.deps);

    expect(result.serviceName).toBe('Hotel PMS Integration');
    expect(result.items[0]).toMatchObject({ serviceType: 'service', purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 0 });
    expect(result.offeringId).toMatch(/^\d+$/);
    expect(Object.keys(result).sort()).toEqual(['items', 'offeringId', 'operationType', 'productId', 'productNo', 'purchaseId', 'serviceId', 'serviceName']);
  });
});

describe('pending payment', () => {
  beforeEach(async () => {
    harness = await startHarness({ sandbox: { saveOrderStatus: 'pending' }, settings: { maxOrderChecks: 2 } });
  });

  it('records PENDING_PAYMENT and reports the check limit', async () => {
    const purchaseId = await resolvePurchase(harness.deps, HOTEL_PMS);

    const placed = await createOrder({ purchaseId }, harness.deps);
    const first = await checkOrder({ purchaseId }, harness.deps);
    const second = await checkOrder({ purchaseId, checks: first.checks }, harness.deps);

    expect(placed.status).toBe('PENDING_PAYMENT');
    expect(first).toMatchObject({ status: 'PENDING_PAYMENT', checks: 1, limitReached: false });
    expect(second).toMatchObject({ status: 'PENDING_PAYMENT', checks: 2, limitReached: true });
    expect(await harness.orders()).toHaveLength(1);
  });
});

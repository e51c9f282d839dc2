/**
 * A purchase resolved from a stale cached catalogue: the Partner API rejects the old id,
 * the create-order step looks the ids up once more and sends the order again.
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { PartnerApiPort } from '../../functions/core/ports.js';
import { createOrder } from '../../functions/core/steps/index.js';
import { CachedLookups } from '../../functions/partner-api/cached-lookups.js';
import { HOTEL_PMS_SERVICE_ID, TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import { resolvePurchase, startHarness, type Harness } from './harness.js';

/** A service id that the sandbox catalogue does not have, as if the service had been replaced since it was cached. */
const RETIRED_SERVICE_ID = '3131184659391670000';

const HOTEL_PMS = { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', billingContactId: TUTORIAL_BILLING_CONTACT_ID, idempotencyKey: 'stale-1' };

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

/** Wraps the real client so that its first catalogue response carries the retired id. */
function clientWithStaleFirstCatalogue(client: PartnerApiPort): PartnerApiPort {
  let served = 0;
  return {
    getPurchaseProductInfo: async (query) => {
      const info = await client.getPurchaseProductInfo(query);
      served += 1;
      return served === 1 ? JSON.parse(JSON.stringify(info).replaceAll(HOTEL_PMS_SERVICE_ID, RETIRED_SERVICE_ID)) : info;
    },
    getSubscriptionPrice: (query) => client.getSubscriptionPrice(query),
    createOrder: (body) => client.createOrder(body),
    listOrders: (query) => client.listOrders(query),
    getOrderDetails: (id) => client.getOrderDetails(id),
    listBillingContacts: () => client.listBillingContacts(),
  };
}

describe('createOrder with a stale cached id', () => {
  it('looks up again and sends once more', async () => {
    harness = await startHarness();
    const deps = { ...harness.deps, partnerApi: new CachedLookups(clientWithStaleFirstCatalogue(harness.deps.partnerApi)) };
    const purchaseId = await resolvePurchase(deps, HOTEL_PMS);
    expect((await deps.store.get(purchaseId))?.resolved?.serviceId).toBe(RETIRED_SERVICE_ID);

    const result = await createOrder({ purchaseId }, deps);

    expect(result.status).toBe('SUCCEEDED');
    expect(result.record.resolved?.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(result.record.saveAttempts).toBe(2);
    expect(await harness.requestCount('save')).toBe(2);
    expect(await harness.orders()).toHaveLength(1);
  });

  it('fails once when the fresh ids are the same', async () => {
    harness = await startHarness();
    const deps = { ...harness.deps, partnerApi: new CachedLookups(harness.deps.partnerApi) };
    const validId = await resolvePurchase(deps, HOTEL_PMS);
    await harness.control('POST', 'faults', { route: 'save', kind: 'status', status: 400, body: { code: 'parameter_validation_failed', detailMessage: 'billingId is invalid', requestId: 'f'.repeat(32), result: { field: 'billingId' }, status: 400 }, times: 1 });

    await expect(createOrder({ purchaseId: validId }, deps)).rejects.toMatchObject({ name: 'PartnerApiRejectedError' });

    const record = await deps.store.get(validId);
    expect(record?.status).toBe('FAILED');
    expect(record?.saveAttempts).toBe(1);
    expect(await harness.requestCount('save')).toBe(1);
    expect(await harness.requestCount('purchase_product_info')).toBe(2);
    expect(await harness.orders()).toHaveLength(0);
  });
});

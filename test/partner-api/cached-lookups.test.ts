/** Cached catalogue and billing-contact responses, against the sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { resolveBillingContact } from '../../functions/core/steps/resolve-billing-contact.js';
import { CachedLookups } from '../../functions/partner-api/cached-lookups.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import { createTestClient, ManualClock, startTestSandbox, type SandboxControl } from './sandbox-harness.js';

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

function cachedClient(clock = new ManualClock()) {
  const { client } = createTestClient(sandbox.url);
  return { lookups: new CachedLookups(client, { ttlMs: 60_000, clock }), clock };
}

describe('CachedLookups', () => {
  it('reuses a catalogue within its lifetime', async () => {
    const { lookups, clock } = cachedClient();

    const first = await lookups.getPurchaseProductInfo({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });
    const second = await lookups.getPurchaseProductInfo({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });
    clock.advance(60_001);
    await lookups.getPurchaseProductInfo({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });

    expect(second).toBe(first);
    expect(await control.countRequests('purchase_product_info')).toBe(2);
  });

  it('keeps one catalogue per PBX', async () => {
    const { lookups } = cachedClient();

    await lookups.getPurchaseProductInfo({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });
    await lookups.getPurchaseProductInfo({ productId: '11', productNo: '3632F1103348' });

    expect(await control.countRequests('purchase_product_info')).toBe(2);
  });

  it('shares one call among concurrent misses', async () => {
    const { lookups } = cachedClient();

    await Promise.all(Array.from({ length: 10 }, () => lookups.listBillingContacts()));

    expect(await control.countRequests('billing_contact_list')).toBe(1);
  });

  it('does not keep a failed answer', async () => {
    const { lookups } = cachedClient();
    await control.fault({ route: 'billing_contact_list', kind: 'status', status: 400, times: 1 });

    await expect(lookups.listBillingContacts()).rejects.toThrow();
    const contacts = await lookups.listBillingContacts();

    expect(contacts.map((contact) => contact.billingContactId)).toContain(TUTORIAL_BILLING_CONTACT_ID);
    expect(await control.countRequests('billing_contact_list')).toBe(2);
  });

  it('asks again after invalidateLookups', async () => {
    const { lookups } = cachedClient();

    await lookups.listBillingContacts();
    lookups.invalidateLookups();
    await lookups.listBillingContacts();

    expect(await control.countRequests('billing_contact_list')).toBe(2);
  });
});

describe('lookup through a stale cache', () => {
  it('looks a missing contact up once more', async () => {
    const { lookups } = cachedClient();
    const deps = { partnerApi: lookups } as never;
    const request = { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', billingContactId: '1234567890123456789' };

    await resolveBillingContact({ purchaseId: 'warm-up', request: { ...request, billingContactId: TUTORIAL_BILLING_CONTACT_ID } }, deps);
    const failure = resolveBillingContact({ purchaseId: 'p-stale', request }, deps);

    await expect(failure).rejects.toMatchObject({ name: 'BillingContactNotFoundError' });
    expect(await control.countRequests('billing_contact_list')).toBe(2);
  });
});

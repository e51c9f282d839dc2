import type { PurchaseRecord, ResolvedPurchase } from '../purchase.js';
import type { StepDeps } from '../settings.js';
import { resolveBillingContact } from './resolve-billing-contact.js';
import { resolveItems } from './resolve-items.js';
import { withoutUndefined } from './step-input.js';

/**
 * Looks the purchase's items and billing contact up again after the Partner API rejected
 * its order, bypassing cached lookups. Returns the new resolution when an id changed, so
 * the order can be sent once more with it, or `undefined` when the ids are the same (the
 * rejection was not caused by a stale lookup) or the lookup fails.
 *
 * Only a client that caches lookups (`invalidateLookups`) can have sent a stale id.
 */
export async function resolveAfresh(deps: StepDeps, record: PurchaseRecord): Promise<ResolvedPurchase | undefined> {
  const invalidate = deps.partnerApi.invalidateLookups?.bind(deps.partnerApi);
  if (invalidate === undefined || record.resolved === undefined) return undefined;
  invalidate();

  let fresh: ResolvedPurchase;
  try {
    const input = { purchaseId: record.purchaseId, request: record.request };
    const [items, contact] = await Promise.all([resolveItems(input, deps), resolveBillingContact(input, deps)]);
    const { purchaseId: _itemsPurchaseId, ...itemFields } = items;
    fresh = withoutUndefined({ ...itemFields, billingId: contact.billingId, billingContactName: contact.billingContactName });
  } catch {
    // The rejection remains the outcome; the lookup error would only hide the Partner API's reason.
    return undefined;
  }

  return sameIds(fresh, record.resolved) ? undefined : fresh;
}

function sameIds(fresh: ResolvedPurchase, stored: ResolvedPurchase): boolean {
  const ids = (resolved: ResolvedPurchase) =>
    JSON.stringify([resolved.productId, resolved.billingId ?? null, resolved.items.map((item) => [item.serviceId, item.connectionPlanId ?? null])]);
  return ids(fresh) === ids(stored);
}

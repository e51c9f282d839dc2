import * as z from 'zod';

import { PurchaseStateError } from '../errors.js';
import { buildOrderRequest } from '../order-request.js';
import { StatusConflictError } from '../ports.js';
import type { PurchaseRecord, ResolvedPurchase } from '../purchase.js';
import type { StepDeps } from '../settings.js';
import { hasErrorName, loadRecord, parseStepInput, purchaseIdField, withoutUndefined } from './step-input.js';

const inputSchema = z.object({ purchaseId: purchaseIdField });
export type QuoteInput = z.input<typeof inputSchema>;

export interface QuoteOutput {
  purchaseId: string;
  status: 'QUOTED';
  record: PurchaseRecord;
}

/**
 * Records a dry run: the order that would be sent and, when the product has an
 * offering, the partner's price of each item from `my_price_info`. Places no order.
 * A rejected price query is recorded in the quote instead of failing the dry run.
 */
export async function quote(input: QuoteInput, deps: StepDeps): Promise<QuoteOutput> {
  const { purchaseId } = parseStepInput(inputSchema, input, 'quote');

  const record = await loadRecord(deps.store, purchaseId);
  if (record.status === 'QUOTED') return { purchaseId, status: 'QUOTED', record };
  if (record.status !== 'RESOLVED' || record.resolved === undefined) throw new PurchaseStateError(purchaseId, record.status, 'quote');

  const quoteDetails = { order: buildOrderRequest(record), ...(await priceItems(deps, record.resolved, record.request)) };

  try {
    const moved = await deps.store.move(purchaseId, { from: ['RESOLVED'], to: 'QUOTED', set: { quote: quoteDetails }, note: 'dry run' });
    return { purchaseId, status: 'QUOTED', record: moved };
  } catch (error) {
    if (error instanceof StatusConflictError && error.current?.status === 'QUOTED') {
      return { purchaseId, status: 'QUOTED', record: error.current };
    }
    throw error;
  }
}

async function priceItems(deps: StepDeps, resolved: ResolvedPurchase, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const billingCycle = resolved.items[0]?.billingCycle;
  if (resolved.offeringId === undefined || billingCycle === undefined) {
    return { priceNote: 'no price: the product has no offering id or the order has no billing cycle (trial orders)' };
  }

  const query = withoutUndefined({
    productId: resolved.productId,
    billingCycle,
    offeringId: resolved.offeringId,
    partnerId: typeof request.partnerId === 'string' ? request.partnerId : undefined,
  });

  let priceInfo: unknown;
  try {
    priceInfo = await deps.partnerApi.getSubscriptionPrice(query);
  } catch (error) {
    if (!hasErrorName(error, 'PartnerApiRejectedError')) throw error;
    return { billingCycle, priceError: withoutUndefined({ code: error.code ?? error.name, message: error.message, requestId: error.requestId }) };
  }

  const wanted = new Set(resolved.items.map((item) => item.serviceId));
  const prices = listPriceEntries(priceInfo).filter((entry) => wanted.has(String(entry.planId ?? entry.serviceId ?? entry.id ?? '')));
  return { billingCycle, offeringId: resolved.offeringId, prices };
}

/** Lists the plan and service entries of a price result, each reduced to its scalar fields. */
function listPriceEntries(priceInfo: unknown): Record<string, unknown>[] {
  if (priceInfo === null || typeof priceInfo !== 'object') return [];
  const { planList, serviceList } = priceInfo as { planList?: unknown; serviceList?: unknown };
  const entries: Record<string, unknown>[] = [];

  for (const list of [planList, serviceList]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (entry === null || typeof entry !== 'object') continue;
      entries.push(scalarFields(entry as Record<string, unknown>));
      const nested = (entry as { serviceList?: unknown }).serviceList;
      if (Array.isArray(nested)) entries.push(...nested.filter((item) => item !== null && typeof item === 'object').map(scalarFields));
    }
  }
  return entries;
}

function scalarFields(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value)));
}

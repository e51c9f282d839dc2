import * as z from 'zod';

import { PurchaseStateError } from '../errors.js';
import { purchaseStatusFor, recordOrder } from '../order-outcome.js';
import type { PurchaseRecord, PurchaseStatus } from '../purchase.js';
import { resolveSettings, type StepDeps } from '../settings.js';
import { loadRecord, parseStepInput, purchaseIdField } from './step-input.js';

const inputSchema = z.object({
  purchaseId: purchaseIdField,
  /** Checks made so far; the state machine passes back the previous output's `checks`. */
  checks: z.number().int().min(0).default(0),
});
export type CheckOrderInput = z.input<typeof inputSchema>;

export interface CheckOrderOutput {
  purchaseId: string;
  status: PurchaseStatus;
  record: PurchaseRecord;
  checks: number;
  /** True when the order is still pending after `maxOrderChecks` checks; stop waiting then. */
  limitReached: boolean;
}

/**
 * Follows a PENDING_PAYMENT order with the order details until it is final: `succeed`
 * moves the purchase to SUCCEEDED; failed, invalid and cancelled move it to FAILED.
 * A purchase that is already final is returned unchanged.
 */
export async function checkOrder(input: CheckOrderInput, deps: StepDeps): Promise<CheckOrderOutput> {
  const { purchaseId, checks: previousChecks } = parseStepInput(inputSchema, input, 'checkOrder');
  const settings = resolveSettings(deps.settings);

  const record = await loadRecord(deps.store, purchaseId);
  if (record.status === 'SUCCEEDED' || record.status === 'FAILED') {
    return { purchaseId, status: record.status, record, checks: previousChecks, limitReached: false };
  }
  if (record.status !== 'PENDING_PAYMENT' || record.order === undefined) throw new PurchaseStateError(purchaseId, record.status, 'checkOrder');

  const checks = previousChecks + 1;
  const details = await deps.partnerApi.getOrderDetails(record.order.orderId ?? record.order.orderNo);
  const orderStatus = readOrderStatus(details);

  if (orderStatus === undefined || purchaseStatusFor(orderStatus) === 'PENDING_PAYMENT') {
    return { purchaseId, status: record.status, record, checks, limitReached: checks >= settings.maxOrderChecks };
  }

  const order = { ...record.order, orderStatus };
  const updated = await recordOrder(deps.store, purchaseId, ['PENDING_PAYMENT'], order, `order ${orderStatus} (check ${checks})`);
  return { purchaseId, status: updated.status, record: updated, checks, limitReached: false };
}

/** Reads `orderStatus` from order details: `orderInformation.orderStatus`, or a top-level `orderStatus`. */
function readOrderStatus(details: unknown): string | undefined {
  if (details === null || typeof details !== 'object') return undefined;
  const { orderInformation, orderStatus } = details as { orderInformation?: unknown; orderStatus?: unknown };
  if (orderInformation !== null && typeof orderInformation === 'object') {
    const nested = (orderInformation as { orderStatus?: unknown }).orderStatus;
    if (typeof nested === 'string' && nested !== '') return nested;
  }
  return typeof orderStatus === 'string' && orderStatus !== '' ? orderStatus : undefined;
}

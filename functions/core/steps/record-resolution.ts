import * as z from 'zod';

import { StatusConflictError } from '../ports.js';
import type { PurchaseStatus, ResolvedPurchase } from '../purchase.js';
import { idField } from '../request-fields.js';
import type { StepDeps } from '../settings.js';
import { PurchaseNotFoundError } from '../errors.js';
import { parseStepInput, purchaseIdField, withoutUndefined } from './step-input.js';

const resolvedItemSchema = z.object({
  serviceType: z.enum(['plan', 'service']),
  serviceId: idField,
  name: z.string().min(1).max(256),
  purchaseType: z.string().min(1).max(32),
  billingModel: z.string().min(1).max(32).optional(),
  billingCycle: z.string().min(1).max(32).optional(),
  multiCycle: z.number().int().min(0).optional(),
  quantity: z.number().int().min(1).optional(),
  connectionPlanId: idField.optional(),
});

/** The merged outputs of resolveItems and resolveBillingContact. */
const resolvedSchema = z.object({
  productId: idField,
  productNo: z.string().min(1).max(64).optional(),
  operationType: z.string().min(1).max(32),
  offeringId: z.string().min(1).max(64).optional(),
  serviceId: idField,
  serviceName: z.string().min(1).max(256),
  billingId: idField.optional(),
  billingContactName: z.string().max(512).optional(),
  items: z.array(resolvedItemSchema).min(1).max(20),
});

const inputSchema = z.object({
  purchaseId: purchaseIdField,
  /** One object, or the array of branch outputs of the Parallel state. */
  resolved: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]),
});
export type RecordResolutionInput = z.input<typeof inputSchema>;

export interface RecordResolutionOutput {
  purchaseId: string;
  status: PurchaseStatus;
}

/**
 * Stores the resolved ids on the record and moves it from REQUESTED to RESOLVED. A
 * repeated call after the move returns the stored status unchanged.
 */
export async function recordResolution(input: RecordResolutionInput, deps: StepDeps): Promise<RecordResolutionOutput> {
  const { purchaseId, resolved } = parseStepInput(inputSchema, input, 'recordResolution');
  const merged = Array.isArray(resolved) ? Object.assign({}, ...resolved) : resolved;
  const purchase: ResolvedPurchase = withoutUndefined(parseStepInput(resolvedSchema, stripPurchaseId(merged), 'recordResolution'));

  // One conditional write, no read first: a repeated call finds the purchase moved on.
  try {
    const moved = await deps.store.move(purchaseId, { from: ['REQUESTED'], to: 'RESOLVED', set: { resolved: purchase } });
    return { purchaseId, status: moved.status };
  } catch (error) {
    if (!(error instanceof StatusConflictError)) throw error;
    if (error.current === undefined) throw new PurchaseNotFoundError(purchaseId);
    return { purchaseId, status: error.current.status };
  }
}

function stripPurchaseId(value: Record<string, unknown>): Record<string, unknown> {
  const { purchaseId: _purchaseId, ...rest } = value;
  return rest;
}

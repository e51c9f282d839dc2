/**
 * Places an order synchronously from a request whose ids are already resolved, with the
 * purchase steps that the workflow runs: record, resolve, record the resolution, create
 * the order. The purchase id is the caller's idempotency key, so a repeated request
 * replays the stored outcome instead of ordering twice.
 */
import { InvalidRequestError, PurchaseConflictError } from '../core/errors.js';
import type { RequestIssue } from '../core/errors.js';
import type { PurchaseRecord } from '../core/purchase.js';
import type { StepDeps } from '../core/settings.js';
import { createOrder, recordFailure, recordPurchase, recordResolution, resolveBillingContact, resolveItems, validateRequest } from '../core/steps/index.js';

/** Errors of the resolve steps that a retry of the same request cannot fix. */
const FINAL_RESOLUTION_ERRORS = new Set(['CatalogueLookupError', 'BillingContactNotFoundError', 'BillingContactAmbiguousError', 'InvalidRequestError']);

export interface PlacedOrderResult {
  /** Whether this call ran the order, or found an earlier outcome of the same request. */
  replayed: boolean;
  record: PurchaseRecord;
}

/**
 * Runs the order steps for `body` (a purchase request with `idempotencyKey`). Throws
 * `InvalidRequestError` when an id is not given explicitly, `PurchaseConflictError` when
 * the key was used for another request, and the step errors otherwise.
 */
export async function placeOrderWithResolvedIds(body: unknown, deps: StepDeps): Promise<PlacedOrderResult> {
  const { purchaseId, requestHash, request } = await validateRequest(body, deps);
  requireResolvedIds(request);

  const recorded = await recordPurchase({ purchaseId, requestHash, request }, deps);
  if (recorded.outcome === 'conflict') {
    throw new PurchaseConflictError(purchaseId);
  }

  if (recorded.status === 'REQUESTED') {
    await resolve(purchaseId, request, deps);
  }

  const current = await deps.store.get(purchaseId);
  if (current?.status === 'RESOLVED' || current?.status === 'SUBMITTING') {
    const output = await createOrder({ purchaseId }, deps);
    return { replayed: false, record: output.record };
  }
  return { replayed: recorded.outcome !== 'created', record: current! };
}

async function resolve(purchaseId: string, request: Record<string, unknown>, deps: StepDeps): Promise<void> {
  try {
    const [items, billing] = await Promise.all([
      resolveItems({ purchaseId, request }, deps),
      resolveBillingContact({ purchaseId, request }, deps),
    ]);
    await recordResolution({ purchaseId, resolved: [{ ...items }, { ...billing }] as Record<string, unknown>[] }, deps);
  } catch (error) {
    // A final failure is recorded, so a repeated request replays it. A transient failure
    // leaves the purchase REQUESTED, so a repeated request resolves it again.
    if (error instanceof Error && FINAL_RESOLUTION_ERRORS.has(error.name)) {
      await recordFailure({ purchaseId, error: { Error: error.name, Cause: error.message } }, deps);
    }
    throw error;
  }
}

function requireResolvedIds(request: Record<string, unknown>): void {
  const issues: RequestIssue[] = [];
  if (request.dryRun === true) {
    issues.push({ field: 'dryRun', message: 'must be false: POST /purchases runs dry runs' });
  }
  if (request.productId === undefined) {
    issues.push({ field: 'productId', message: 'is required: give the Yeastar product id' });
  }
  if (request.billingContactId === undefined) {
    issues.push({ field: 'billingContactId', message: 'is required: give the billing contact id from GET /billing-contacts' });
  }
  const items = Array.isArray(request.items) ? (request.items as Record<string, unknown>[]) : [];
  if (items.length === 0) {
    issues.push({ field: 'items', message: 'is required: list each plan or service with its serviceId' });
  }
  items.forEach((item, index) => {
    if (item.serviceId === undefined) {
      issues.push({ field: `items[${index}].serviceId`, message: 'is required: give the id from GET /catalog/{productId}' });
    }
  });
  if (issues.length > 0) {
    throw new InvalidRequestError(issues);
  }
}

import * as z from 'zod';

import { OrderFailedError, PurchaseNotFoundError, PurchaseStateError, SaveAttemptsExhaustedError, SubmissionInProgressError } from '../errors.js';
import { findOrderInList } from '../order-lookup.js';
import { recordOrder } from '../order-outcome.js';
import { buildOrderRequest } from '../order-request.js';
import { StatusConflictError } from '../ports.js';
import type { PlacedOrder, PurchaseRecord, ResolvedPurchase } from '../purchase.js';
import { isoTime, resolveSettings, type PurchaseSettings, type StepDeps } from '../settings.js';
import { resolveAfresh } from './fresh-resolution.js';
import { hasErrorName, parseStepInput, purchaseIdField, withoutUndefined } from './step-input.js';

const inputSchema = z.object({ purchaseId: purchaseIdField });
export type CreateOrderInput = z.input<typeof inputSchema>;

export interface CreateOrderOutput {
  purchaseId: string;
  status: 'SUCCEEDED' | 'PENDING_PAYMENT';
  record: PurchaseRecord;
}

/**
 * Places the order of a RESOLVED purchase exactly once.
 *
 * The record moves to SUBMITTING before `save`, and each `save` attempt is claimed in the
 * store first, so two invocations never send the same attempt. When an attempt's outcome
 * is unknown (a lost response, or an earlier invocation that stopped after its claim),
 * the order list is read first and a found order is recorded. `save` is sent again only
 * when the list still shows no order `submissionLeaseMs` after the previous attempt
 * started, at most `maxSaveAttempts` times in all. The wait covers an attempt still in
 * flight in another invocation and an order list that shows a new order late.
 *
 * A rejected `save` proves there is no order: the ids are then looked up once more
 * without the lookup cache, and `save` is sent again only when one of them changed.
 *
 * Returns SUCCEEDED and PENDING_PAYMENT purchases unchanged. Throws
 * `ReconciliationPendingError` when the order list cannot settle the outcome and
 * `SubmissionInProgressError` while another invocation may still be sending. After
 * recording FAILED it throws the client's `PartnerApiRejectedError` (or
 * `PartnerApiInvalidRequestError`, when nothing was sent), `SaveAttemptsExhaustedError`,
 * or `OrderFailedError` for an order whose `orderStatus` is failed, invalid or cancelled.
 */
export async function createOrder(input: CreateOrderInput, deps: StepDeps): Promise<CreateOrderOutput> {
  const { purchaseId } = parseStepInput(inputSchema, input, 'createOrder');
  const settings = resolveSettings(deps.settings);

  // The move to SUBMITTING claims the first attempt in the same conditional write. It is
  // tried before any read: a purchase that moved on already comes back with the conflict.
  let { record, claimedByMove } = await startSubmission(deps, purchaseId);
  if (record.status !== 'SUBMITTING') return settled(record, 'createOrder');

  // What the latest unanswered `save` of this invocation returned, for the FAILED record.
  let lastSaveFailure: string | undefined;
  // Ids looked up afresh after a rejected `save`; the rejection proved there is no order.
  let freshResolution: ResolvedPurchase | undefined;
  let lookedUpAfresh = false;

  for (;;) {
    if (record.saveAttempts > 0 && freshResolution === undefined && !claimedByMove) {
      const found = await findOrderInList(deps.partnerApi, record, settings);
      if (found !== undefined) {
        return settled(await recordOrder(deps.store, purchaseId, ['SUBMITTING'], found, 'order found in the order list'), 'createOrder');
      }
      // An empty list is not proof yet: the attempt may still be in flight, or its order
      // not listed yet, until the lease ends.
      if (withinLease(record, settings, deps.clock.now())) {
        throw new SubmissionInProgressError(purchaseId);
      }
      if (record.saveAttempts >= settings.maxSaveAttempts) {
        await recordExhausted(deps, record, lastSaveFailure);
        throw new SaveAttemptsExhaustedError(purchaseId, record.saveAttempts);
      }
    }

    if (!claimedByMove) record = await claimAttempt(deps, record, freshResolution);
    claimedByMove = false;
    freshResolution = undefined;
    if (record.status !== 'SUBMITTING') return settled(record, 'createOrder');

    try {
      const confirmation = await deps.partnerApi.createOrder(buildOrderRequest(record));
      const order: PlacedOrder = withoutUndefined({ ...confirmation, source: 'save' as const });
      return settled(await recordOrder(deps.store, purchaseId, ['SUBMITTING'], order, `save attempt ${record.saveAttempts}`), 'createOrder');
    } catch (error) {
      // The request may have created an order: the next pass reads the order list first.
      if (hasErrorName(error, 'PartnerApiOutcomeUnknownError')) {
        lastSaveFailure = (error as Error).message;
        continue;
      }
      // A rejection proves there is no order. The ids may come from a cached catalogue or
      // contact list, so they are looked up once more, and the order is sent again only
      // when an id changed.
      if (hasErrorName(error, 'PartnerApiRejectedError') && !lookedUpAfresh && record.saveAttempts < settings.maxSaveAttempts) {
        lookedUpAfresh = true;
        freshResolution = await resolveAfresh(deps, record);
        if (freshResolution !== undefined) continue;
      }
      if (hasErrorName(error, 'PartnerApiRejectedError') || hasErrorName(error, 'PartnerApiInvalidRequestError')) {
        await recordRejection(deps, purchaseId, error);
      }
      // A throttled or unavailable `save` was not processed, because the client reports a
      // request that may have arrived as an unknown outcome instead. So the attempt is taken
      // back, and the retry of this step sends at once instead of waiting out the lease.
      if (hasErrorName(error, 'PartnerApiThrottledError') || hasErrorName(error, 'PartnerApiUnavailableError')) {
        await releaseAttempt(deps, record);
      }
      // Any other error also means the request was not processed. A retry of this step
      // reads the order list before it sends again.
      throw error;
    }
  }
}

/** Returns a placed purchase, or throws for one that failed or never reached `save`. */
function settled(record: PurchaseRecord, step: string): CreateOrderOutput {
  if (record.status === 'SUCCEEDED' || record.status === 'PENDING_PAYMENT') {
    return { purchaseId: record.purchaseId, status: record.status, record };
  }
  if (record.status === 'FAILED' && record.error?.code === 'OrderFailed' && record.order !== undefined) {
    throw new OrderFailedError(record.purchaseId, record.order.orderNo, record.order.orderStatus);
  }
  throw new PurchaseStateError(record.purchaseId, record.status, step);
}

/**
 * Moves a RESOLVED purchase to SUBMITTING with its first `save` attempt claimed. A
 * RESOLVED purchase has sent nothing, so the move's condition also guards the claim.
 */
async function startSubmission(deps: StepDeps, purchaseId: string): Promise<{ record: PurchaseRecord; claimedByMove: boolean }> {
  try {
    const moved = await deps.store.move(purchaseId, {
      from: ['RESOLVED'],
      to: 'SUBMITTING',
      set: { saveAttempts: 1, submittedAt: isoTime(deps.clock) },
      note: 'sending the order',
    });
    return { record: moved, claimedByMove: true };
  } catch (error) {
    if (!(error instanceof StatusConflictError)) throw error;
    if (error.current === undefined) throw new PurchaseNotFoundError(purchaseId);
    return { record: error.current, claimedByMove: false };
  }
}

async function claimAttempt(deps: StepDeps, record: PurchaseRecord, resolved?: ResolvedPurchase): Promise<PurchaseRecord> {
  try {
    return await deps.store.claimSaveAttempt(record.purchaseId, record.saveAttempts, isoTime(deps.clock), resolved);
  } catch (error) {
    if (!(error instanceof StatusConflictError)) throw error;
    // Another invocation finished the purchase first: return its outcome.
    if (error.current !== undefined && error.current.status !== 'SUBMITTING') return error.current;
    throw new SubmissionInProgressError(record.purchaseId);
  }
}

async function releaseAttempt(deps: StepDeps, record: PurchaseRecord): Promise<void> {
  try {
    await deps.store.releaseSaveAttempt(record.purchaseId, record.saveAttempts);
  } catch (error) {
    // Another invocation moved on first; the attempt then keeps counting, which is safe.
    if (!(error instanceof StatusConflictError)) throw error;
  }
}

function withinLease(record: PurchaseRecord, settings: PurchaseSettings, now: number): boolean {
  if (record.submittedAt === undefined) return false;
  return now - Date.parse(record.submittedAt) < settings.submissionLeaseMs;
}

async function recordRejection(deps: StepDeps, purchaseId: string, error: Error & Record<string, unknown>): Promise<void> {
  const detailMessage = typeof error.detailMessage === 'string' && error.detailMessage !== '' ? error.detailMessage : error.message;
  await moveToFailed(deps, purchaseId, {
    error: withoutUndefined({
      code: typeof error.code === 'string' && error.code !== '' ? error.code : error.name,
      message: detailMessage,
      requestId: typeof error.requestId === 'string' ? error.requestId : undefined,
      httpStatus: typeof error.httpStatus === 'number' ? error.httpStatus : undefined,
    }),
  }, 'the Partner API rejected the order');
}

async function recordExhausted(deps: StepDeps, record: PurchaseRecord, lastSaveFailure: string | undefined): Promise<void> {
  const lastAnswer = lastSaveFailure === undefined ? '' : `; the last save failed: ${lastSaveFailure}`;
  await moveToFailed(deps, record.purchaseId, {
    error: {
      code: 'SaveAttemptsExhausted',
      message: `${record.saveAttempts} save attempts created no order; the order list shows none with customReferenceNo "${record.poNumber}"${lastAnswer}`,
    },
  }, 'no order after every save attempt');
}

async function moveToFailed(deps: StepDeps, purchaseId: string, set: Pick<PurchaseRecord, 'error'>, note: string): Promise<void> {
  try {
    await deps.store.move(purchaseId, { from: ['SUBMITTING'], to: 'FAILED', set, note });
  } catch (error) {
    // Another invocation recorded an outcome first, so that outcome is kept.
    if (!(error instanceof StatusConflictError)) throw error;
  }
}

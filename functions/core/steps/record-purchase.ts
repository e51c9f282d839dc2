import * as z from 'zod';

import { InvalidRequestError, PurchaseConflictError } from '../errors.js';
import type { PurchaseRecord, PurchaseStatus } from '../purchase.js';
import { computePurchaseId, parsePurchaseRequest } from '../request.js';
import { isoTime, type StepDeps } from '../settings.js';
import { parseStepInput, purchaseIdField, withoutUndefined } from './step-input.js';

const inputSchema = z.object({
  purchaseId: purchaseIdField,
  requestHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be the 64 hex characters validateRequest returned' }),
  request: z.unknown(),
  /** The Step Functions execution id (`$$.Execution.Id`). */
  executionId: z.string().min(1).max(2048).optional(),
});

export type RecordPurchaseInput = z.input<typeof inputSchema>;

/**
 * `created`: a new record. `resumed`: the record exists and this execution created it (a
 * retried task). `duplicate`: another execution created it with the same request.
 * `conflict`: the purchase id exists with a different request.
 */
export type RecordOutcome = 'created' | 'resumed' | 'duplicate' | 'conflict';

export interface RecordPurchaseOutput {
  purchaseId: string;
  outcome: RecordOutcome;
  status: PurchaseStatus;
}

/**
 * Stores a new purchase record in status REQUESTED. When a record with the same purchase
 * id exists, reports how it relates to this request instead.
 */
export async function recordPurchase(input: RecordPurchaseInput, deps: StepDeps): Promise<RecordPurchaseOutput> {
  const { purchaseId, requestHash, request: rawRequest, executionId } = parseStepInput(inputSchema, input, 'recordPurchase');

  const request = parsePurchaseRequest(rawRequest);
  const computed = computePurchaseId(request);
  if (computed.purchaseId !== purchaseId || computed.requestHash !== requestHash) {
    throw new InvalidRequestError([
      { field: 'requestHash', message: 'does not match the request; pass purchaseId, requestHash and request as validateRequest returned them' },
    ]);
  }

  const at = isoTime(deps.clock);
  const record: PurchaseRecord = withoutUndefined({
    purchaseId,
    requestHash,
    status: 'REQUESTED' as const,
    executionId,
    request,
    productNo: request.productNo,
    poNumber: request.poNumber ?? purchaseId,
    saveAttempts: 0,
    history: [withoutUndefined({ status: 'REQUESTED' as const, at, note: executionId === undefined ? undefined : `execution ${executionId}` })],
    createdAt: at,
    updatedAt: at,
  });

  const stored = await deps.store.create(record);
  return { purchaseId, outcome: classify(stored, requestHash, executionId), status: stored.record.status };
}

function classify(stored: { created: boolean; record: PurchaseRecord }, requestHash: string, executionId: string | undefined): RecordOutcome {
  if (stored.created) return 'created';
  if (stored.record.requestHash !== requestHash) return 'conflict';
  if (executionId !== undefined && stored.record.executionId === executionId) return 'resumed';
  return 'duplicate';
}

/** Throws `PurchaseConflictError` when a stored record was made from a different request. */
export function assertSameRequest(record: PurchaseRecord, requestHash: string): void {
  if (record.requestHash !== requestHash) throw new PurchaseConflictError(record.purchaseId);
}

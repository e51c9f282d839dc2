import { computePurchaseId, parsePurchaseRequest, type PurchaseRequest } from '../request.js';
import type { StepDeps } from '../settings.js';

export interface ValidatedRequest {
  purchaseId: string;
  requestHash: string;
  request: PurchaseRequest;
}

/**
 * Validates and normalizes a purchase request and computes its purchase id and hash.
 * Throws `InvalidRequestError`.
 */
export async function validateRequest(raw: unknown, _deps?: StepDeps): Promise<ValidatedRequest> {
  const request = parsePurchaseRequest(raw);
  const { purchaseId, requestHash } = computePurchaseId(request);
  return { purchaseId, requestHash, request };
}

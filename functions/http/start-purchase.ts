/**
 * POST /purchases: validates the purchase request and starts its workflow.
 * 202 with the purchase id and a status link; 200 with the record when the purchase has
 * already finished; 400 invalid request; 409 same purchase id with a different request.
 */
import { purchaseStarter, purchaseStore } from '../aws/dependencies.js';
import { logger } from '../aws/observability.js';
import { PurchaseConflictError } from '../core/errors.js';
import type { PurchaseStore } from '../core/ports.js';
import { FINAL_STATUSES } from '../core/purchase.js';
import { computePurchaseId, parsePurchaseRequest } from '../core/request.js';
import { HttpError } from './http-errors.js';
import { createHttpHandler, resolveDeps } from './http-handler.js';
import type { DepsSource } from './http-handler.js';
import { header, readJsonBody } from './http-request.js';
import type { PurchaseStarter } from './ports.js';

export interface StartPurchaseDeps {
  store: PurchaseStore;
  starter: PurchaseStarter;
}

/** Returns the path of a purchase's status resource. */
export function purchaseLink(purchaseId: string): string {
  return `/purchases/${encodeURIComponent(purchaseId)}`;
}

export function createStartPurchaseHandler(depsSource: DepsSource<StartPurchaseDeps>) {
  return createHttpHandler('start-purchase', async (event) => {
    const body = withIdempotencyKeyHeader(readJsonBody(event), header(event, 'idempotency-key'));
    const request = parsePurchaseRequest(body);
    const { purchaseId, requestHash } = computePurchaseId(request);
    logger.appendKeys({ purchaseId });
    const deps = await resolveDeps(depsSource);

    const existing = await deps.store.get(purchaseId);
    if (existing !== undefined && existing.requestHash !== requestHash) {
      throw new PurchaseConflictError(purchaseId);
    }
    if (existing !== undefined && FINAL_STATUSES.includes(existing.status)) {
      return { statusCode: 200, body: { purchaseId, status: existing.status, purchase: existing, links: { self: purchaseLink(purchaseId) } } };
    }

    const started = await deps.starter.start({ purchaseId, requestHash, request });
    logger.info('Purchase accepted', { outcome: started.outcome, executionArn: started.executionArn });
    return {
      statusCode: 202,
      headers: { location: purchaseLink(purchaseId) },
      body: { purchaseId, status: existing?.status ?? 'REQUESTED', outcome: started.outcome, links: { self: purchaseLink(purchaseId) } },
    };
  });
}

/**
 * Uses the `Idempotency-Key` header as `idempotencyKey` when the body has none. A header
 * that differs from the body's key is rejected, because it would name another purchase.
 */
function withIdempotencyKeyHeader(body: unknown, headerKey: string | undefined): unknown {
  if (headerKey === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    return body;
  }
  const bodyKey = (body as Record<string, unknown>).idempotencyKey;
  if (bodyKey === undefined) {
    return { ...(body as Record<string, unknown>), idempotencyKey: headerKey };
  }
  if (bodyKey !== headerKey) {
    throw new HttpError(400, 'invalid_request', 'The Idempotency-Key header and the body idempotencyKey differ: send one of them, or the same value in both', {
      issues: [{ field: 'idempotencyKey', message: 'differs from the Idempotency-Key header' }],
    });
  }
  return body;
}

export const handler = createStartPurchaseHandler(() => ({ store: purchaseStore(), starter: purchaseStarter() }));

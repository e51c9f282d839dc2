/**
 * POST /orders: places an order from resolved ids, synchronously. The `Idempotency-Key`
 * header is required and becomes the purchase id. 201 with the record when the order
 * succeeded, 202 when it waits for payment, 200 when the key replays an earlier outcome.
 */
import { stepDeps } from '../aws/dependencies.js';
import { logger } from '../aws/observability.js';
import type { StepDeps } from '../core/settings.js';
import { HttpError } from './http-errors.js';
import { createHttpHandler, resolveDeps } from './http-handler.js';
import type { DepsSource } from './http-handler.js';
import { header, readJsonBody, requireParameter } from './http-request.js';
import { placeOrderWithResolvedIds } from './order-flow.js';
import { purchaseLink } from './start-purchase.js';

export function createCreateOrderHandler(depsSource: DepsSource<StepDeps>) {
  return createHttpHandler('create-order', async (event) => {
    const idempotencyKey = requireParameter(
      header(event, 'idempotency-key'),
      'Idempotency-Key',
      /^[A-Za-z0-9_-]{1,64}$/,
      'send an Idempotency-Key header of 1 to 64 characters of A-Z, a-z, 0-9, "_" and "-"',
    );
    const body = readJsonBody(event);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(400, 'invalid_request', 'Request body must be a JSON object', { issues: [{ field: '(request)', message: 'must be a JSON object' }] });
    }
    if ('idempotencyKey' in body && (body as Record<string, unknown>).idempotencyKey !== idempotencyKey) {
      throw new HttpError(400, 'invalid_request', 'The body idempotencyKey differs from the Idempotency-Key header: leave it out or send the same value', {
        issues: [{ field: 'idempotencyKey', message: 'differs from the Idempotency-Key header' }],
      });
    }
    logger.appendKeys({ purchaseId: idempotencyKey });
    const deps = await resolveDeps(depsSource);

    const { replayed, record } = await placeOrderWithResolvedIds({ ...body, idempotencyKey }, deps);
    let statusCode = 201;
    if (replayed) {
      statusCode = 200;
    } else if (record.status === 'PENDING_PAYMENT') {
      statusCode = 202;
    }
    return {
      statusCode,
      headers: { location: purchaseLink(record.purchaseId) },
      body: { purchaseId: record.purchaseId, status: record.status, purchase: record, links: { self: purchaseLink(record.purchaseId) } },
    };
  });
}

export const handler = createCreateOrderHandler(stepDeps);

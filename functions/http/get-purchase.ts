/** GET /purchases/{purchaseId}: the purchase record, or 404. */
import { purchaseStore } from '../aws/dependencies.js';
import { logger } from '../aws/observability.js';
import { PurchaseNotFoundError } from '../core/errors.js';
import type { PurchaseStore } from '../core/ports.js';
import { createHttpHandler, resolveDeps } from './http-handler.js';
import type { DepsSource } from './http-handler.js';
import { requireParameter } from './http-request.js';

/** A purchase id: an idempotency key or `p-` and 32 hex characters. */
export const PURCHASE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function createGetPurchaseHandler(depsSource: DepsSource<{ store: PurchaseStore }>) {
  return createHttpHandler('get-purchase', async (event) => {
    const purchaseId = requireParameter(
      event.pathParameters?.purchaseId,
      'purchaseId',
      PURCHASE_ID_PATTERN,
      'must be 1 to 64 characters of A-Z, a-z, 0-9, "_" and "-"',
    );
    logger.appendKeys({ purchaseId });
    const { store } = await resolveDeps(depsSource);

    const record = await store.get(purchaseId);
    if (record === undefined) {
      throw new PurchaseNotFoundError(purchaseId);
    }
    return { statusCode: 200, body: { purchase: record } };
  });
}

export const handler = createGetPurchaseHandler(() => ({ store: purchaseStore() }));

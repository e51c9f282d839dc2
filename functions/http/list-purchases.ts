/** GET /purchases?productNo=SN[&limit=N]: the purchases of one PBX, newest first. */
import { purchaseStore } from '../aws/dependencies.js';
import type { PurchaseStore } from '../core/ports.js';
import { createHttpHandler, resolveDeps } from './http-handler.js';
import type { DepsSource } from './http-handler.js';
import { requireParameter } from './http-request.js';

const MAX_LIMIT = 100;

export function createListPurchasesHandler(depsSource: DepsSource<{ store: PurchaseStore }>) {
  return createHttpHandler('list-purchases', async (event) => {
    const query = event.queryStringParameters ?? {};
    // Serial numbers are stored upper-case, as the purchase request normalizes them.
    const productNo = requireParameter(
      query.productNo?.trim().toUpperCase(),
      'productNo',
      /^[A-Z0-9][A-Z0-9._-]{0,63}$/,
      'must be the PBX serial number (SN), such as 3631E0997265',
    );
    const limit = Number(
      requireParameter(query.limit ?? '50', 'limit', /^(?:[1-9]\d?|100)$/, `must be an integer from 1 to ${MAX_LIMIT}`),
    );
    const { store } = await resolveDeps(depsSource);

    const purchases = await store.listByProductNo(productNo, limit);
    return { statusCode: 200, body: { productNo, purchases } };
  });
}

export const handler = createListPurchasesHandler(() => ({ store: purchaseStore() }));

/** GET /catalog/{productId}?productNo=SN: the plans and services a product offers. */
import { partnerApiClient } from '../aws/dependencies.js';
import type { PartnerApiPort } from '../core/ports.js';
import { listCatalogueEntries } from '../partner-api/catalogue.js';
import { createHttpHandler, resolveDeps } from './http-handler.js';
import type { DepsSource } from './http-handler.js';
import { requireParameter } from './http-request.js';

export function createGetCatalogHandler(depsSource: DepsSource<{ partnerApi: Pick<PartnerApiPort, 'getPurchaseProductInfo'> }>) {
  return createHttpHandler('get-catalog', async (event) => {
    const productId = requireParameter(event.pathParameters?.productId, 'productId', /^\d{1,19}$/, 'must be a decimal Yeastar product id, such as 11');
    const rawProductNo = event.queryStringParameters?.productNo;
    const productNo =
      rawProductNo === undefined
        ? undefined
        : requireParameter(rawProductNo.trim().toUpperCase(), 'productNo', /^[A-Z0-9][A-Z0-9._-]{0,63}$/, 'must be the PBX serial number (SN)');
    const { partnerApi } = await resolveDeps(depsSource);

    const info = await partnerApi.getPurchaseProductInfo(productNo === undefined ? { productId } : { productId, productNo });
    return { statusCode: 200, body: { productId, productNo, items: listCatalogueEntries(info) } };
  });
}

export const handler = createGetCatalogHandler(() => ({ partnerApi: partnerApiClient() }));

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { get, login, USER_AGENT } from './support.js';

const PRICING = '/pricing/openapi/purchase/v1';
const PSE_PLAN = '3048563941501911040';
const PSE_EXTENSIONS = '3048565411039723520';

/** Every authenticated GET route with a valid query. */
const READ_ROUTES = [
  `${PRICING}/product_list`,
  `${PRICING}/purchase_product_info?productId=13`,
  `${PRICING}/trial/plan_info/${PSE_PLAN}?productId=12`,
  `${PRICING}/purchase/plan_info/${PSE_PLAN}?productId=12`,
  `${PRICING}/renew/plan_info/${PSE_PLAN}?productId=12&productNo=5070C0021101`,
  `${PRICING}/trial/add_on_info/${PSE_EXTENSIONS}?productId=12`,
  `${PRICING}/purchase/add_on_info/${PSE_EXTENSIONS}?productId=12&connectionPlanId=${PSE_PLAN}`,
  `${PRICING}/renew/add_on_info/${PSE_EXTENSIONS}?productId=12&productNo=5070C0021101`,
  `${PRICING}/my_price_info?productId=12&billingCycle=annually&offeringId=3048563310417723392`,
  '/order/openapi/order/v1/page',
  '/product/openapi/instance_product/v1/client/instance_product_list?productId=11',
  '/product/openapi/instance_product/v1/detail?productId=11&productNo=3631E0997265',
  '/product/openapi/instance/v1/region_list',
  '/user/openapi/user/v1/client/billing_contact_list',
  '/user/openapi/user/v1/client/partner_list',
];

describe('sandbox read routes', () => {
  let sandbox: RunningSandbox;
  let headers: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    headers = await login(sandbox.url);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it.each(READ_ROUTES)('answers %s', async (path) => {
    const answer = await get(sandbox.url, path, headers);
    expect(answer.status).toBe(200);
    expect(answer.json.code).toBe('success');
    expect(answer.json.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.json.result).not.toBeNull();

    const withoutToken = await get(sandbox.url, path, USER_AGENT);
    expect(withoutToken.status).toBe(401);
  });

  it('lists all nine products', async () => {
    const answer = await get(sandbox.url, `${PRICING}/product_list`, headers);
    const ids = answer.json.result.map((product: { productId: number }) => product.productId);
    expect(ids).toEqual([9, 11, 12, 13, 14, 15, 19, 20, 21]);
  });

  it('plan info keeps 19-digit ids exact', async () => {
    const answer = await get(sandbox.url, `${PRICING}/purchase/plan_info/${PSE_PLAN}?productId=12`, headers);
    expect(answer.text).toContain(`"planId":${PSE_PLAN}`);
    expect(answer.json.result.planName).toBe('Enterprise Plan');
  });

  it('plan info rejects unknown plans and missing trials', async () => {
    const unknown = await get(sandbox.url, `${PRICING}/purchase/plan_info/3048563941501911041?productId=12`, headers);
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('plan_not_found');

    const noTrial = await get(sandbox.url, `${PRICING}/trial/plan_info/3048571730026938368?productId=13`, headers);
    expect(noTrial.status).toBe(404);
    expect(noTrial.json.code).toBe('plan_not_found');

    const renewWithoutSn = await get(sandbox.url, `${PRICING}/renew/plan_info/${PSE_PLAN}?productId=12`, headers);
    expect(renewWithoutSn.status).toBe(400);
    expect(renewWithoutSn.json.result).toEqual({ field: 'productNo', tag: 'required' });
  });

  it('price info filters by billing cycle', async () => {
    const once = await get(sandbox.url, `${PRICING}/my_price_info?productId=11&billingCycle=once&offeringId=3048558512036749312`, headers);
    expect(once.json.result.planList).toEqual([]);
    expect(once.text).toContain('"serviceId":3131184659391672320');

    const wrongOffering = await get(sandbox.url, `${PRICING}/my_price_info?productId=11&billingCycle=once&offeringId=1`, headers);
    expect(wrongOffering.status).toBe(404);
    expect(wrongOffering.json.code).toBe('offering_not_found');
  });

  it('product list pages the PBXs of a product', async () => {
    const answer = await get(sandbox.url, '/product/openapi/instance_product/v1/client/instance_product_list?productId=11&pageSize=2', headers);
    expect(answer.json.result).toMatchObject({ count: 3, total: 3, pageNo: 1, pageSize: 2, totalPage: 2 });
    expect(answer.json.result.results[0].productNo).toBe('3631E0997265');

    const missing = await get(sandbox.url, '/product/openapi/instance_product/v1/client/instance_product_list', headers);
    expect(missing.status).toBe(400);
    expect(missing.json.result).toEqual({ field: 'productId', tag: 'required' });
  });

  it('product details need a known PBX', async () => {
    const unknown = await get(sandbox.url, '/product/openapi/instance_product/v1/detail?productId=11&productNo=NOPE', headers);
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('pbx_not_found');
  });
});

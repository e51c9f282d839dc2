import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { findCatalogueEntry } from '../../functions/partner-api/catalogue.js';
import { DEFAULT_USER_AGENT } from '../../functions/partner-api/http.js';
import { refreshAccessToken, requestAccessToken } from '../../functions/partner-api/oauth.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import {
  APPLIANCE_ENTERPRISE_PLAN_ID,
  HOTEL_PMS_SERVICE_ID,
  TUTORIAL_BILLING_CONTACT_ID,
  TUTORIAL_PRODUCT_NO,
} from '../../local/sandbox/seed.js';
import {
  createTestClient,
  createTokenManager,
  hotelPmsOrder,
  recordingFetch,
  type RecordedRequest,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  startTestSandbox,
  type SandboxControl,
} from './sandbox-harness.js';

function apiRequests(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => !request.url.endsWith('/oauth/token'));
}

let sandbox: RunningSandbox;
let control: SandboxControl;

beforeAll(async () => {
  ({ sandbox, control } = await startTestSandbox());
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await control.reset();
});

describe('token grants', () => {
  it('requestAccessToken logs in with pp_credentials', async () => {
    const recorder = recordingFetch();

    const details = await requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, fetch: recorder.fetch });

    expect(details.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(details.tokenHead).toBe('Bearer ');
    expect(details.refreshToken).not.toBe('');
    expect(details.expiresInSeconds).toBe(1800);
    const [request] = recorder.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`${sandbox.url}/auth/openapi/v1/oauth/token`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(request!.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(request!.body);
    expect(form.get('grant_type')).toBe('pp_credentials');
    expect(form.get('client_id')).toBe(SANDBOX_CLIENT_ID);
    expect(form.get('client_secret')).toBe(SANDBOX_CLIENT_SECRET);
  });

  it('refreshAccessToken renews with refresh_token', async () => {
    const login = await requestAccessToken({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
    const recorder = recordingFetch();

    const refreshed = await refreshAccessToken({ baseUrl: sandbox.url, refreshToken: login.refreshToken, fetch: recorder.fetch });

    expect(refreshed.token).not.toBe(login.token);
    expect(refreshed.expiresInSeconds).toBe(1800);
    const form = new URLSearchParams(recorder.requests[0]!.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(login.refreshToken);
    expect(form.get('client_secret')).toBeNull();
  });
});

describe('PartnerApiClient endpoints', () => {
  it('sends User-Agent and Authorization on every call', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch, tokens: createTokenManager(sandbox.url, { fetch: recorder.fetch }) });

    await client.listBillingContacts();

    const [tokenCall, apiCall] = recorder.requests;
    expect(tokenCall!.headers['user-agent']).toBe('yeastar-partner-purchases/0.1.0');
    expect(apiCall!.headers['user-agent']).toBe('yeastar-partner-purchases/0.1.0');
    expect(apiCall!.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('sends a custom User-Agent', async () => {
    const recorder = recordingFetch();
    const tokens = createTokenManager(sandbox.url, { fetch: recorder.fetch, userAgent: 'OpenAPI' });
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch, userAgent: 'OpenAPI', tokens });

    await client.listRegions();

    expect(recorder.requests.map((request) => request.headers['user-agent'])).toEqual(['OpenAPI', 'OpenAPI']);
  });

  it('listProducts returns the subscription products', async () => {
    const { client } = createTestClient(sandbox.url);

    const products = await client.listProducts();

    expect(products).toContainEqual({ name: 'P-Series Plan for Appliance Edition', productId: '11' });
    expect(products.map((product) => product.productId)).toEqual(['9', '11', '12', '13', '14', '15', '19', '20', '21']);
  });

  it('getPurchaseProductInfo returns plans and services', async () => {
    const { client } = createTestClient(sandbox.url);

    const info = await client.getPurchaseProductInfo({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });

    expect(info.offeringId).toBe('3048558512036749312');
    expect(info.productId).toBe('11');
    expect(info.planList!.map((plan) => plan.planId)).toContain(APPLIANCE_ENTERPRISE_PLAN_ID);
    const hotelPms = info.serviceList!.find((service) => service.serviceId === HOTEL_PMS_SERVICE_ID);
    expect(hotelPms).toMatchObject({ serviceName: 'Hotel PMS Integration', billingModel: 'once', billingCycle: 'once', multiCycle: 0 });
  });

  it('plan info uses stage paths', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });
    const pricingPlanId = '3048563718356156416';

    const trial = await client.getTrialPlanInfo({ pricingPlanId, productId: '12' });
    const purchase = await client.getSubscriptionPlanInfo({ pricingPlanId, productId: '12' });
    const renewal = await client.getRenewalPlanInfo({ pricingPlanId, productId: '12', productNo: '5070C0021101' });

    expect(trial.planId).toBe(pricingPlanId);
    expect(trial.purchaseType).toBe('trial');
    expect(purchase.purchaseType).toBe('purchase');
    expect(renewal.purchaseType).toBe('renew');
    const paths = apiRequests(recorder.requests).map((request) => new URL(request.url).pathname);
    expect(paths).toEqual([
      `/pricing/openapi/purchase/v1/trial/plan_info/${pricingPlanId}`,
      `/pricing/openapi/purchase/v1/purchase/plan_info/${pricingPlanId}`,
      `/pricing/openapi/purchase/v1/renew/plan_info/${pricingPlanId}`,
    ]);
    expect(new URL(apiRequests(recorder.requests)[2]!.url).searchParams.get('productNo')).toBe('5070C0021101');
  });

  it('service info uses stage paths', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });
    const pricingServiceId = '3048565411039723520';
    const connectionPlanId = '3048563941501911040';

    const trial = await client.getTrialServiceInfo({ pricingServiceId, productId: '12', connectionPlanId });
    const purchase = await client.getSubscriptionServiceInfo({ pricingServiceId, productId: '12' });
    const renewal = await client.getRenewalServiceInfo({ pricingServiceId, productId: '12', productNo: '5070C0021101' });

    expect(trial.serviceId).toBe(pricingServiceId);
    expect(trial.purchaseType).toBe('trial');
    expect(purchase.purchaseType).toBe('purchase');
    expect(renewal.purchaseType).toBe('renew');
    const urls = apiRequests(recorder.requests).map((request) => new URL(request.url));
    expect(urls.map((url) => url.pathname)).toEqual([
      `/pricing/openapi/purchase/v1/trial/add_on_info/${pricingServiceId}`,
      `/pricing/openapi/purchase/v1/purchase/add_on_info/${pricingServiceId}`,
      `/pricing/openapi/purchase/v1/renew/add_on_info/${pricingServiceId}`,
    ]);
    expect(urls[0]!.searchParams.get('connectionPlanId')).toBe(connectionPlanId);
  });

  it('getSubscriptionPrice returns prices for an offering', async () => {
    const { client } = createTestClient(sandbox.url);

    const price = await client.getSubscriptionPrice({ productId: '11', billingCycle: 'once', offeringId: '3048558512036749312' });

    expect(price.offeringId).toBe('3048558512036749312');
    expect(price.serviceList!.map((service) => service.serviceId)).toContain(HOTEL_PMS_SERVICE_ID);
    expect(price.serviceList![0]).toHaveProperty('price');
  });

  it('createOrder places the Hotel PMS order', async () => {
    const { client } = createTestClient(sandbox.url);

    const result = await client.createOrder(hotelPmsOrder());

    expect(result).toEqual({
      instanceId: '1259567',
      orderNo: 'EM3206203445147066368',
      orderStatus: 'succeed',
      productNo: TUTORIAL_PRODUCT_NO,
      transactionNo: 'XO3206203447374241793',
    });
    expect(await control.countRequests('save')).toBe(1);
  });

  it('listOrders pages the order list', async () => {
    const { client } = createTestClient(sandbox.url);
    await client.createOrder(hotelPmsOrder({ poNumber: 'FIRST' }));
    await client.createOrder(hotelPmsOrder({ poNumber: 'SECOND' }));

    const page = await client.listOrders({ pageNo: 1, pageSize: 1 });

    expect(page).toMatchObject({ count: 2, total: 2, pageNo: 1, pageSize: 1, totalPage: 2 });
    expect(page.results).toHaveLength(1);
    expect(page.results[0]).toMatchObject({ customReferenceNo: 'SECOND', orderStatus: 'succeed', productNo: TUTORIAL_PRODUCT_NO, productId: '11' });
    expect(typeof page.results[0]!.createTime).toBe('number');
    expect(page.results[0]!.id).toMatch(/^\d{19}$/);
  });

  it('getOrderDetails finds an order by number and by id', async () => {
    const { client } = createTestClient(sandbox.url);
    const created = await client.createOrder(hotelPmsOrder());
    const [listed] = (await client.listOrders()).results;

    const byNumber = await client.getOrderDetails(created.orderNo);
    const byId = await client.getOrderDetails(listed!.id);

    expect(byNumber.basicInformation).toMatchObject({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });
    expect(byNumber.orderInformation).toMatchObject({ id: listed!.id, orderNo: created.orderNo });
    expect(byId.orderInformation?.orderNo).toBe(created.orderNo);
  });

  it('listInstanceProducts pages the partner PBXs', async () => {
    const { client } = createTestClient(sandbox.url);

    const page = await client.listInstanceProducts({ productId: '11', pageSize: 2 });

    expect(page.total).toBe(3);
    expect(page.results).toHaveLength(2);
    expect(page.results[0]).toMatchObject({ productNo: TUTORIAL_PRODUCT_NO, activationStatus: 'activated' });
  });

  it('getProductDetails returns one PBX', async () => {
    const { client } = createTestClient(sandbox.url);

    const details = await client.getProductDetails({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });

    expect(details).toMatchObject({ activationStatus: 'activated', comment: 'Hotel Seaside front desk' });
    expect(typeof details.createTime).toBe('number');
  });

  it('listRegions returns regions with domain suffixes', async () => {
    const { client } = createTestClient(sandbox.url);

    const regions = await client.listRegions();

    expect(regions[0]).toEqual({
      id: '3048569902184521728',
      name: 'United States',
      region: [{ pbxSubDomain: ['ras.yeastar.com', 'us.ras.yeastar.com'], pbxSubDomainId: '3048570104718229504' }],
    });
  });

  it('listBillingContacts returns the contacts', async () => {
    const { client } = createTestClient(sandbox.url);

    const contacts = await client.listBillingContacts();

    expect(contacts[0]).toMatchObject({ billingContactId: TUTORIAL_BILLING_CONTACT_ID, firstName: 'Alice', company: 'Seaside Hotels' });
    expect(contacts).toHaveLength(3);
  });

  it('listSubordinateUsers returns the users', async () => {
    const { client } = createTestClient(sandbox.url);

    const users = await client.listSubordinateUsers();

    expect(users.map((user) => user.partnerId)).toEqual(['3076913644890832897', '3076913644890832898']);
    expect(users[0]).toMatchObject({ userType: 'Enduser', firstName: 'Dana' });
  });
});

describe('sandbox variants', () => {
  for (const catalogueNameField of ['serviceName', 'planName', 'name']) {
    it(`finds Hotel PMS Integration with names under ${catalogueNameField}`, async () => {
      await control.settings({ catalogueNameField });
      const { client } = createTestClient(sandbox.url);

      const info = await client.getPurchaseProductInfo({ productId: '11', productNo: TUTORIAL_PRODUCT_NO });

      expect(findCatalogueEntry(info, { name: 'hotel pms integration', kind: 'service' }).id).toBe(HOTEL_PMS_SERVICE_ID);
      expect(findCatalogueEntry(info, { name: 'Enterprise  Plan', kind: 'plan' }).id).toBe(APPLIANCE_ENTERPRISE_PLAN_ID);
    });
  }

  it('createOrder returns a pending order', async () => {
    await control.settings({ saveOrderStatus: 'pending' });
    const { client } = createTestClient(sandbox.url);

    const result = await client.createOrder(hotelPmsOrder());
    const [listed] = (await client.listOrders()).results;

    expect(result.orderStatus).toBe('pending');
    expect(listed).toMatchObject({ orderNo: result.orderNo, orderStatus: 'pending', invoiceNo: '' });
  });

  it('listOrders reads the oldest-first order', async () => {
    await control.settings({ orderListOrder: 'oldest-first' });
    const { client } = createTestClient(sandbox.url);
    await client.createOrder(hotelPmsOrder({ poNumber: 'FIRST' }));
    await client.createOrder(hotelPmsOrder({ poNumber: 'SECOND' }));

    const page = await client.listOrders();

    expect(page.results.map((order) => order.customReferenceNo)).toEqual(['FIRST', 'SECOND']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import {
  HOTEL_PMS_SERVICE_ID,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  TUTORIAL_BILLING_CONTACT_ID,
  TUTORIAL_PRODUCT_NO,
} from '../../local/sandbox/seed.js';
import {
  CATALOGUE_PATH,
  CONTACTS_PATH,
  control,
  get,
  hotelPmsBody,
  ORDER_LIST_PATH,
  readResponse,
  requestToken,
  save,
  TOKEN_PATH,
  USER_AGENT,
} from './support.js';

describe('Hotel PMS tutorial flow', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('buys Hotel PMS Integration with exact ids', async () => {
    // Step 0: token, form-encoded with grant_type=pp_credentials.
    const token = await requestToken(sandbox.url);
    expect(token.status).toBe(200);
    expect(token.json.code).toBe('success');
    expect(token.json.detailMessage).toBe('');
    expect(token.json.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(token.json.status).toBe(200);
    expect(token.json.result.expiresIn).toBe('1800');
    expect(token.json.result.tokenHead).toBe('Bearer ');
    expect(token.json.result.token.split('.')).toHaveLength(3);
    const headers = { ...USER_AGENT, authorization: `Bearer ${token.json.result.token}` };

    // Step 1: the catalogue of product 11 for the tutorial's PBX.
    const catalogue = await get(sandbox.url, `${CATALOGUE_PATH}?productId=11&productNo=${TUTORIAL_PRODUCT_NO}`, headers);
    expect(catalogue.status).toBe(200);
    expect(catalogue.text).toContain(`"serviceId":${HOTEL_PMS_SERVICE_ID},"serviceName":"Hotel PMS Integration"`);
    expect(catalogue.text).toContain('"planId":3048558946648207360');
    const hotelPms = catalogue.json.result.serviceList.find(
      (item: { serviceName: string }) => item.serviceName === 'Hotel PMS Integration',
    );
    expect(hotelPms).toEqual({
      serviceId: HOTEL_PMS_SERVICE_ID,
      serviceName: 'Hotel PMS Integration',
      serviceType: 'service',
      purchaseType: 'purchase',
      billingModel: 'once',
      billingCycle: 'once',
      multiCycle: 0,
    });

    // Step 2: billing contacts; billingContactId is a JSON string.
    const contacts = await get(sandbox.url, CONTACTS_PATH, headers);
    expect(contacts.status).toBe(200);
    expect(contacts.text).toContain(`"billingContactId":"${TUTORIAL_BILLING_CONTACT_ID}"`);

    // Step 3: save, with bare 19-digit numbers in the body.
    const order = await save(sandbox.url, headers, hotelPmsBody());
    expect(order.status).toBe(200);
    expect(order.json).toMatchObject({ code: 'success', detailMessage: '', status: 200 });
    expect(order.json.result).toEqual({
      instanceId: '1259567',
      orderNo: 'EM3206203445147066368',
      orderStatus: 'succeed',
      productNo: TUTORIAL_PRODUCT_NO,
      transactionNo: 'XO3206203447374241793',
    });

    // The sandbox kept the request body with every digit.
    const orders = await control(sandbox.url, 'GET', 'orders');
    expect(orders.json.orders).toHaveLength(1);
    const committed = orders.json.orders[0];
    expect(committed.request.billingId).toBe(TUTORIAL_BILLING_CONTACT_ID);
    expect(committed.request.serviceList[0].serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(committed.orderNo).toBe('EM3206203445147066368');
    expect(committed.transactionNo).toBe('XO3206203447374241793');
    expect(committed.instanceId).toBe('1259567');
    expect(committed.orderStatus).toBe('succeed');
    expect(typeof committed.createTime).toBe('number');
  });

  it('lists the order with poNumber as customReferenceNo', async () => {
    const headers = { ...USER_AGENT, authorization: `Bearer ${(await requestToken(sandbox.url)).json.result.token}` };
    const list = await get(sandbox.url, ORDER_LIST_PATH, headers);
    expect(list.status).toBe(200);
    expect(list.json.result).toMatchObject({ count: 1, pageNo: 1, pageSize: 25, total: 1, totalPage: 1 });
    const [item] = list.json.result.results;
    expect(item.customReferenceNo).toBe('HOTEL-42');
    expect(item.orderNo).toBe('EM3206203445147066368');
    expect(item.productNo).toBe(TUTORIAL_PRODUCT_NO);

    for (const id of [item.orderNo, item.id]) {
      const details = await get(sandbox.url, `/order/openapi/order/v1/get/${id}`, headers);
      expect(details.status).toBe(200);
      expect(details.json.result.orderInformation.customReferenceNo).toBe('HOTEL-42');
      expect(details.json.result.basicInformation.productId).toBe('11');
      expect(details.text).toContain(`"serviceId":${HOTEL_PMS_SERVICE_ID}`);
    }
  });

  it('accepts a multipart token request', async () => {
    const form = new FormData();
    form.set('grant_type', 'pp_credentials');
    form.set('client_id', SANDBOX_CLIENT_ID);
    form.set('client_secret', SANDBOX_CLIENT_SECRET);
    const answer = await readResponse(await fetch(sandbox.url + TOKEN_PATH, { method: 'POST', headers: USER_AGENT, body: form }));
    expect(answer.status).toBe(200);
    expect(answer.json.result.tokenHead).toBe('Bearer ');
  });

  it('logs requests without tokens or secrets', async () => {
    const log = await control(sandbox.url, 'GET', 'requests');
    const text = JSON.stringify(log.json);
    expect(text).not.toContain(SANDBOX_CLIENT_SECRET);
    expect(text).not.toMatch(/eyJ[\w-]+\./);
    expect(text).not.toContain('uthorization');
    const routes = log.json.requests.map((entry: { route: string }) => entry.route);
    expect(routes.slice(0, 4)).toEqual(['token', 'purchase_product_info', 'billing_contact_list', 'save']);
    expect(log.json.requests[3]).toMatchObject({ method: 'POST', path: '/order/openapi/order/v1/save', status: 200 });
    expect(typeof log.json.requests[3].durationMs).toBe('number');
    expect(typeof log.json.requests[3].at).toBe('string');
  });
});

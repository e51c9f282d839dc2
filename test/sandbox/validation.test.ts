import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { HOTEL_PMS_SERVICE_ID, TUTORIAL_BILLING_CONTACT_ID } from '../../local/sandbox/seed.js';
import { CATALOGUE_PATH, control, get, hotelPmsBody, login, readResponse, save, SAVE_PATH } from './support.js';

interface SaveCase {
  name: string;
  edits: Array<[string, string]>;
  status: number;
  code: string;
  result?: unknown;
}

const BILLING = `"billingId":${TUTORIAL_BILLING_CONTACT_ID}`;
const SERVICE = `"serviceId":${HOTEL_PMS_SERVICE_ID}`;

const SAVE_CASES: SaveCase[] = [
  { name: 'missing productNo', edits: [['"productNo":"3631E0997265",', '']], status: 400, code: 'parameter_validation_failed', result: { field: 'productNo', tag: 'required' } },
  { name: 'unknown productNo', edits: [['3631E0997265', '3631E0000000']], status: 400, code: 'pbx_not_found' },
  { name: 'PBX of another product', edits: [['3631E0997265', '5070C0021101']], status: 400, code: 'pbx_not_found' },
  { name: 'unknown productId', edits: [['"productId":11', '"productId":99']], status: 400, code: 'product_not_found' },
  { name: 'unknown serviceId', edits: [[SERVICE, '"serviceId":3131184659391672321']], status: 400, code: 'service_not_found' },
  { name: 'plan id as a service', edits: [[SERVICE, '"serviceId":3048558946648207360']], status: 400, code: 'service_not_found' },
  { name: 'unknown billingId', edits: [[BILLING, '"billingId":3197218168379846200']], status: 400, code: 'billing_contact_not_found' },
  { name: 'missing billingId', edits: [[`${BILLING},`, '']], status: 400, code: 'parameter_validation_failed', result: { field: 'billingId', tag: 'required' } },
  { name: 'billingId as a string', edits: [[BILLING, `"billingId":"${TUTORIAL_BILLING_CONTACT_ID}"`]], status: 400, code: 'parameter_validation_failed', result: { field: 'billingId', tag: 'number' } },
  { name: 'serviceId as a string', edits: [[SERVICE, `"serviceId":"${HOTEL_PMS_SERVICE_ID}"`]], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].serviceId', tag: 'number' } },
  { name: 'productId as a string', edits: [['"productId":11', '"productId":"11"']], status: 400, code: 'parameter_validation_failed', result: { field: 'productId', tag: 'number' } },
  { name: 'unknown operationType', edits: [['"purchase_service"', '"buy_service"']], status: 400, code: 'parameter_validation_failed', result: { field: 'operationType', tag: 'oneof' } },
  { name: 'operation without tutorial', edits: [['"purchase_service"', '"trial_service"']], status: 400, code: 'operation_not_supported' },
  { name: 'recurring Hotel PMS', edits: [['"billingModel":"once"', '"billingModel":"recurring"']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].billingModel', tag: 'eq' } },
  { name: 'missing billingCycle', edits: [['"billingCycle":"once",', '']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].billingCycle', tag: 'required' } },
  { name: 'multiCycle 1', edits: [['"multiCycle":0', '"multiCycle":1']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].multiCycle', tag: 'oneof' } },
  { name: 'renew purchaseType', edits: [['"purchaseType":"purchase"', '"purchaseType":"renew"']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].purchaseType', tag: 'eq' } },
  { name: 'plan serviceType', edits: [['"serviceType":"service"', '"serviceType":"plan"']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].serviceType', tag: 'oneof' } },
  { name: 'quantity on Hotel PMS', edits: [['"multiCycle":0', '"multiCycle":0,"quantity":2']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].quantity', tag: 'excluded' } },
  { name: 'connectionPlanId on Hotel PMS', edits: [['"multiCycle":0', '"multiCycle":0,"connectionPlanId":3048558946648207360']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList[0].connectionPlanId', tag: 'excluded' } },
  { name: 'empty serviceList', edits: [[/"serviceList":\[.*\]/.exec(hotelPmsBody())![0], '"serviceList":[]']], status: 400, code: 'parameter_validation_failed', result: { field: 'serviceList', tag: 'min' } },
  { name: 'invalid JSON', edits: [['}]}', '}]']], status: 400, code: 'parameter_validation_failed', result: { field: 'body', tag: 'json' } },
];

describe('sandbox validation', () => {
  let sandbox: RunningSandbox;
  let headers: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });

  beforeEach(async () => {
    await control(sandbox.url, 'POST', 'reset');
    headers = await login(sandbox.url);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it.each(SAVE_CASES)('save rejects $name', async ({ edits, status, code, result }) => {
    const answer = await save(sandbox.url, headers, hotelPmsBody(edits));
    expect(answer.status).toBe(status);
    expect(answer.json.status).toBe(status);
    expect(answer.json.code).toBe(code);
    if (result !== undefined) {
      expect(answer.json.result).toEqual(result);
    }
    expect((await control(sandbox.url, 'GET', 'orders')).json.orders).toHaveLength(0);
  });

  it('save accepts string Longs when the setting is on', async () => {
    await control(sandbox.url, 'POST', 'settings', { acceptStringLongs: true });
    const body = hotelPmsBody([
      [BILLING, `"billingId":"${TUTORIAL_BILLING_CONTACT_ID}"`],
      [SERVICE, `"serviceId":"${HOTEL_PMS_SERVICE_ID}"`],
    ]);
    const answer = await save(sandbox.url, headers, body);
    expect(answer.status).toBe(200);
    const [order] = (await control(sandbox.url, 'GET', 'orders')).json.orders;
    expect(order.billingId).toBe(TUTORIAL_BILLING_CONTACT_ID);
    expect(order.items[0].serviceId).toBe(HOTEL_PMS_SERVICE_ID);
  });

  it('save rejects a non-JSON content type', async () => {
    const response = await fetch(sandbox.url + SAVE_PATH, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: hotelPmsBody(),
    });
    const answer = await readResponse(response);
    expect(answer.status).toBe(400);
    expect(answer.json.result).toEqual({ field: 'Content-Type', tag: 'oneof' });
  });

  it('save accepts the Appliance annual plan rules', async () => {
    const plan = (multiCycle: number): string =>
      `{"operationType":"purchase_plan","productId":11,"productNo":"3632F1103348","billingId":${TUTORIAL_BILLING_CONTACT_ID},` +
      `"serviceList":[{"serviceType":"plan","serviceId":3048560232537899008,"purchaseType":"purchase",` +
      `"billingModel":"recurring","billingCycle":"annually","multiCycle":${multiCycle}}]}`;
    expect((await save(sandbox.url, headers, plan(3))).status).toBe(200);
    const rejected = await save(sandbox.url, headers, plan(0));
    expect(rejected.status).toBe(400);
    expect(rejected.json.result).toEqual({ field: 'serviceList[0].multiCycle', tag: 'oneof' });
  });

  it('save checks connectionPlanId against the ordered plan', async () => {
    const body = (connectionPlanId: string): string =>
      `{"operationType":"purchase_plan","productId":12,"billingId":${TUTORIAL_BILLING_CONTACT_ID},"serviceList":[` +
      `{"serviceType":"plan","serviceId":3048563941501911040,"purchaseType":"purchase","billingModel":"recurring","billingCycle":"annually","multiCycle":1,"quantity":20},` +
      `{"serviceType":"service","serviceId":3048565411039723520,"purchaseType":"purchase","billingModel":"recurring","billingCycle":"annually","multiCycle":1,"quantity":10,"connectionPlanId":${connectionPlanId}}]}`;
    const rejected = await save(sandbox.url, headers, body('3048563718356156416'));
    expect(rejected.status).toBe(400);
    expect(rejected.json.result).toEqual({ field: 'serviceList[1].connectionPlanId', tag: 'eqfield' });

    const accepted = await save(sandbox.url, headers, body('3048563941501911040'));
    expect(accepted.status).toBe(200);
    expect(accepted.json.result.productNo).toMatch(/^S12N\d{8}$/);
  });

  it('save checks a PCE renewal quantity', async () => {
    const body = (quantity: number): string =>
      `{"operationType":"renew_plan","productId":13,"productNo":"6210D0047711","billingId":${TUTORIAL_BILLING_CONTACT_ID},` +
      `"serviceList":[{"serviceType":"plan","serviceId":3048571730026938368,"purchaseType":"renew","quantity":${quantity}}]}`;
    const rejected = await save(sandbox.url, headers, body(25));
    expect(rejected.status).toBe(400);
    expect(rejected.json.code).toBe('quantity_mismatch');
    expect((await save(sandbox.url, headers, body(20))).status).toBe(200);
  });

  it('catalogue validates its query', async () => {
    const missingProduct = await get(sandbox.url, CATALOGUE_PATH, headers);
    expect(missingProduct.status).toBe(400);
    expect(missingProduct.json.result).toEqual({ field: 'productId', tag: 'required' });

    const missingSn = await get(sandbox.url, `${CATALOGUE_PATH}?productId=11`, headers);
    expect(missingSn.status).toBe(400);
    expect(missingSn.json.result).toEqual({ field: 'productNo', tag: 'required' });

    const unknownProduct = await get(sandbox.url, `${CATALOGUE_PATH}?productId=77`, headers);
    expect(unknownProduct.status).toBe(404);
    expect(unknownProduct.json.code).toBe('product_not_found');

    const unknownSn = await get(sandbox.url, `${CATALOGUE_PATH}?productId=11&productNo=NOPE`, headers);
    expect(unknownSn.status).toBe(404);
    expect(unknownSn.json.code).toBe('pbx_not_found');
  });

  it('save rejects a body over 1 MiB', async () => {
    const answer = await save(sandbox.url, headers, 'x'.repeat(2 * 1024 * 1024));
    expect(answer.status).toBe(413);
    expect(answer.json.code).toBe('payload_too_large');
  });

  it('unknown routes and orders are not found', async () => {
    const route = await get(sandbox.url, '/order/openapi/order/v1/nothing', headers);
    expect(route.status).toBe(404);
    expect(route.json.code).toBe('not_found');

    const order = await get(sandbox.url, '/order/openapi/order/v1/get/EM1', headers);
    expect(order.status).toBe(404);
    expect(order.json.code).toBe('order_not_found');

    const method = await readResponse(await fetch(sandbox.url + SAVE_PATH, { headers }));
    expect(method.status).toBe(405);
    expect(method.json.code).toBe('method_not_allowed');
  });
});

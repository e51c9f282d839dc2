import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { CATALOGUE_PATH, CONTACTS_PATH, control, get, hotelPmsBody, login, ORDER_LIST_PATH, save } from './support.js';

describe('sandbox control API', () => {
  let sandbox: RunningSandbox;
  let headers: Record<string, string>;

  beforeEach(async () => {
    sandbox = await startSandbox({ settings: { saveOrderStatus: 'pending' } });
    headers = await login(sandbox.url);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('reset restores the start state', async () => {
    await save(sandbox.url, headers, hotelPmsBody());
    await control(sandbox.url, 'POST', 'faults', { route: 'page', kind: 'status', status: 500 });
    await control(sandbox.url, 'POST', 'clock', { advanceSeconds: 600 });
    await control(sandbox.url, 'POST', 'rate-limit', { requestsPerSecond: 1000 });
    await control(sandbox.url, 'POST', 'settings', { saveOrderStatus: 'succeed', latencyMs: 5 });

    const reset = await control(sandbox.url, 'POST', 'reset');
    expect(reset.status).toBe(200);

    expect((await control(sandbox.url, 'GET', 'orders')).json.orders).toEqual([]);
    expect((await control(sandbox.url, 'GET', 'requests')).json.requests).toEqual([]);
    expect((await control(sandbox.url, 'GET', 'faults')).json.faults).toEqual([]);
    expect((await control(sandbox.url, 'GET', 'clock')).json.offsetSeconds).toBe(0);
    const { settings } = (await control(sandbox.url, 'GET', 'settings')).json;
    expect(settings.saveOrderStatus).toBe('pending');
    expect(settings.latencyMs).toBe(0);

    const revoked = await get(sandbox.url, CONTACTS_PATH, headers);
    expect(revoked.status).toBe(401);
    expect(revoked.json.code).toBe('token_invalid');

    const fresh = await login(sandbox.url);
    const order = await save(sandbox.url, fresh, hotelPmsBody());
    expect(order.json.result.orderNo).toBe('EM3206203445147066368');
  });

  it('pending orders move to succeed', async () => {
    const order = await save(sandbox.url, headers, hotelPmsBody());
    expect(order.json.result.orderStatus).toBe('pending');

    const moved = await control(sandbox.url, 'POST', `orders/${order.json.result.orderNo}/status`, { orderStatus: 'succeed' });
    expect(moved.status).toBe(200);

    const details = await get(sandbox.url, `/order/openapi/order/v1/get/${order.json.result.orderNo}`, headers);
    expect(details.json.result.orderInformation.orderStatus).toBe('succeed');
    expect(details.json.result.orderInformation.invoiceNo).not.toBe('');

    const unknown = await control(sandbox.url, 'POST', 'orders/EM1/status', { orderStatus: 'succeed' });
    expect(unknown.status).toBe(404);
    const invalid = await control(sandbox.url, 'POST', `orders/${order.json.result.orderNo}/status`, { orderStatus: 'done' });
    expect(invalid.status).toBe(400);
  });

  it('order list pages newest first by default', async () => {
    for (let index = 1; index <= 3; index += 1) {
      await save(sandbox.url, headers, hotelPmsBody([['HOTEL-42', `PO-${index}`]]));
    }

    const first = await get(sandbox.url, `${ORDER_LIST_PATH}?pageNo=1&pageSize=2`, headers);
    expect(first.json.result).toMatchObject({ count: 3, total: 3, pageNo: 1, pageSize: 2, totalPage: 2 });
    expect(first.json.result.results.map((item: { customReferenceNo: string }) => item.customReferenceNo)).toEqual(['PO-3', 'PO-2']);
    const second = await get(sandbox.url, `${ORDER_LIST_PATH}?pageNo=2&pageSize=2`, headers);
    expect(second.json.result.results.map((item: { customReferenceNo: string }) => item.customReferenceNo)).toEqual(['PO-1']);

    await control(sandbox.url, 'POST', 'settings', { orderListOrder: 'oldest-first' });
    const oldest = await get(sandbox.url, ORDER_LIST_PATH, headers);
    expect(oldest.json.result.results[0].customReferenceNo).toBe('PO-1');

    const invalid = await get(sandbox.url, `${ORDER_LIST_PATH}?pageSize=0`, headers);
    expect(invalid.status).toBe(400);
    expect(invalid.json.result).toEqual({ field: 'pageSize', tag: 'numeric' });
  });

  it('catalogue name key follows the setting', async () => {
    await control(sandbox.url, 'POST', 'settings', { catalogueNameField: 'name' });
    const catalogue = await get(sandbox.url, `${CATALOGUE_PATH}?productId=11&productNo=3631E0997265`, headers);
    expect(catalogue.text).toContain('"serviceId":3131184659391672320,"name":"Hotel PMS Integration"');
    expect(catalogue.text).not.toContain('serviceName');
  });

  it('rate limit answers 429 with Retry-After', async () => {
    const set = await control(sandbox.url, 'POST', 'rate-limit', { requestsPerSecond: 1 });
    expect(set.status).toBe(200);

    const first = await get(sandbox.url, CONTACTS_PATH, headers);
    const second = await get(sandbox.url, CONTACTS_PATH, headers);
    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.json.code).toBe('too_many_requests');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    await control(sandbox.url, 'POST', 'rate-limit', { requestsPerSecond: 0 });
    expect((await get(sandbox.url, CONTACTS_PATH, headers)).status).toBe(200);
  });

  it('latency setting keeps answers intact', async () => {
    const set = await control(sandbox.url, 'POST', 'settings', { latencyMs: 20 });
    expect(set.json.settings.latencyMs).toBe(20);
    const answer = await get(sandbox.url, CONTACTS_PATH, headers);
    expect(answer.status).toBe(200);
    expect(answer.json.code).toBe('success');
  });

  it('rejects invalid control input', async () => {
    const unknownSetting = await control(sandbox.url, 'POST', 'settings', { colour: 'blue' });
    expect(unknownSetting.status).toBe(400);
    expect(unknownSetting.json.error.message).toContain('colour');

    const badValue = await control(sandbox.url, 'POST', 'settings', { saveOrderStatus: 'maybe' });
    expect(badValue.status).toBe(400);

    const badClock = await control(sandbox.url, 'POST', 'clock', { advanceSeconds: -5 });
    expect(badClock.status).toBe(400);

    const badLimit = await control(sandbox.url, 'POST', 'rate-limit', { requestsPerSecond: 'many' });
    expect(badLimit.status).toBe(400);

    const unknownRoute = await control(sandbox.url, 'GET', 'nothing');
    expect(unknownRoute.status).toBe(404);
  });

  it('startSandbox rejects invalid settings', async () => {
    await expect(startSandbox({ settings: { latencyMs: -1 } })).rejects.toThrow(/latencyMs/);
  });
});

describe('sandbox added PBXs', () => {
  let sandbox: RunningSandbox;

  beforeEach(async () => {
    sandbox = await startSandbox();
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('adds PBXs that save accepts', async () => {
    const added = await control(sandbox.url, 'POST', 'pbxs', { productId: 11, count: 3 });
    expect(added.status).toBe(201);
    expect(added.json.productNos).toEqual(['A11N00000001', 'A11N00000002', 'A11N00000003']);

    const more = await control(sandbox.url, 'POST', 'pbxs', { productId: 11, count: 1 });
    expect(more.json.productNos).toEqual(['A11N00000004']);

    const headers = await login(sandbox.url);
    const order = await save(sandbox.url, headers, hotelPmsBody([['3631E0997265', 'A11N00000002']]));
    expect(order.status).toBe(200);
    expect(order.json.result.productNo).toBe('A11N00000002');
  });

  it('reset removes added PBXs', async () => {
    await control(sandbox.url, 'POST', 'pbxs', { productId: 11, count: 1 });
    await control(sandbox.url, 'POST', 'reset');

    const headers = await login(sandbox.url);
    const order = await save(sandbox.url, headers, hotelPmsBody([['3631E0997265', 'A11N00000001']]));
    expect(order.status).toBe(400);
    expect(order.json.code).toBe('pbx_not_found');
  });

  it('rejects unknown product and bad count', async () => {
    const unknown = await control(sandbox.url, 'POST', 'pbxs', { productId: 99, count: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('product_not_found');

    const tooMany = await control(sandbox.url, 'POST', 'pbxs', { productId: 11, count: 1001 });
    expect(tooMany.status).toBe(400);
    const missing = await control(sandbox.url, 'POST', 'pbxs', { productId: 11 });
    expect(missing.status).toBe(400);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { CONTACTS_PATH, control, get, hotelPmsBody, login, save } from './support.js';

describe('sandbox faults', () => {
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

  async function addFault(fault: Record<string, unknown>): Promise<void> {
    const answer = await control(sandbox.url, 'POST', 'faults', fault);
    expect(answer.status).toBe(201);
  }

  async function orderCount(): Promise<number> {
    return (await control(sandbox.url, 'GET', 'orders')).json.orders.length;
  }

  it('status fault answers with the envelope', async () => {
    await addFault({ route: 'save', kind: 'status', status: 503, times: 1 });
    const failed = await save(sandbox.url, headers, hotelPmsBody());
    expect(failed.status).toBe(503);
    expect(failed.json.code).toBe('sandbox_fault');
    expect(failed.json.status).toBe(503);
    expect(await orderCount()).toBe(0);

    const next = await save(sandbox.url, headers, hotelPmsBody());
    expect(next.status).toBe(200);
    expect(await orderCount()).toBe(1);
  });

  it('status fault sends a given body', async () => {
    const body = { code: 'system_busy', detailMessage: 'busy', requestId: 'f'.repeat(32), result: null, status: 500 };
    await addFault({ route: 'billing_contact_list', kind: 'status', status: 500, body });
    const answer = await get(sandbox.url, CONTACTS_PATH, headers);
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual(body);
  });

  it('delay fault still answers normally', async () => {
    await addFault({ route: 'billing_contact_list', kind: 'delay', delayMs: 50, times: 1 });
    const answer = await get(sandbox.url, CONTACTS_PATH, headers);
    expect(answer.status).toBe(200);
    const log = (await control(sandbox.url, 'GET', 'requests')).json.requests;
    expect(log.at(-1)).toMatchObject({ route: 'billing_contact_list', status: 200, fault: 'delay' });
  });

  it('drop-after-commit commits then drops', async () => {
    await addFault({ route: 'save', kind: 'drop-after-commit', times: 1 });
    await expect(save(sandbox.url, headers, hotelPmsBody())).rejects.toThrow();
    const orders = (await control(sandbox.url, 'GET', 'orders')).json.orders;
    expect(orders).toHaveLength(1);
    expect(orders[0].request.poNumber).toBe('HOTEL-42');
    const log = (await control(sandbox.url, 'GET', 'requests')).json.requests;
    expect(log.at(-1)).toMatchObject({ route: 'save', status: 0, fault: 'drop-after-commit' });
  });

  it('drop-before-commit drops without an order', async () => {
    await addFault({ route: 'save', kind: 'drop-before-commit', times: 1 });
    await expect(save(sandbox.url, headers, hotelPmsBody())).rejects.toThrow();
    expect(await orderCount()).toBe(0);
  });

  it('malformed-json truncates a 200 answer', async () => {
    await addFault({ route: 'save', kind: 'malformed-json', times: 1 });
    const answer = await save(sandbox.url, headers, hotelPmsBody());
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
    expect(answer.text.startsWith('{"code":"success"')).toBe(true);
    expect(await orderCount()).toBe(1);
  });

  it('html fault sends an HTML error page', async () => {
    await addFault({ route: 'save', kind: 'html', status: 502, times: 1 });
    const answer = await save(sandbox.url, headers, hotelPmsBody());
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.text).toContain('<html>');
    expect(await orderCount()).toBe(0);
  });

  it('throttle fault sends 429 with Retry-After', async () => {
    await addFault({ route: 'save', kind: 'throttle', retryAfterSeconds: 7, times: 1 });
    const answer = await save(sandbox.url, headers, hotelPmsBody());
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.json.code).toBe('too_many_requests');
    expect(await orderCount()).toBe(0);
  });

  it('faults queue per route in order', async () => {
    await addFault({ route: 'save', kind: 'status', status: 500, times: 2 });
    await addFault({ route: 'save', kind: 'throttle', times: 1 });
    const statuses: number[] = [];
    for (let call = 0; call < 4; call += 1) {
      statuses.push((await save(sandbox.url, headers, hotelPmsBody())).status);
    }
    expect(statuses).toEqual([500, 500, 429, 200]);
  });

  it('wildcard fault hits every route until cleared', async () => {
    await addFault({ route: '*', kind: 'status', status: 500 });
    expect((await get(sandbox.url, CONTACTS_PATH, headers)).status).toBe(500);
    expect((await save(sandbox.url, headers, hotelPmsBody())).status).toBe(500);
    expect((await control(sandbox.url, 'GET', 'faults')).json.faults).toHaveLength(1);

    const cleared = await control(sandbox.url, 'DELETE', 'faults');
    expect(cleared.status).toBe(200);
    expect((await get(sandbox.url, CONTACTS_PATH, headers)).status).toBe(200);
  });

  it('token fault hits the token route', async () => {
    await addFault({ route: 'token', kind: 'status', status: 500, times: 1 });
    await expect(login(sandbox.url)).rejects.toThrow(/login failed: 500/);
    await expect(login(sandbox.url)).resolves.toHaveProperty('authorization');
  });

  it('rejects invalid fault definitions', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ route: 'nowhere', kind: 'status', status: 500 }, /route/],
      [{ route: 'save', kind: 'explode' }, /kind/],
      [{ route: 'save', kind: 'status' }, /status/],
      [{ route: 'save', kind: 'delay' }, /delayMs/],
      [{ route: 'save', kind: 'status', status: 500, times: 0 }, /times/],
    ];
    for (const [fault, message] of cases) {
      const answer = await control(sandbox.url, 'POST', 'faults', fault);
      expect(answer.status).toBe(400);
      expect(answer.json.error.message).toMatch(message);
    }
  });
});

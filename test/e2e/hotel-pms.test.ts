/**
 * The Hotel PMS Integration purchase end to end: through the local HTTP API of the local
 * runtime (the synthesized state machine run in-process, dynalite, the sandbox), and
 * through the command-line tool in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { parseJson } from '../../functions/partner-api/json.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { startSandbox, type RunningSandbox } from '../../local/sandbox/server.js';
import {
  HOTEL_PMS_SERVICE_ID,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  TUTORIAL_BILLING_CONTACT_ID,
  TUTORIAL_PRODUCT_NO,
} from '../../local/sandbox/seed.js';

const run = promisify(execFile);

interface SandboxOrder {
  orderNo: string;
  request: Record<string, unknown>;
}

/** Reads the sandbox's committed orders; the raw text shows whether ids arrived as exact numbers. */
async function sandboxOrders(sandboxUrl: string): Promise<{ orders: SandboxOrder[]; text: string }> {
  const response = await fetch(`${sandboxUrl}/__sandbox/orders`);
  const text = await response.text();
  return { orders: (parseJson(text) as { orders: SandboxOrder[] }).orders, text };
}

async function postPurchase(apiUrl: string, body: unknown): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const response = await fetch(`${apiUrl}/purchases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

describe('local HTTP API purchase', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime();
  });

  afterAll(async () => {
    await runtime.close();
  });

  beforeEach(async () => {
    await fetch(`${runtime.sandbox!.url}/__sandbox/reset`, { method: 'POST' });
  });

  it('buys Hotel PMS Integration with exact ids', async () => {
    const started = await postPurchase(runtime.apiUrl, { productNo: '3631e0997265 ', recipe: 'appliance-hotel-pms', idempotencyKey: 'e2e-http-1' });
    expect(started.status).toBe(202);
    const purchaseId = String(started.json.purchaseId);
    expect(purchaseId).toBe('e2e-http-1');

    await runtime.stepFunctions.waitForExecution(purchaseId);
    const response = await fetch(`${runtime.apiUrl}/purchases/${purchaseId}`);
    const recordText = await response.text();
    const record = (JSON.parse(recordText) as { purchase: Record<string, any> }).purchase;

    const { orders, text } = await sandboxOrders(runtime.sandbox!.url);
    expect(orders).toHaveLength(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.productNo).toBe(TUTORIAL_PRODUCT_NO);
    expect(record.order.orderNo).toBe(orders[0]!.orderNo);
    expect(record.resolved.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(record.resolved.billingId).toBe(TUTORIAL_BILLING_CONTACT_ID);
    expect(recordText).toContain(`"serviceId":"${HOTEL_PMS_SERVICE_ID}"`);
    expect(text).toContain(TUTORIAL_BILLING_CONTACT_ID);
    expect(text).toContain(HOTEL_PMS_SERVICE_ID);
    expect(String(orders[0]!.request.billingId)).toBe(TUTORIAL_BILLING_CONTACT_ID);
  });

  it('second identical request places no second order', async () => {
    const body = { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms' };
    const first = await postPurchase(runtime.apiUrl, body);
    const purchaseId = String(first.json.purchaseId);
    await runtime.stepFunctions.waitForExecution(purchaseId);

    const second = await postPurchase(runtime.apiUrl, body);
    await runtime.stepFunctions.waitForIdle();

    expect(second.status).toBe(200);
    expect((second.json.record as Record<string, unknown> | undefined)?.purchaseId ?? second.json.purchaseId).toBe(purchaseId);
    const { orders } = await sandboxOrders(runtime.sandbox!.url);
    expect(orders).toHaveLength(1);
  });
});

describe('warm purchase', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime();
  });

  afterAll(async () => {
    await runtime.close();
  });

  it('calls only save on the Partner API', async () => {
    const first = await postPurchase(runtime.apiUrl, { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', idempotencyKey: 'warm-1' });
    await runtime.stepFunctions.waitForExecution(String(first.json.purchaseId));
    const routesBefore = await sandboxRoutes(runtime.sandbox!.url);

    const second = await postPurchase(runtime.apiUrl, { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', idempotencyKey: 'warm-2' });
    const execution = await runtime.stepFunctions.waitForExecution(String(second.json.purchaseId));
    const routesAfter = await sandboxRoutes(runtime.sandbox!.url);

    expect(execution.status).toBe('SUCCEEDED');
    expect(routesBefore).toEqual(expect.arrayContaining(['token', 'purchase_product_info', 'billing_contact_list', 'save']));
    expect(routesAfter.slice(routesBefore.length)).toEqual(['save']);
  });
});

async function sandboxRoutes(sandboxUrl: string): Promise<string[]> {
  const response = await fetch(`${sandboxUrl}/__sandbox/requests`);
  return ((await response.json()) as { requests: Array<{ route: string }> }).requests.map((request) => request.route);
}

describe('command-line purchase', () => {
  let sandbox: RunningSandbox;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    dataDir = await mkdtemp(join(tmpdir(), 'ypp-e2e-'));
  });

  afterAll(async () => {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    run('npx', ['tsx', 'local/main.ts', ...args, '--data-dir', dataDir, '--partner-api-url', sandbox.url], {
      env: { ...process.env, YEASTAR_CLIENT_ID: SANDBOX_CLIENT_ID, YEASTAR_CLIENT_SECRET: SANDBOX_CLIENT_SECRET, YEASTAR_DEFAULT_BILLING_CONTACT_ID: TUTORIAL_BILLING_CONTACT_ID },
    }).then(
      (result) => ({ code: 0, stdout: result.stdout, stderr: result.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('prints the succeeded record as JSON', async () => {
    const result = await cli(['purchase', '--product-no', TUTORIAL_PRODUCT_NO, '--json']);

    expect(result.code).toBe(0);
    const record = JSON.parse(result.stdout) as Record<string, any>;
    const { orders } = await sandboxOrders(sandbox.url);
    expect(orders).toHaveLength(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.productNo).toBe(TUTORIAL_PRODUCT_NO);
    expect(record.resolved.productId).toBe('11');
    expect(record.resolved.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(record.resolved.serviceName).toBe('Hotel PMS Integration');
    expect(record.resolved.billingId).toBe(TUTORIAL_BILLING_CONTACT_ID);
    expect(record.order.orderNo).toBe(orders[0]!.orderNo);
    expect(record.order.transactionNo).toEqual(expect.any(String));
    expect(record.order.instanceId).toEqual(expect.any(String));
    expect(record.order.orderStatus).toBe('succeed');
  });

  it('repeated run returns the same purchase', async () => {
    const first = await cli(['purchase', '--product-no', TUTORIAL_PRODUCT_NO, '--json']);
    const second = await cli(['purchase', '--product-no', TUTORIAL_PRODUCT_NO, '--json']);

    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).purchaseId).toBe(JSON.parse(first.stdout).purchaseId);
    const { orders } = await sandboxOrders(sandbox.url);
    expect(orders).toHaveLength(1);
  });

  it('returns once an order awaits payment', async () => {
    await fetch(`${sandbox.url}/__sandbox/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveOrderStatus: 'pending' }),
    });

    const result = await cli(['purchase', '--product-no', TUTORIAL_PRODUCT_NO, '--idempotency-key', 'cli-pending-1', '--json']);
    await fetch(`${sandbox.url}/__sandbox/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveOrderStatus: 'succeed' }),
    });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('PENDING_PAYMENT');
    expect(JSON.parse(result.stdout).order.orderStatus).toBe('pending');
  });

  it('exits 2 on invalid input without a purchase', async () => {
    const result = await cli(['purchase', '--product-no', TUTORIAL_PRODUCT_NO, '--recipe', 'no-such-recipe']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/recipe/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

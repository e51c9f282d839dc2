/**
 * The purchase entry points that do not go through HTTP: a Step Functions console start
 * (raw input, any execution name) and a "Purchase Requested" event on the bus.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { HOTEL_PMS_SERVICE_ID, TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';

let runtime: LocalRuntime;

async function orderCount(): Promise<number> {
  const response = await fetch(`${runtime.sandbox!.url}/__sandbox/orders`);
  return ((await response.json()) as { orders: unknown[] }).orders.length;
}

async function partnerRequestCount(): Promise<number> {
  const response = await fetch(`${runtime.sandbox!.url}/__sandbox/requests`);
  return ((await response.json()) as { requests: unknown[] }).requests.length;
}

beforeAll(async () => {
  runtime = await startLocalRuntime();
});

afterAll(async () => {
  await runtime.close();
});

beforeEach(async () => {
  await fetch(`${runtime.sandbox!.url}/__sandbox/reset`, { method: 'POST' });
});

describe('console start', () => {
  it('runs the documented example input', async () => {
    runtime.stepFunctions.startExecution({
      name: 'console-run-1',
      input: { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', billingContactId: TUTORIAL_BILLING_CONTACT_ID, poNumber: 'HOTEL-42', idempotencyKey: 'console-1' },
    });

    const execution = await runtime.stepFunctions.waitForExecution('console-run-1');
    const record = await runtime.store.get('console-1');

    expect(execution.status).toBe('SUCCEEDED');
    expect(record?.status).toBe('SUCCEEDED');
    expect(record?.poNumber).toBe('HOTEL-42');
    expect(record?.resolved?.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(await orderCount()).toBe(1);
  });

  it('fails invalid input without a record', async () => {
    const recordsBefore = await runtime.store.listByProductNo(TUTORIAL_PRODUCT_NO);
    runtime.stepFunctions.startExecution({ name: 'console-bad-1', input: { productNo: '', recipe: 'appliance-hotel-pms', billingContactId: 3197218168379846218 } });

    const execution = await runtime.stepFunctions.waitForExecution('console-bad-1');

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('InvalidRequestError');
    expect(execution.cause).toMatch(/productNo/);
    expect(execution.cause).toMatch(/billingContactId/);
    expect(execution.cause).toMatch(/string/);
    expect(await partnerRequestCount()).toBe(0);
    expect(await runtime.store.listByProductNo(TUTORIAL_PRODUCT_NO)).toHaveLength(recordsBefore.length);
  });
});

describe('Purchase Requested event', () => {
  it('starts a purchase and publishes the outcome', async () => {
    runtime.putPurchaseRequestedEvent({ productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', idempotencyKey: 'event-1' });
    await runtime.stepFunctions.waitForIdle();

    const record = await runtime.store.get('event-1');
    const outcome = runtime.eventBus.events.find((event) => event.detailType === 'Purchase Succeeded' && (event.detail as { purchaseId?: string }).purchaseId === 'event-1');

    expect(record?.status).toBe('SUCCEEDED');
    expect(outcome).toBeDefined();
    expect(await orderCount()).toBe(1);
  });

  it('delivered three times places one order', async () => {
    const detail = { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', poNumber: 'EVENT-DUP' };
    runtime.putPurchaseRequestedEvent(detail);
    runtime.putPurchaseRequestedEvent(detail);
    runtime.putPurchaseRequestedEvent(detail);
    await runtime.stepFunctions.waitForIdle();

    expect(await orderCount()).toBe(1);
    const records = await runtime.store.listByProductNo(TUTORIAL_PRODUCT_NO);
    const matching = records.filter((record) => record.poNumber === 'EVENT-DUP');
    expect(matching).toHaveLength(1);
    expect(matching[0]!.status).toBe('SUCCEEDED');
  });
});

describe('runtime close', () => {
  it('stops a payment follow-up after the grace time', async () => {
    const pending = await startLocalRuntime({ sandboxSettings: { saveOrderStatus: 'pending' }, stopGraceMs: 100 });
    pending.stepFunctions.startExecution({ name: 'pending-1', input: { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', idempotencyKey: 'pending-1' } });
    for (let check = 0; check < 100 && (await pending.store.get('pending-1'))?.status !== 'PENDING_PAYMENT'; check += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const record = await pending.store.get('pending-1');

    await pending.close();

    expect(record?.status).toBe('PENDING_PAYMENT');
    expect(pending.stepFunctions.describeExecution('pending-1')?.status).toBe('ABORTED');
  });
});

/**
 * The order call (`save`) under lost and failed responses. A committed order whose
 * response is lost is found in the order list instead of bought again, and an order that
 * was never committed is sent once more. The create-order task invoked twice sends one `save`.
 */
import { describe, expect, it } from 'vitest';

import { recordPurchase, recordResolution, resolveBillingContact, resolveItems, validateRequest } from '../../functions/core/steps/index.js';
import { createCreateOrderHandler } from '../../functions/tasks/create-order.js';
import { fakeContext } from '../../local/http-api.js';
import {
  addFault,
  findSecretLeaks,
  finishedRecord,
  hotelPmsRequest,
  postPurchase,
  recordMeasurement,
  requestCounts,
  sandboxOrders,
  sandboxRequests,
  useReliabilitySuite,
} from './support.js';

const suite = useReliabilitySuite();
const { capture, secrets, purchaseIds } = suite;

/** Starts one Hotel PMS purchase over HTTP and returns its final record. */
async function purchase(key: string) {
  purchaseIds.add(key);
  const answer = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: key, poNumber: key.toUpperCase() }));
  expect(answer.status, answer.text).toBe(202);
  return finishedRecord(suite.env, key);
}

/** Lists the order calls and order-list reads in the order they reached the sandbox. */
async function orderCallSequence(): Promise<string[]> {
  return (await sandboxRequests(suite.env)).map((request) => request.route).filter((route) => route === 'save' || route === 'page');
}

describe('save answer lost after commit', () => {
  it('reconciles without a second save', async () => {
    await addFault(suite.env, { route: 'save', kind: 'drop-after-commit', times: 1 });

    const record = await purchase('rel-drop-after');
    const orders = await sandboxOrders(suite.env);
    const counts = await requestCounts(suite.env);

    expect(orders).toHaveLength(1);
    expect(counts.save).toBe(1);
    expect(await orderCallSequence()).toEqual(['save', 'page']);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
    expect(record.order?.source).toBe('reconciled');
    expect(record.saveAttempts).toBe(1);
    await recordMeasurement('save drop-after-commit', suite.env, { status: record.status, saveAttempts: record.saveAttempts });
  });

  it('reconciles a truncated save answer', async () => {
    await addFault(suite.env, { route: 'save', kind: 'malformed-json', times: 1 });

    const record = await purchase('rel-save-truncated');
    const orders = await sandboxOrders(suite.env);

    expect(orders).toHaveLength(1);
    expect((await requestCounts(suite.env)).save).toBe(1);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
    await recordMeasurement('save malformed-json after commit', suite.env, { status: record.status, source: record.order?.source });
  });
});

describe('save failed before commit', () => {
  const cases = [
    { name: 'dropped connection', fault: { route: 'save', kind: 'drop-before-commit', times: 1 }, key: 'rel-drop-before' },
    { name: 'HTTP 503', fault: { route: 'save', kind: 'status', status: 503, times: 1 }, key: 'rel-save-503' },
    { name: 'HTML error page', fault: { route: 'save', kind: 'html', status: 502, times: 1 }, key: 'rel-save-html' },
    { name: 'answer without envelope', fault: { route: 'save', kind: 'status', status: 200, body: { ok: true }, times: 1 }, key: 'rel-save-bare' },
  ];

  for (const { name, fault, key } of cases) {
    it(`${name}: checks the list, then sends once more`, async () => {
      await addFault(suite.env, fault);

      const record = await purchase(key);
      const orders = await sandboxOrders(suite.env);
      const counts = await requestCounts(suite.env);

      expect(orders).toHaveLength(1);
      expect(counts.save).toBe(2);
      // The order list is read between the two order calls, until the lease has passed.
      const sequence = await orderCallSequence();
      expect(sequence[0]).toBe('save');
      expect(sequence.at(-1)).toBe('save');
      expect(sequence.slice(1, -1).length).toBeGreaterThanOrEqual(1);
      expect(new Set(sequence.slice(1, -1))).toEqual(new Set(['page']));
      expect(record.status).toBe('SUCCEEDED');
      expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
      expect(record.order?.source).toBe('save');
      expect(record.saveAttempts).toBe(2);
      await recordMeasurement(`save ${name}`, suite.env, { status: record.status, saveAttempts: record.saveAttempts });
    });
  }

  it('persistent HTML ends FAILED with no order', async () => {
    await addFault(suite.env, { route: 'save', kind: 'html', status: 502 });

    const record = await purchase('rel-save-html-persistent');
    const counts = await requestCounts(suite.env);

    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    expect(counts.save).toBe(2);
    expect(record.status).toBe('FAILED');
    expect(record.order).toBeUndefined();
    expect(record.error?.code).toBe('SaveAttemptsExhausted');
    expect(record.error?.message).toMatch(/2 save attempts created no order/);
    expect(record.error?.message).toMatch(/the order list shows none with customReferenceNo "rel-save-html-persistent"/i);
    await recordMeasurement('save persistent HTML', suite.env, { status: record.status, error: record.error });
  });
});

describe('create-order task invoked twice', () => {
  /** Records and resolves a purchase with the step functions, leaving it RESOLVED. */
  async function resolvedPurchase(key: string): Promise<string> {
    const deps = suite.env.runtime.stepDeps;
    const validated = await validateRequest(hotelPmsRequest({ idempotencyKey: key, poNumber: key.toUpperCase() }));
    await recordPurchase({ ...validated, executionId: `rel-execution-${key}` }, deps);
    const items = await resolveItems({ purchaseId: validated.purchaseId, request: validated.request }, deps);
    const contact = await resolveBillingContact({ purchaseId: validated.purchaseId, request: validated.request }, deps);
    await recordResolution({ purchaseId: validated.purchaseId, resolved: { ...items, ...contact } }, deps);
    purchaseIds.add(validated.purchaseId);
    return validated.purchaseId;
  }

  const handler = () => {
    const createOrder = createCreateOrderHandler(suite.env.runtime.stepDeps);
    return (input: unknown) => createOrder(input, fakeContext('functions/tasks/create-order.ts')) as Promise<Record<string, any>>;
  };

  it('one after the other sends one save', async () => {
    const purchaseId = await resolvedPurchase('rel-task-twice');
    const invoke = handler();

    const first = await invoke({ purchaseId });
    const second = await invoke({ purchaseId });
    const orders = await sandboxOrders(suite.env);

    expect(orders).toHaveLength(1);
    expect((await requestCounts(suite.env)).save).toBe(1);
    expect(first.status).toBe('SUCCEEDED');
    expect(second.status).toBe('SUCCEEDED');
    expect(second.record.order.orderNo).toBe(orders[0]!.orderNo);
    expect(first.record.order.orderNo).toBe(orders[0]!.orderNo);
    await recordMeasurement('create-order task twice in a row', suite.env);
  });

  it('at the same time sends one save', async () => {
    const purchaseId = await resolvedPurchase('rel-task-concurrent');
    const invoke = handler();
    // The first save responds late, so the second invocation runs while it is in flight.
    await addFault(suite.env, { route: 'save', kind: 'delay', delayMs: 300, times: 1 });

    const outcomes = await Promise.allSettled([invoke({ purchaseId }), invoke({ purchaseId })]);
    const retried = await invoke({ purchaseId });
    const orders = await sandboxOrders(suite.env);

    expect(orders).toHaveLength(1);
    expect((await requestCounts(suite.env)).save).toBe(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') {
        expect(outcome.value.status).toBe('SUCCEEDED');
      } else {
        expect((outcome.reason as Error).name).toBe('SubmissionInProgressError');
      }
    }
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(retried.status).toBe('SUCCEEDED');
    expect(retried.record.order.orderNo).toBe(orders[0]!.orderNo);
    const settled = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'SUCCEEDED' : (outcome.reason as Error).name));
    await recordMeasurement('create-order task twice at once', suite.env, { outcomes: settled });
  });
});

describe('secrets', () => {
  it('appear in no output, record, event or history', async () => {
    expect(secrets.values.size).toBeGreaterThan(2);
    expect(await findSecretLeaks(suite.env, capture, secrets, purchaseIds)).toEqual([]);
  });
});

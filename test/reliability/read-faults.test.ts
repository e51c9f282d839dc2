/**
 * Catalogue, billing-contact and order calls under faults. Transient errors are retried and
 * logged once per retry, and 429 responses wait for Retry-After. Malformed responses are
 * retried, and when they persist the purchase fails with a message that describes them.
 * Permanent rejections fail at once with the Partner API's code.
 */
import { describe, expect, it } from 'vitest';

import { TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
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

async function purchase(key: string, overrides: Record<string, unknown> = {}) {
  purchaseIds.add(key);
  const answer = await postPurchase(suite.env, hotelPmsRequest({ idempotencyKey: key, poNumber: key.toUpperCase(), ...overrides }));
  expect(answer.status, answer.text).toBe(202);
  return finishedRecord(suite.env, key);
}

describe('transient read failures', () => {
  it('503 twice on each read: retried, logged once each', async () => {
    await addFault(suite.env, { route: 'purchase_product_info', kind: 'status', status: 503, times: 2 });
    await addFault(suite.env, { route: 'billing_contact_list', kind: 'status', status: 503, times: 2 });
    const firstLine = capture.lines.length;

    const record = await purchase('rel-read-503');
    const retries = capture
      .logEntries()
      .slice(0)
      .filter((entry) => entry.message === 'Retrying Partner API call' && entry.purchaseId === 'rel-read-503');
    const linesOfThisTest = capture.lines.slice(firstLine).join('\n');
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('SUCCEEDED');
    expect(await sandboxOrders(suite.env)).toHaveLength(1);
    expect(counts.purchase_product_info).toBe(3);
    expect(counts.billing_contact_list).toBe(3);
    for (const route of ['purchase_product_info', 'billing_contact_list']) {
      const lines = retries.filter((entry) => entry.route === route);
      expect(lines.map((entry) => entry.attempt)).toEqual([2, 3]);
      for (const line of lines) {
        expect(line.errorName).toBe('PartnerApiUnavailableError');
        expect(line.httpStatus).toBe(503);
        expect(line.requestId).toMatch(/^[0-9a-f]{32}$/);
      }
    }
    expect(retries).toHaveLength(4);
    expect(linesOfThisTest).toContain('rel-read-503');
    await recordMeasurement('read 503 twice', suite.env, { status: record.status, retryLogLines: retries.length });
  });

  it('429 waits for Retry-After', async () => {
    await addFault(suite.env, { route: 'purchase_product_info', kind: 'throttle', retryAfterSeconds: 1, times: 1 });

    const record = await purchase('rel-read-429');
    const catalogueCalls = (await sandboxRequests(suite.env)).filter((request) => request.route === 'purchase_product_info');

    expect(record.status).toBe('SUCCEEDED');
    expect(await sandboxOrders(suite.env)).toHaveLength(1);
    expect(catalogueCalls.map((request) => request.status)).toEqual([429, 200]);
    const gapMs = Date.parse(catalogueCalls[1]!.at) - Date.parse(catalogueCalls[0]!.at);
    expect(gapMs).toBeGreaterThanOrEqual(1000);
    // The client waits for Retry-After only up to its bound of 20 s.
    expect(gapMs).toBeLessThan(20_000);
    await recordMeasurement('read 429 Retry-After 1 s', suite.env, { status: record.status, gapMs });
  });

  it('429 on save waits and sends once more', async () => {
    await addFault(suite.env, { route: 'save', kind: 'throttle', retryAfterSeconds: 1, times: 1 });

    const record = await purchase('rel-save-429');
    const saves = (await sandboxRequests(suite.env)).filter((request) => request.route === 'save');
    const orders = await sandboxOrders(suite.env);
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('SUCCEEDED');
    expect(orders).toHaveLength(1);
    expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
    expect(saves.map((request) => request.status)).toEqual([429, 200]);
    expect(counts.page).toBeUndefined();
    const gapMs = Date.parse(saves[1]!.at) - Date.parse(saves[0]!.at);
    expect(gapMs).toBeGreaterThanOrEqual(1000);
    expect(gapMs).toBeLessThan(20_000);
    await recordMeasurement('save 429 Retry-After 1 s', suite.env, { status: record.status, gapMs });
  });
});

describe('malformed read answers', () => {
  const shortCases = [
    { name: 'HTML page', fault: { route: 'purchase_product_info', kind: 'html', status: 502, times: 1 }, key: 'rel-html-once' },
    { name: 'truncated JSON', fault: { route: 'billing_contact_list', kind: 'malformed-json', times: 1 }, key: 'rel-truncated-once' },
    { name: 'no envelope', fault: { route: 'purchase_product_info', kind: 'status', status: 200, body: { products: [] }, times: 1 }, key: 'rel-bare-once' },
  ];

  for (const { name, fault, key } of shortCases) {
    it(`${name} once is retried`, async () => {
      await addFault(suite.env, fault);

      const record = await purchase(key);
      const orders = await sandboxOrders(suite.env);

      expect(record.status).toBe('SUCCEEDED');
      expect(orders).toHaveLength(1);
      expect(record.order?.orderNo).toBe(orders[0]!.orderNo);
      expect((await requestCounts(suite.env))[fault.route]).toBe(2);
      await recordMeasurement(`read ${name} once`, suite.env, { status: record.status });
    });
  }

  const persistentCases = [
    {
      name: 'HTML page',
      fault: { route: 'purchase_product_info', kind: 'html', status: 502 },
      key: 'rel-html-always',
      error: 'PartnerApiUnavailableError',
      says: /not a JSON envelope \(text\/html.*HTTP 502/,
    },
    {
      name: 'truncated JSON',
      fault: { route: 'purchase_product_info', kind: 'malformed-json' },
      key: 'rel-truncated-always',
      error: 'PartnerApiMalformedResponseError',
      says: /not a JSON envelope/,
    },
    {
      name: 'no envelope',
      fault: { route: 'purchase_product_info', kind: 'status', status: 200, body: { products: [] } },
      key: 'rel-bare-always',
      error: 'PartnerApiMalformedResponseError',
      says: /not a JSON envelope/,
    },
  ];

  for (const { name, fault, key, error, says } of persistentCases) {
    it(`${name} that persists fails the purchase`, async () => {
      await addFault(suite.env, fault);

      const record = await purchase(key);
      const counts = await requestCounts(suite.env);

      expect(record.status).toBe('FAILED');
      expect(record.order).toBeUndefined();
      expect(record.error?.code).toBe(error);
      expect(record.error?.message).toMatch(says);
      expect(counts.save).toBeUndefined();
      expect(await sandboxOrders(suite.env)).toHaveLength(0);
      // 4 client attempts in each of 5 task attempts (the first and 4 Step Functions retries).
      expect(counts.purchase_product_info).toBe(20);
      await recordMeasurement(`read ${name} persistent`, suite.env, { status: record.status, error: record.error });
    });
  }
});

describe('permanent rejections', () => {
  it('unknown PBX fails with pbx_not_found', async () => {
    const record = await purchase('rel-unknown-pbx', { productNo: '3631E0000000' });
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('FAILED');
    expect(record.error?.code).toBe('PartnerApiRejectedError');
    expect(record.error?.message).toMatch(/HTTP 404, code pbx_not_found, detailMessage "[^"]+"/);
    expect(record.error?.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(counts).toEqual({ token: 1, purchase_product_info: 1, billing_contact_list: 1 });
    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    await recordMeasurement('unknown PBX', suite.env, { status: record.status, error: record.error });
  });

  it('unknown service name fails naming the catalogue', async () => {
    const record = await purchase('rel-unknown-service', { serviceName: 'Hotel PMS Deluxe' });
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('FAILED');
    expect(record.error?.code).toBe('CatalogueLookupError');
    expect(record.error?.message).toMatch(/Hotel PMS Deluxe/);
    expect(record.error?.message).toMatch(/Hotel PMS Integration/);
    // A name without a match drops the cached lookups and reads the catalogue once more.
    expect(counts).toEqual({ token: 1, purchase_product_info: 2, billing_contact_list: 1 });
    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    await recordMeasurement('unknown service name', suite.env, { status: record.status, error: record.error });
  });

  it('unknown billing contact fails listing the contacts', async () => {
    const record = await purchase('rel-unknown-contact', { billingContactId: '3197218168379846200' });
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('FAILED');
    expect(record.error?.code).toBe('BillingContactNotFoundError');
    expect(record.error?.message).toMatch(/3197218168379846200/);
    // An id without a match drops the cached lookups and reads the contacts once more.
    expect(counts).toEqual({ token: 1, purchase_product_info: 1, billing_contact_list: 2 });
    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    await recordMeasurement('unknown billing contact', suite.env, { status: record.status, error: record.error });
  });

  it('billing contact rejected by save: one save', async () => {
    const body = {
      code: 'billing_contact_not_found',
      detailMessage: 'The billing contact does not exist',
      requestId: '0123456789abcdef0123456789abcdef',
      result: null,
      status: 400,
    };
    await addFault(suite.env, { route: 'save', kind: 'status', status: 400, body, times: 1 });

    const record = await purchase('rel-save-contact');
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('FAILED');
    expect(record.error?.code).toBe('billing_contact_not_found');
    expect(record.error?.message).toBe('The billing contact does not exist');
    expect(record.error?.requestId).toBe('0123456789abcdef0123456789abcdef');
    expect(counts.save).toBe(1);
    expect(counts.page).toBeUndefined();
    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    await recordMeasurement('save billing_contact_not_found', suite.env, { status: record.status, error: record.error });
  });

  it('parameter_validation_failed on save: one save', async () => {
    const body = {
      code: 'parameter_validation_failed',
      detailMessage: 'Parameter validation failed',
      requestId: 'fedcba9876543210fedcba9876543210',
      result: { field: 'serviceList[0].multiCycle', tag: 'oneof' },
      status: 400,
    };
    await addFault(suite.env, { route: 'save', kind: 'status', status: 400, body, times: 1 });

    const record = await purchase('rel-save-validation');
    const counts = await requestCounts(suite.env);

    expect(record.status).toBe('FAILED');
    expect(record.error?.code).toBe('parameter_validation_failed');
    expect(record.error?.message).toMatch(/Parameter validation failed/);
    // The rejection makes the create-order step look the ids up once more, bypassing the
    // cache; they are unchanged, so no second save follows.
    expect(counts).toEqual({ token: 1, purchase_product_info: 2, billing_contact_list: 2, save: 1 });
    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    await recordMeasurement('save parameter_validation_failed', suite.env, { status: record.status, error: record.error });
  });

  it('parameter_validation_failed from the sandbox rules', async () => {
    purchaseIds.add('rel-explicit-invalid');
    const answer = await postPurchase(suite.env, {
      productNo: TUTORIAL_PRODUCT_NO,
      productId: '11',
      operationType: 'purchase_service',
      items: [{ serviceName: 'Hotel PMS Integration', serviceType: 'service', purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 3 }],
      idempotencyKey: 'rel-explicit-invalid',
    });
    const record = await finishedRecord(suite.env, 'rel-explicit-invalid');
    const counts = await requestCounts(suite.env);

    expect(answer.status, answer.text).toBe(202);
    expect(record.status).toBe('FAILED');
    expect(record.error?.code).toBe('parameter_validation_failed');
    expect(JSON.stringify(record.error)).toMatch(/multiCycle/);
    expect(counts.save).toBe(1);
    expect(await sandboxOrders(suite.env)).toHaveLength(0);
    await recordMeasurement('save parameter_validation_failed (sandbox rule)', suite.env, { status: record.status, error: record.error });
  });
});

describe('secrets', () => {
  it('appear in no output, record, event or history', async () => {
    expect(secrets.values.size).toBeGreaterThan(2);
    expect(await findSecretLeaks(suite.env, capture, secrets, purchaseIds)).toEqual([]);
  });
});

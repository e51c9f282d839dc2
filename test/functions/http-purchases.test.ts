import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DynamoPurchaseStore } from '../../functions/aws/purchase-store.js';
import { PurchaseConflictError } from '../../functions/core/errors.js';
import type { PurchaseRecord } from '../../functions/core/purchase.js';
import { createGetPurchaseHandler } from '../../functions/http/get-purchase.js';
import { MAX_BODY_BYTES } from '../../functions/http/http-request.js';
import { createListPurchasesHandler } from '../../functions/http/list-purchases.js';
import type { PurchaseStarter, PurchaseToStart } from '../../functions/http/ports.js';
import { createStartPurchaseHandler } from '../../functions/http/start-purchase.js';
import { startDynalite } from '../aws/support/dynalite.js';
import type { LocalDynamo } from '../aws/support/dynalite.js';
import { httpEvent, lambdaContext, parseResponse, postJson } from './support/events.js';

const PRODUCT_NO = '3631E0997265';
const BILLING_CONTACT_ID = '3197218168379846218';
const VALID_REQUEST = {
  productNo: PRODUCT_NO,
  recipe: 'appliance-hotel-pms',
  billingContactId: BILLING_CONTACT_ID,
  poNumber: 'HOTEL-42',
  idempotencyKey: 'crm-order-8812',
};

/** Records the purchases it was asked to start; no local Step Functions endpoint exists for StartExecution. */
class RecordingStarter implements PurchaseStarter {
  readonly started: PurchaseToStart[] = [];

  async start(purchase: PurchaseToStart) {
    const replay = this.started.find((item) => item.purchaseId === purchase.purchaseId);
    if (replay !== undefined && replay.requestHash !== purchase.requestHash) throw new PurchaseConflictError(purchase.purchaseId);
    this.started.push(purchase);
    return { outcome: replay === undefined ? ('started' as const) : ('replayed' as const) };
  }
}

let dynamo: LocalDynamo;
let store: DynamoPurchaseStore;
let starter: RecordingStarter;

function startPurchase(body: unknown, headers: Record<string, string> = {}) {
  const handler = createStartPurchaseHandler({ store, starter });
  return handler(postJson('/purchases', 'POST /purchases', body, headers), lambdaContext).then(parseResponse);
}

function storedRecord(overrides: Partial<PurchaseRecord>): PurchaseRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    purchaseId: 'stored-1',
    requestHash: 'f'.repeat(64),
    status: 'SUCCEEDED',
    request: {},
    productNo: PRODUCT_NO,
    poNumber: 'PO',
    saveAttempts: 1,
    history: [{ status: 'SUCCEEDED', at }],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.close();
});

beforeEach(async () => {
  store = new DynamoPurchaseStore({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client });
  starter = new RecordingStarter();
});

describe('POST /purchases', () => {
  it('starts a valid purchase with 202', async () => {
    const response = await startPurchase(VALID_REQUEST);

    expect(response.statusCode).toBe(202);
    expect(response.body).toMatchObject({ purchaseId: 'crm-order-8812', status: 'REQUESTED', outcome: 'started' });
    expect(response.body.links.self).toBe('/purchases/crm-order-8812');
    expect(response.headers.location).toBe('/purchases/crm-order-8812');
    expect(starter.started).toHaveLength(1);
    expect(starter.started[0]!.request.billingContactId).toBe(BILLING_CONTACT_ID);
  });

  it('replays a repeated start with 202', async () => {
    await startPurchase(VALID_REQUEST);

    const response = await startPurchase(VALID_REQUEST);

    expect(response.statusCode).toBe(202);
    expect(response.body.outcome).toBe('replayed');
  });

  it('uses the Idempotency-Key header as the purchase id', async () => {
    const { idempotencyKey: _key, ...withoutKey } = VALID_REQUEST;

    const response = await startPurchase(withoutKey, { 'Idempotency-Key': 'header-key-1' });

    expect(response.statusCode).toBe(202);
    expect(response.body.purchaseId).toBe('header-key-1');
  });

  it('returns 200 with a finished record', async () => {
    await startPurchase(VALID_REQUEST);
    const requestHash = starter.started[0]!.requestHash;
    await store.create(storedRecord({ purchaseId: 'crm-order-8812', requestHash }));

    const response = await startPurchase(VALID_REQUEST);

    expect(response.statusCode).toBe(200);
    expect(response.body.purchase.status).toBe('SUCCEEDED');
  });

  it('returns 409 for a reused key', async () => {
    await store.create(storedRecord({ purchaseId: 'crm-order-8812', status: 'REQUESTED' }));

    const response = await startPurchase(VALID_REQUEST);

    expect(response.statusCode).toBe(409);
    expect(response.body.error.code).toBe('conflict');
  });

  const oversized = JSON.stringify({ ...VALID_REQUEST, poNumber: 'x'.repeat(MAX_BODY_BYTES) });
  const badInputs: { name: string; body: string; headers?: Record<string, string>; status: number; code: string; field?: string }[] = [
    { name: 'invalid JSON', body: '{"productNo": ', status: 400, code: 'invalid_json' },
    { name: 'empty body', body: '', status: 400, code: 'invalid_json' },
    { name: 'JSON array', body: '[]', status: 400, code: 'invalid_request', field: '(request)' },
    { name: 'missing productNo', body: JSON.stringify({ ...VALID_REQUEST, productNo: undefined }), status: 400, code: 'invalid_request', field: 'productNo' },
    { name: 'small id as number', body: JSON.stringify({ ...VALID_REQUEST, billingContactId: 42 }), status: 400, code: 'invalid_request', field: 'billingContactId' },
    {
      name: 'large id as number',
      body: `{"productNo":"${PRODUCT_NO}","recipe":"appliance-hotel-pms","billingContactId":${BILLING_CONTACT_ID}}`,
      status: 400,
      code: 'invalid_request',
      field: 'billingContactId',
    },
    { name: 'unknown field', body: JSON.stringify({ ...VALID_REQUEST, colour: 'red' }), status: 400, code: 'invalid_request', field: 'colour' },
    { name: '__proto__ key', body: `{"productNo":"${PRODUCT_NO}","recipe":"appliance-hotel-pms","__proto__":{"admin":true}}`, status: 400, code: 'invalid_request', field: '__proto__' },
    { name: 'oversized body', body: oversized, status: 413, code: 'payload_too_large' },
    { name: 'text content type', body: JSON.stringify(VALID_REQUEST), headers: { 'content-type': 'text/plain' }, status: 415, code: 'unsupported_media_type' },
    { name: 'form content type', body: 'productNo=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },
    { name: 'key mismatch', body: JSON.stringify(VALID_REQUEST), headers: { 'idempotency-key': 'other-key' }, status: 400, code: 'invalid_request', field: 'idempotencyKey' },
  ];

  it.each(badInputs)('rejects $name', async ({ body, headers, status, code, field }) => {
    const handler = createStartPurchaseHandler({ store, starter });
    const event = httpEvent({
      method: 'POST',
      path: '/purchases',
      routeKey: 'POST /purchases',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

    const response = parseResponse(await handler(event, lambdaContext));

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    expect(JSON.stringify(response.body)).not.toMatch(/\.ts:\d+|at .+\(/);
    if (field !== undefined) {
      expect(response.body.error.details.issues.map((issue: { field: string }) => issue.field)).toContain(field);
    }
    expect(starter.started).toHaveLength(0);
    expect(await store.listByProductNo(PRODUCT_NO)).toHaveLength(0);
    expect(await store.get('crm-order-8812')).toBeUndefined();
  });

  it('rejects a body that is not UTF-8', async () => {
    const handler = createStartPurchaseHandler({ store, starter });
    const event = httpEvent({
      method: 'POST',
      path: '/purchases',
      routeKey: 'POST /purchases',
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'),
      isBase64Encoded: true,
      headers: { 'content-type': 'application/json' },
    });

    const response = parseResponse(await handler(event, lambdaContext));

    expect(response.statusCode).toBe(400);
    expect(response.body.error.message).toContain('UTF-8');
    expect(starter.started).toHaveLength(0);
  });

  it('accepts a base64-encoded body', async () => {
    const handler = createStartPurchaseHandler({ store, starter });
    const event = httpEvent({
      method: 'POST',
      path: '/purchases',
      routeKey: 'POST /purchases',
      body: Buffer.from(JSON.stringify(VALID_REQUEST)).toString('base64'),
      isBase64Encoded: true,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

    const response = parseResponse(await handler(event, lambdaContext));

    expect(response.statusCode).toBe(202);
  });
});

describe('GET /purchases/{purchaseId}', () => {
  function getPurchase(purchaseId: string) {
    const handler = createGetPurchaseHandler({ store });
    const event = httpEvent({ method: 'GET', path: `/purchases/${purchaseId}`, routeKey: 'GET /purchases/{purchaseId}', pathParameters: { purchaseId } });
    return handler(event, lambdaContext).then(parseResponse);
  }

  it('returns a stored record', async () => {
    const record = storedRecord({});
    await store.create(record);

    const response = await getPurchase('stored-1');

    expect(response.statusCode).toBe(200);
    expect(response.body.purchase).toEqual(record);
  });

  it('returns 404 for an unknown id', async () => {
    const response = await getPurchase('missing-1');

    expect(response.statusCode).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('returns 400 for an invalid id', async () => {
    const response = await getPurchase('bad id!');

    expect(response.statusCode).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('purchaseId');
  });
});

describe('GET /purchases?productNo=SN', () => {
  function listPurchases(query: Record<string, string>) {
    const handler = createListPurchasesHandler({ store });
    const event = httpEvent({ method: 'GET', path: '/purchases', routeKey: 'GET /purchases', queryStringParameters: query });
    return handler(event, lambdaContext).then(parseResponse);
  }

  it('lists the purchases of one PBX', async () => {
    await store.create(storedRecord({ purchaseId: 'a-1', createdAt: '2026-01-01T00:00:01.000Z' }));
    await store.create(storedRecord({ purchaseId: 'a-2', createdAt: '2026-01-01T00:00:02.000Z' }));
    await store.create(storedRecord({ purchaseId: 'b-1', productNo: 'OTHER' }));

    const response = await listPurchases({ productNo: PRODUCT_NO.toLowerCase() });

    expect(response.statusCode).toBe(200);
    expect(response.body.purchases.map((purchase: PurchaseRecord) => purchase.purchaseId)).toEqual(['a-2', 'a-1']);
  });

  it.each([
    ['missing productNo', {}, 'productNo'],
    ['invalid productNo', { productNo: '../etc' }, 'productNo'],
    ['limit of zero', { productNo: PRODUCT_NO, limit: '0' }, 'limit'],
    ['limit over 100', { productNo: PRODUCT_NO, limit: '101' }, 'limit'],
  ])('rejects %s', async (_case, query, field) => {
    const response = await listPurchases(query);

    expect(response.statusCode).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe(field);
  });
});

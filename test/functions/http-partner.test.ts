import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DynamoPurchaseStore } from '../../functions/aws/purchase-store.js';
import { systemClock } from '../../functions/core/ports.js';
import type { StepDeps } from '../../functions/core/settings.js';
import { createCreateOrderHandler } from '../../functions/http/create-order.js';
import { createGetCatalogHandler } from '../../functions/http/get-catalog.js';
import { createListBillingContactsHandler } from '../../functions/http/list-billing-contacts.js';
import { PartnerApiClient } from '../../functions/partner-api/client.js';
import { OAuthTokenManager } from '../../functions/partner-api/oauth.js';
import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import {
  HOTEL_PMS_SERVICE_ID,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  TUTORIAL_BILLING_CONTACT_ID,
  TUTORIAL_PRODUCT_NO,
} from '../../local/sandbox/seed.js';
import { startDynalite } from '../aws/support/dynalite.js';
import type { LocalDynamo } from '../aws/support/dynalite.js';
import { httpEvent, lambdaContext, parseResponse, postJson } from './support/events.js';

const ORDER_BODY = {
  productNo: TUTORIAL_PRODUCT_NO,
  productId: '11',
  operationType: 'purchase_service',
  billingContactId: TUTORIAL_BILLING_CONTACT_ID,
  poNumber: 'HOTEL-42',
  items: [
    { serviceType: 'service', serviceId: HOTEL_PMS_SERVICE_ID, purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 0 },
  ],
};

let dynamo: LocalDynamo;
let sandbox: RunningSandbox;
let deps: StepDeps;

async function sandboxOrders(): Promise<unknown[]> {
  const response = await fetch(`${sandbox.url}/__sandbox/orders`);
  return ((await response.json()) as { orders: unknown[] }).orders;
}

function postOrder(body: unknown, headers: Record<string, string>) {
  const handler = createCreateOrderHandler(deps);
  return handler(postJson('/orders', 'POST /orders', body, headers), lambdaContext).then(parseResponse);
}

beforeAll(async () => {
  dynamo = await startDynalite();
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox?.close();
  await dynamo?.close();
});

beforeEach(async () => {
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  const tokens = new OAuthTokenManager({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, userAgent: 'OpenAPI test' });
  deps = {
    store: new DynamoPurchaseStore({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client }),
    partnerApi: new PartnerApiClient({ baseUrl: sandbox.url, userAgent: 'OpenAPI test', tokens }),
    clock: systemClock,
  };
});

describe('GET /catalog/{productId}', () => {
  function getCatalog(productId: string, query?: Record<string, string>) {
    const handler = createGetCatalogHandler(deps);
    const event = httpEvent({
      method: 'GET',
      path: `/catalog/${productId}`,
      routeKey: 'GET /catalog/{productId}',
      pathParameters: { productId },
      ...(query === undefined ? {} : { queryStringParameters: query }),
    });
    return handler(event, lambdaContext).then(parseResponse);
  }

  it('lists the Hotel PMS service with its exact id', async () => {
    const response = await getCatalog('11', { productNo: TUTORIAL_PRODUCT_NO });

    const hotelPms = response.body.items.find((item: { name: string }) => item.name === 'Hotel PMS Integration');
    expect(response.statusCode).toBe(200);
    expect(hotelPms.id).toBe(HOTEL_PMS_SERVICE_ID);
    expect(hotelPms.kind).toBe('service');
  });

  it('rejects a non-numeric productId', async () => {
    const response = await getCatalog('eleven');

    expect(response.statusCode).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('productId');
  });

  it('returns 502 with the requestId when the Partner API fails', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'purchase_product_info', kind: 'status', status: 400 }),
    });

    const response = await getCatalog('11', { productNo: TUTORIAL_PRODUCT_NO });

    expect(response.statusCode).toBe(502);
    expect(response.body.error.code).toBe('partner_api_failed');
    expect(response.body.error.details.route).toBe('purchase_product_info');
  });
});

describe('GET /billing-contacts', () => {
  it('lists the tutorial billing contact', async () => {
    const handler = createListBillingContactsHandler(deps);

    const response = parseResponse(
      await handler(httpEvent({ method: 'GET', path: '/billing-contacts', routeKey: 'GET /billing-contacts' }), lambdaContext),
    );

    expect(response.statusCode).toBe(200);
    expect(response.body.billingContacts.map((contact: { billingContactId: string }) => contact.billingContactId)).toContain(
      TUTORIAL_BILLING_CONTACT_ID,
    );
  });
});

describe('POST /orders', () => {
  it('places one order and replays it', async () => {
    const first = await postOrder(ORDER_BODY, { 'Idempotency-Key': 'order-key-1' });
    const second = await postOrder(ORDER_BODY, { 'Idempotency-Key': 'order-key-1' });

    expect(first.statusCode).toBe(201);
    expect(first.body.status).toBe('SUCCEEDED');
    expect(first.body.purchase.order.orderNo).toMatch(/\S/);
    expect(first.body.purchase.resolved.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(second.statusCode).toBe(200);
    expect(second.body.purchase.order.orderNo).toBe(first.body.purchase.order.orderNo);
    expect(await sandboxOrders()).toHaveLength(1);
  });

  it('returns 409 for a key reused with another body', async () => {
    await postOrder(ORDER_BODY, { 'Idempotency-Key': 'order-key-2' });

    const response = await postOrder({ ...ORDER_BODY, poNumber: 'OTHER' }, { 'Idempotency-Key': 'order-key-2' });

    expect(response.statusCode).toBe(409);
    expect(await sandboxOrders()).toHaveLength(1);
  });

  it.each([
    ['missing Idempotency-Key', ORDER_BODY, {}, 'Idempotency-Key'],
    ['invalid Idempotency-Key', ORDER_BODY, { 'Idempotency-Key': 'has space' }, 'Idempotency-Key'],
    ['missing billingContactId', { ...ORDER_BODY, billingContactId: undefined }, { 'Idempotency-Key': 'k-1' }, 'billingContactId'],
    ['serviceName in place of serviceId', { ...ORDER_BODY, items: [{ serviceName: 'Hotel PMS Integration' }] }, { 'Idempotency-Key': 'k-2' }, 'items[0].serviceId'],
    ['serviceId as a number', { ...ORDER_BODY, items: [{ ...ORDER_BODY.items[0], serviceId: 3131 }] }, { 'Idempotency-Key': 'k-3' }, 'items[0].serviceId'],
    ['dry run', { ...ORDER_BODY, dryRun: true }, { 'Idempotency-Key': 'k-4' }, 'dryRun'],
  ])('rejects %s without ordering', async (_case, body, headers, field) => {
    const response = await postOrder(body, headers);

    expect(response.statusCode).toBe(400);
    expect(response.body.error.details.issues.map((issue: { field: string }) => issue.field).join(' ')).toContain(field);
    expect(await sandboxOrders()).toHaveLength(0);
  });

  it('rejects a 19-digit serviceId written as a JSON number', async () => {
    const body = JSON.stringify(ORDER_BODY).replace(`"${HOTEL_PMS_SERVICE_ID}"`, HOTEL_PMS_SERVICE_ID);

    const response = await postOrder(body, { 'Idempotency-Key': 'k-5' });

    expect(response.statusCode).toBe(400);
    expect(response.body.error.details.issues[0].field).toBe('items[0].serviceId');
    expect(await deps.store.get('k-5')).toBeUndefined();
  });
});

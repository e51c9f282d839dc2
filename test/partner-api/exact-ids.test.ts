import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { RunningSandbox } from '../../local/sandbox/server.js';
import { HOTEL_PMS_SERVICE_ID } from '../../local/sandbox/seed.js';
import { createTestClient, hotelPmsOrder, recordingFetch, startTestSandbox, type SandboxControl } from './sandbox-harness.js';

// Pairs of ids that one JavaScript number cannot tell apart: both round to the same double.
const SECOND_BILLING_CONTACT_ID = '3197218168379846219';
const PSE_PBX = '5070C0021101';
const PSE_ENTERPRISE_PLAN_ID = '3048563941501911040';
const PSE_HOTEL_PMS_SERVICE_ID = '3048564965071470592';

let sandbox: RunningSandbox;
let control: SandboxControl;

beforeAll(async () => {
  ({ sandbox, control } = await startTestSandbox());
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  await control.reset();
});

describe('exact ids on the wire', () => {
  it('writes Long fields as bare numbers', async () => {
    expect(Number(SECOND_BILLING_CONTACT_ID)).toBe(Number('3197218168379846218'));
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });

    await client.createOrder(hotelPmsOrder({ billingId: SECOND_BILLING_CONTACT_ID }));

    const body = recorder.requests.find((request) => request.url.endsWith('/save'))!.body!;
    expect(body).toContain('"billingId":3197218168379846219');
    expect(body).toContain('"productId":11,');
    expect(body).toContain(`"serviceId":${HOTEL_PMS_SERVICE_ID},`);
    expect(body).toContain('"multiCycle":0');
    expect(body).toContain('"productNo":"3631E0997265"');
    expect(body).not.toMatch(/"(billingId|productId|serviceId)":"/);
  });

  it('the sandbox records the exact ids of the order', async () => {
    const { client } = createTestClient(sandbox.url);

    await client.createOrder(hotelPmsOrder({ billingId: SECOND_BILLING_CONTACT_ID }));

    const [order] = await control.orders();
    expect(order!.billingId).toBe(SECOND_BILLING_CONTACT_ID);
    const request = order!.request as { billingId: unknown; productId: unknown; serviceList: { serviceId: unknown }[] };
    expect(request.billingId).toBe(SECOND_BILLING_CONTACT_ID);
    expect(request.productId).toBe(11);
    expect(request.serviceList[0]!.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
  });

  it('writes connectionPlanId and quantity as bare numbers', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });

    await client.createOrder({
      operationType: 'purchase_service',
      productId: '12',
      productNo: PSE_PBX,
      billingId: SECOND_BILLING_CONTACT_ID,
      serviceList: [
        {
          serviceType: 'service',
          serviceId: PSE_HOTEL_PMS_SERVICE_ID,
          purchaseType: 'purchase',
          billingModel: 'recurring',
          billingCycle: 'annually',
          multiCycle: 1,
          quantity: 3,
          connectionPlanId: PSE_ENTERPRISE_PLAN_ID,
        },
      ],
    });

    const body = recorder.requests.find((request) => request.url.endsWith('/save'))!.body!;
    expect(body).toContain(`"connectionPlanId":${PSE_ENTERPRISE_PLAN_ID}`);
    expect(body).toContain('"quantity":3');
    expect(body).toContain('"multiCycle":1');
    const [order] = await control.orders();
    const recorded = order!.request as { serviceList: Record<string, unknown>[] };
    expect(recorded.serviceList[0]!.connectionPlanId).toBe(PSE_ENTERPRISE_PLAN_ID);
    expect(recorded.serviceList[0]!.quantity).toBe(3);
    const item = (order!.items as Record<string, unknown>[])[0]!;
    expect(item.connectionPlanId).toBe(PSE_ENTERPRISE_PLAN_ID);
    expect(item.serviceId).toBe(PSE_HOTEL_PMS_SERVICE_ID);
    expect(item.quantity).toBe(3);
  });

  it('writes partnerId and assignId as strings', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });

    await client.createOrder(hotelPmsOrder({ partnerId: '3076913644890832898', assignId: '3076913644890832897' }));

    const body = recorder.requests.find((request) => request.url.endsWith('/save'))!.body!;
    expect(body).toContain('"partnerId":"3076913644890832898"');
    expect(body).toContain('"assignId":"3076913644890832897"');
  });
});

describe('exact ids in responses', () => {
  it('reads 19-digit billing contact ids without rounding', async () => {
    const { client } = createTestClient(sandbox.url);

    const contacts = await client.listBillingContacts();

    expect(contacts.map((contact) => contact.billingContactId)).toEqual(['3197218168379846218', SECOND_BILLING_CONTACT_ID, '3205511742166978560']);
  });

  it('reads catalogue ids written as bare numbers without rounding', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });

    const info = await client.getPurchaseProductInfo({ productId: '11', productNo: '3631E0997265' });

    expect(info.serviceList!.map((service) => service.serviceId)).toEqual([HOTEL_PMS_SERVICE_ID, '3299326068732223488']);
    expect(info.planList!.map((plan) => plan.planId)).toEqual(['3048558946648207360', '3048560232537899008', '3048560606464323584']);
  });

  it('reads ids in order details without rounding', async () => {
    const { client } = createTestClient(sandbox.url);
    const created = await client.createOrder(hotelPmsOrder({ billingId: SECOND_BILLING_CONTACT_ID }));

    const details = await client.getOrderDetails(created.orderNo);

    expect(details.billingInformation).toMatchObject({ billingContactId: SECOND_BILLING_CONTACT_ID });
    const summary = details.orderSummary as { serviceList: { serviceId: unknown }[] };
    expect(summary.serviceList[0]!.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
  });

  it('reads plan and service info ids without rounding', async () => {
    const { client } = createTestClient(sandbox.url);

    const plan = await client.getSubscriptionPlanInfo({ pricingPlanId: PSE_ENTERPRISE_PLAN_ID, productId: '12' });
    const service = await client.getSubscriptionServiceInfo({ pricingServiceId: PSE_HOTEL_PMS_SERVICE_ID, productId: '12' });

    expect(plan.planId).toBe(PSE_ENTERPRISE_PLAN_ID);
    expect(service.serviceId).toBe(PSE_HOTEL_PMS_SERVICE_ID);
    expect(plan.offeringId).toBe('3048563310417723392');
  });
});

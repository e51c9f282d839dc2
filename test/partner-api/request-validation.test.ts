import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { PartnerApiInvalidRequestError } from '../../functions/partner-api/errors.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { createTestClient, hotelPmsOrder, recordingFetch, startTestSandbox, type SandboxControl } from './sandbox-harness.js';

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

async function invalid(promise: Promise<unknown>): Promise<PartnerApiInvalidRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PartnerApiInvalidRequestError);
  return error as PartnerApiInvalidRequestError;
}

describe('request validation', () => {
  it('refuses invalid orders without sending anything', async () => {
    const recorder = recordingFetch();
    const { client } = createTestClient(sandbox.url, { fetch: recorder.fetch });
    const item = hotelPmsOrder().serviceList[0]!;
    const cases: [Record<string, unknown>, string][] = [
      [{ productId: '11.0' }, 'productId'],
      [{ billingId: undefined }, 'billingId'],
      [{ serviceList: [] }, 'serviceList'],
      [{ operationType: 'buy' }, 'operationType'],
      [{ serviceList: [{ ...item, serviceId: '3131184659391672320x' }] }, 'serviceList.0.serviceId'],
      [{ serviceList: [{ ...item, multiCycle: -1 }] }, 'serviceList.0.multiCycle'],
      [{ serviceList: [{ ...item, quantity: 0 }] }, 'serviceList.0.quantity'],
      [{ serviceList: [{ ...item, billingCycle: 'weekly' }] }, 'serviceList.0.billingCycle'],
      [{ serviceList: [{ ...item, extra: true }] }, 'serviceList.0'],
      [{ productNo: '  ' }, 'productNo'],
    ];

    for (const [overrides, field] of cases) {
      const error = await invalid(client.createOrder(hotelPmsOrder(overrides) as never));

      expect(error.name).toBe('PartnerApiInvalidRequestError');
      expect(error.route).toBe('save');
      expect(error.retryable).toBe(false);
      expect(error.issues.map((issue) => issue.field)).toContain(field);
      expect(error.message).toContain('was not sent');
    }
    expect(recorder.requests).toHaveLength(0);
  });

  it('allows a trial order without billingId', async () => {
    const { client } = createTestClient(sandbox.url);

    const result = await client.createOrder({
      operationType: 'trial_service',
      productId: '21',
      serviceList: [{ serviceType: 'service', serviceId: '3048590968992325632', purchaseType: 'trial', multiCycle: 0 }],
    });

    expect(result.orderNo).toMatch(/^EM\d+$/);
  });

  it('refuses renewal queries without productNo', async () => {
    const { client } = createTestClient(sandbox.url);

    const plan = await invalid(client.getRenewalPlanInfo({ pricingPlanId: '3048563718356156416', productId: '12' }));
    const service = await invalid(client.getRenewalServiceInfo({ pricingServiceId: '3048565411039723520', productId: '12' }));

    expect(plan.route).toBe('renew/plan_info');
    expect(plan.issues).toEqual([{ field: 'productNo', message: 'required for renewal' }]);
    expect(service.route).toBe('renew/add_on_info');
  });

  it('refuses connectionPlanId on a renewal query', async () => {
    const { client } = createTestClient(sandbox.url);

    const error = await invalid(
      client.getRenewalServiceInfo({ pricingServiceId: '3048565411039723520', productId: '12', productNo: '5070C0021101', connectionPlanId: '3048563941501911040' }),
    );

    expect(error.issues[0]!.field).toBe('connectionPlanId');
  });

  it('refuses an order id that would change the path', async () => {
    const { client } = createTestClient(sandbox.url);

    for (const id of ['', '../page', 'EM1/2', 'EM1?x=1']) {
      await invalid(client.getOrderDetails(id));
    }
  });

  it('refuses unknown query fields and bad page numbers', async () => {
    const { client } = createTestClient(sandbox.url);

    await invalid(client.listOrders({ pageNo: 0 }));
    await invalid(client.listOrders({ pageSize: 2.5 }));
    await invalid(client.getPurchaseProductInfo({ productId: '11', productNumber: 'x' } as never));
    await invalid(client.getSubscriptionPrice({ productId: '11', billingCycle: 'weekly' as never, offeringId: '1' }));
  });

  it('refuses an invalid base URL or timeout at construction', () => {
    expect(() => createTestClient('openapi.partner.yeastar.com')).toThrow(/Invalid Partner API baseUrl/);
    expect(() => createTestClient('ftp://127.0.0.1')).toThrow(/http or https/);
    expect(() => createTestClient(sandbox.url, { timeoutMs: 0 })).toThrow(/timeoutMs 0/);
  });
});

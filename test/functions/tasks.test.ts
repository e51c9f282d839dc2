import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DynamoPurchaseStore } from '../../functions/aws/purchase-store.js';
import { systemClock } from '../../functions/core/ports.js';
import type { StepDeps } from '../../functions/core/settings.js';
import { PartnerApiClient } from '../../functions/partner-api/client.js';
import { OAuthTokenManager } from '../../functions/partner-api/oauth.js';
import { createCheckOrderHandler } from '../../functions/tasks/check-order.js';
import { createCreateOrderHandler } from '../../functions/tasks/create-order.js';
import { createQuoteHandler } from '../../functions/tasks/quote.js';
import { createRecordFailureHandler } from '../../functions/tasks/record-failure.js';
import { createRecordPurchaseHandler } from '../../functions/tasks/record-purchase.js';
import { createRecordResolutionHandler } from '../../functions/tasks/record-resolution.js';
import { createResolveBillingContactHandler } from '../../functions/tasks/resolve-billing-contact.js';
import { createResolveItemsHandler } from '../../functions/tasks/resolve-items.js';
import { toTaskError } from '../../functions/tasks/task-handler.js';
import { createValidateRequestHandler } from '../../functions/tasks/validate-request.js';
import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { HOTEL_PMS_SERVICE_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import { startDynalite } from '../aws/support/dynalite.js';
import type { LocalDynamo } from '../aws/support/dynalite.js';
import { lambdaContext } from './support/events.js';

let dynamo: LocalDynamo;
let sandbox: RunningSandbox;
let deps: StepDeps;
let keyCounter = 0;

function purchaseRequest(overrides: Record<string, unknown> = {}) {
  keyCounter += 1;
  return {
    productNo: TUTORIAL_PRODUCT_NO,
    recipe: 'appliance-hotel-pms',
    billingContactId: TUTORIAL_BILLING_CONTACT_ID,
    idempotencyKey: `task-test-${keyCounter}`,
    ...overrides,
  };
}

/** Runs the task handlers in the order of the state machine up to RecordResolution. */
async function runUntilResolved(raw: unknown) {
  const validated = await createValidateRequestHandler(deps)(raw, lambdaContext);
  const recorded = await createRecordPurchaseHandler(deps)({ ...validated, executionId: 'arn:aws:states:us-east-1:000000000000:execution:test:1' }, lambdaContext);
  const [items, billing] = await Promise.all([
    createResolveItemsHandler(deps)(validated, lambdaContext),
    createResolveBillingContactHandler(deps)(validated, lambdaContext),
  ]);
  const resolution = await createRecordResolutionHandler(deps)({ purchaseId: validated.purchaseId, resolved: [items, billing] }, lambdaContext);
  return { validated, recorded, items, billing, resolution };
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

describe('task handlers', () => {
  it('run a purchase to SUCCEEDED', async () => {
    const { validated, recorded, items, billing, resolution } = await runUntilResolved(purchaseRequest());

    const ordered = await createCreateOrderHandler(deps)({ purchaseId: validated.purchaseId }, lambdaContext);

    expect(recorded.outcome).toBe('created');
    expect(items.serviceId).toBe(HOTEL_PMS_SERVICE_ID);
    expect(billing.billingId).toBe(TUTORIAL_BILLING_CONTACT_ID);
    expect(resolution.status).toBe('RESOLVED');
    expect(ordered.status).toBe('SUCCEEDED');
    expect((await deps.store.get(validated.purchaseId))?.order?.orderNo).toBe(ordered.record.order?.orderNo);
  });

  it('run a dry run to QUOTED', async () => {
    const { validated } = await runUntilResolved(purchaseRequest({ dryRun: true }));

    const quoted = await createQuoteHandler(deps)({ purchaseId: validated.purchaseId }, lambdaContext);

    expect(quoted.status).toBe('QUOTED');
  });

  it('check a pending order', async () => {
    await fetch(`${sandbox.url}/__sandbox/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ saveOrderStatus: 'pending' }),
    });
    const { validated } = await runUntilResolved(purchaseRequest());
    const ordered = await createCreateOrderHandler(deps)({ purchaseId: validated.purchaseId }, lambdaContext);

    const checked = await createCheckOrderHandler(deps)({ purchaseId: validated.purchaseId, checks: 0 }, lambdaContext);

    expect(ordered.status).toBe('PENDING_PAYMENT');
    expect(checked.status).toBe('PENDING_PAYMENT');
    expect(checked.checks).toBe(1);
  });

  it('resume a retried record task', async () => {
    const validated = await createValidateRequestHandler(deps)(purchaseRequest(), lambdaContext);
    const input = { ...validated, executionId: 'arn:aws:states:us-east-1:000000000000:execution:test:2' };
    await createRecordPurchaseHandler(deps)(input, lambdaContext);

    const retried = await createRecordPurchaseHandler(deps)(input, lambdaContext);

    expect(retried.outcome).toBe('resumed');
  });

  it('record a caught failure', async () => {
    const { validated } = await runUntilResolved(purchaseRequest());

    const failed = await createRecordFailureHandler(deps)(
      { purchaseId: validated.purchaseId, error: { Error: 'CatalogueLookupError', Cause: 'no such service' } },
      lambdaContext,
    );

    expect(failed.status).toBe('FAILED');
    expect(failed.record?.error?.code).toBe('CatalogueLookupError');
  });

  it('throw the step error name without a stack trace', async () => {
    const handler = createValidateRequestHandler(deps);

    const error = (await handler({ productNo: 42 }, lambdaContext).catch((caught: unknown) => caught)) as Error;

    expect(error.name).toBe('InvalidRequestError');
    expect(error.message).toContain('productNo');
    expect(error.stack).toBe(`InvalidRequestError: ${error.message}`);
  });

  it.each([
    ['a string', 'not an object'],
    ['null', null],
    ['an array', [1, 2]],
  ])('reject %s as task input', async (_case, input) => {
    const handler = createRecordPurchaseHandler(deps);

    const error = (await handler(input, lambdaContext).catch((caught: unknown) => caught)) as Error;

    expect(error.name).toBe('InvalidRequestError');
  });

  it('report a missing purchase by name', async () => {
    const error = (await createQuoteHandler(deps)({ purchaseId: 'missing-1' }, lambdaContext).catch((caught: unknown) => caught)) as Error;

    expect(error.name).toBe('PurchaseNotFoundError');
  });
});

describe('toTaskError', () => {
  it('keeps name and message only', () => {
    const source = new TypeError('bad value');

    const error = toTaskError(source);

    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('bad value');
    expect(error.stack).toBe('TypeError: bad value');
    expect(error.cause).toBeUndefined();
  });
});

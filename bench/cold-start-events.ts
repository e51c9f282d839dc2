/**
 * The event of each handler's first invocation. Handlers that move a purchase forward get
 * a purchase of their own per run, prepared in this process with the same purchase steps
 * up to the state the handler expects.
 */
import { createOrder, recordPurchase, recordResolution, resolveBillingContact, resolveItems, validateRequest } from '../functions/core/steps/index.js';
import type { StepDeps } from '../functions/core/settings.js';
import { HOTEL_PMS_SERVICE_ID, TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../local/sandbox/seed.js';
import { EMPTY_HANDLER } from './bundles.js';
import { setSandboxSettings } from './sandbox-control.js';

const EXECUTION_ARN_PREFIX = 'arn:aws:states:us-east-1:000000000000:execution:bench:';

function hotelPmsRequest(idempotencyKey: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { productNo: TUTORIAL_PRODUCT_NO, recipe: 'appliance-hotel-pms', idempotencyKey, ...extra };
}

async function recorded(key: string, deps: StepDeps, extra?: Record<string, unknown>) {
  const validated = await validateRequest(hotelPmsRequest(key, extra), deps);
  await recordPurchase({ ...validated, executionId: `${EXECUTION_ARN_PREFIX}${validated.purchaseId}` }, deps);
  return validated;
}

async function resolved(key: string, deps: StepDeps, extra?: Record<string, unknown>): Promise<string> {
  const { purchaseId, request } = await recorded(key, deps, extra);
  const [items, billing] = await Promise.all([resolveItems({ purchaseId, request }, deps), resolveBillingContact({ purchaseId, request }, deps)]);
  // The Parallel state's output: one object per branch.
  await recordResolution({ purchaseId, resolved: [{ ...items }, { ...billing }] }, deps);
  return purchaseId;
}

/** Builds an API Gateway HTTP API event (payload format 2.0). */
function httpEvent(method: string, path: string, options: { pathParameters?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown } = {}) {
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString,
    headers: { 'content-type': 'application/json', host: 'bench.execute-api.us-east-1.amazonaws.com', ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    isBase64Encoded: false,
  };
}

/** A purchase that every read-only handler can look up. */
export const SHARED_PURCHASE_KEY = 'bench-cold-shared';

/** Prepares what one handler needs for its first invocation in run `run`, and returns its event. */
export async function prepareEvent(entry: string, run: number, deps: StepDeps, sandboxUrl: string): Promise<unknown> {
  const key = `bench-cold-${entry.replace(/[^A-Za-z0-9]+/g, '-')}-${run}`;
  switch (entry) {
    case EMPTY_HANDLER:
      return {};
    case 'tasks/validate-request':
      return hotelPmsRequest(key);
    case 'tasks/record-purchase': {
      const validated = await validateRequest(hotelPmsRequest(key), deps);
      return { ...validated, executionId: `${EXECUTION_ARN_PREFIX}${validated.purchaseId}` };
    }
    case 'tasks/resolve-items':
    case 'tasks/resolve-billing-contact': {
      const { purchaseId, request } = await recorded(key, deps);
      return { purchaseId, request };
    }
    case 'tasks/record-resolution': {
      const { purchaseId, request } = await recorded(key, deps);
      const [items, billing] = await Promise.all([resolveItems({ purchaseId, request }, deps), resolveBillingContact({ purchaseId, request }, deps)]);
      return { purchaseId, resolved: [items, billing] };
    }
    case 'tasks/quote':
      return { purchaseId: await resolved(key, deps, { dryRun: true }) };
    case 'tasks/create-order':
      return { purchaseId: await resolved(key, deps) };
    case 'tasks/check-order': {
      const purchaseId = await resolved(key, deps);
      await setSandboxSettings(sandboxUrl, { saveOrderStatus: 'pending' });
      try {
        await createOrder({ purchaseId }, deps);
      } finally {
        await setSandboxSettings(sandboxUrl, { saveOrderStatus: 'succeed' });
      }
      return { purchaseId, checks: 0 };
    }
    case 'tasks/record-failure': {
      const { purchaseId } = await recorded(key, deps);
      return { purchaseId, error: { Error: 'PartnerApiRejectedError', Cause: 'save failed with parameter_validation_failed (benchmark input)' } };
    }
    case 'http/start-purchase':
      return httpEvent('POST', '/purchases', { body: hotelPmsRequest(key) });
    case 'http/get-purchase':
      return httpEvent('GET', `/purchases/${SHARED_PURCHASE_KEY}`, { pathParameters: { purchaseId: SHARED_PURCHASE_KEY } });
    case 'http/list-purchases':
      return httpEvent('GET', '/purchases', { query: { productNo: TUTORIAL_PRODUCT_NO } });
    case 'http/get-catalog':
      return httpEvent('GET', '/catalog/11', { pathParameters: { productId: '11' }, query: { productNo: TUTORIAL_PRODUCT_NO } });
    case 'http/list-billing-contacts':
      return httpEvent('GET', '/billing-contacts');
    case 'http/create-order':
      return httpEvent('POST', '/orders', {
        headers: { 'idempotency-key': key },
        body: {
          productNo: TUTORIAL_PRODUCT_NO,
          productId: '11',
          operationType: 'purchase_service',
          billingContactId: TUTORIAL_BILLING_CONTACT_ID,
          items: [{ serviceType: 'service', serviceId: HOTEL_PMS_SERVICE_ID, purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 0 }],
        },
      });
    case 'scheduled/refresh-token':
      return {
        version: '0',
        id: `bench-${run}`,
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: ['arn:aws:events:us-east-1:000000000000:rule/bench'],
        detail: {},
      };
    default:
      throw new Error(`No first-invocation event for handler ${entry}: add one to bench/cold-start-events.ts`);
  }
}

/** Stores the purchase that `http/get-purchase` reads. */
export async function prepareSharedPurchase(deps: StepDeps): Promise<void> {
  await recorded(SHARED_PURCHASE_KEY, deps);
}

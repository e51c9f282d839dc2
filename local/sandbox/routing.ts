/**
 * The Partner API route table and the pipeline every Partner API request goes through:
 * rate limit, injected fault, latency, User-Agent and token checks, the handler, then the
 * request log.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

import { getProductDetails, listBillingContacts, listInstanceProducts, listRegions, listSubordinateUsers } from './accounts.js';
import { authenticate, handleTokenRequest } from './auth.js';
import { getPlanInfo, getPurchaseProductInfo, getServiceInfo, getSubscriptionPrice, listProducts } from './catalogue.js';
import type { RouteContext, RouteHandler } from './context.js';
import { readBody, renderEnvelope, renderError, renderSuccess, SandboxApiError, sleep, validationError, writeResponse } from './envelope.js';
import type { RenderedResponse } from './envelope.js';
import { renderFaultResponse, truncateResponse } from './faults.js';
import type { Fault } from './faults.js';
import { createOrder, getOrderDetails, listOrders } from './orders.js';
import type { SandboxState } from './state.js';

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Name used by faults and the request log: the last fixed path segment. */
  name: string;
  /** Names of the pattern's capture groups, in order. */
  params: string[];
  handler: RouteHandler;
  authenticated: boolean;
}

const ID = '([^/]+)';
const PRICING = '/pricing/openapi/purchase/v1';

function route(method: Route['method'], path: string, name: string, handler: RouteHandler, params: string[] = []): Route {
  return { method, pattern: new RegExp(`^${path}$`), name, params, handler, authenticated: true };
}

const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/auth\/openapi\/v1\/oauth\/token$/,
    name: 'token',
    params: [],
    handler: (context) => handleTokenRequest(context.state, context.request, context.body),
    authenticated: false,
  },
  route('GET', `${PRICING}/product_list`, 'product_list', listProducts),
  route('GET', `${PRICING}/purchase_product_info`, 'purchase_product_info', getPurchaseProductInfo),
  route('GET', `${PRICING}/trial/plan_info/${ID}`, 'plan_info', getPlanInfo('trial'), ['pricingPlanId']),
  route('GET', `${PRICING}/purchase/plan_info/${ID}`, 'plan_info', getPlanInfo('purchase'), ['pricingPlanId']),
  route('GET', `${PRICING}/renew/plan_info/${ID}`, 'plan_info', getPlanInfo('renew'), ['pricingPlanId']),
  route('GET', `${PRICING}/trial/add_on_info/${ID}`, 'add_on_info', getServiceInfo('trial'), ['pricingServiceId']),
  route('GET', `${PRICING}/purchase/add_on_info/${ID}`, 'add_on_info', getServiceInfo('purchase'), ['pricingServiceId']),
  route('GET', `${PRICING}/renew/add_on_info/${ID}`, 'add_on_info', getServiceInfo('renew'), ['pricingServiceId']),
  route('GET', `${PRICING}/my_price_info`, 'my_price_info', getSubscriptionPrice),
  route('POST', '/order/openapi/order/v1/save', 'save', createOrder),
  route('GET', '/order/openapi/order/v1/page', 'page', listOrders),
  route('GET', `/order/openapi/order/v1/get/${ID}`, 'get', getOrderDetails, ['id']),
  route('GET', '/product/openapi/instance_product/v1/client/instance_product_list', 'instance_product_list', listInstanceProducts),
  route('GET', '/product/openapi/instance_product/v1/detail', 'detail', getProductDetails),
  route('GET', '/product/openapi/instance/v1/region_list', 'region_list', listRegions),
  route('GET', '/user/openapi/user/v1/client/billing_contact_list', 'billing_contact_list', listBillingContacts),
  route('GET', '/user/openapi/user/v1/client/partner_list', 'partner_list', listSubordinateUsers),
];

/** Decodes a path parameter; a malformed escape is kept as written and fails validation later. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchRoute(method: string, pathname: string): { route: Route; params: Record<string, string> } | SandboxApiError {
  let pathMatched = false;
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(pathname);
    if (match === null) {
      continue;
    }
    pathMatched = true;
    if (candidate.method !== method) {
      continue;
    }
    const params: Record<string, string> = {};
    candidate.params.forEach((name, index) => {
      params[name] = decodePathSegment(match[index + 1] ?? '');
    });
    return { route: candidate, params };
  }
  return pathMatched
    ? new SandboxApiError(405, 'method_not_allowed', `${method} is not allowed on ${pathname}`)
    : new SandboxApiError(404, 'not_found', `No Partner API route ${method} ${pathname}`);
}

/**
 * Runs the route: User-Agent and token checks, then the handler. Every error becomes an
 * error envelope, and an unexpected one is logged and sent as 500 `internal_error`.
 */
async function runRoute(state: SandboxState, context: RouteContext, matched: Route): Promise<RenderedResponse> {
  try {
    if (state.settings.userAgentRequired && !context.request.headers['user-agent']) {
      throw validationError('User-Agent', 'required', 'User-Agent header is required (any non-empty value, e.g. OpenAPI)');
    }
    if (matched.authenticated) {
      authenticate(state, context.request);
    }
    return renderSuccess(await matched.handler(context));
  } catch (error) {
    if (error instanceof SandboxApiError) {
      return renderError(error);
    }
    console.error(`sandbox: ${matched.name} failed:`, error);
    return renderEnvelope(500, 'internal_error', 'The sandbox failed to handle the request', null);
  }
}

/** Handles one Partner API request from start to end, including the request log entry. */
export async function handlePartnerRequest(state: SandboxState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const at = new Date(state.now()).toISOString();
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const matched = matchRoute(method, url.pathname);
  const routeName = matched instanceof SandboxApiError ? (url.pathname.split('/').pop() ?? '') : matched.route.name;

  let fault: Fault | undefined;
  const finish = (answer: RenderedResponse | undefined): void => {
    if (answer === undefined) {
      request.socket.destroy();
    } else {
      writeResponse(response, answer);
    }
    state.logRequest({
      method,
      path: url.pathname,
      route: routeName,
      status: answer?.status ?? 0,
      durationMs: Math.round(performance.now() - started),
      at,
      ...(fault === undefined ? {} : { fault: fault.kind }),
    });
  };

  if (state.settings.latencyMs > 0) {
    await sleep(state.settings.latencyMs);
  }

  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    // The rest of the body is still unread, so the connection cannot carry another request.
    const rendered = renderError(error as SandboxApiError);
    finish({ ...rendered, headers: { ...rendered.headers, connection: 'close' } });
    return;
  }
  if (matched instanceof SandboxApiError) {
    finish(renderError(matched));
    return;
  }

  const retryAfter = state.rateLimiter.admit();
  if (retryAfter !== undefined) {
    const answer = renderEnvelope(429, 'too_many_requests', `More than ${state.rateLimiter.limit} requests per second`, null);
    finish({ ...answer, headers: { ...answer.headers, 'retry-after': String(retryAfter) } });
    return;
  }

  fault = state.faults.take(matched.route.name);
  if (fault?.kind === 'delay') {
    await sleep(fault.delayMs);
  }
  if (fault?.kind === 'drop-before-commit') {
    finish(undefined);
    return;
  }
  if (fault?.kind === 'status' || fault?.kind === 'html' || fault?.kind === 'throttle') {
    finish(renderFaultResponse(fault));
    return;
  }

  const context: RouteContext = { state, request, url, params: matched.params, body };
  const answer = await runRoute(state, context, matched.route);
  if (fault?.kind === 'drop-after-commit') {
    finish(undefined);
  } else if (fault?.kind === 'malformed-json') {
    finish(truncateResponse(answer));
  } else {
    finish(answer);
  }
}

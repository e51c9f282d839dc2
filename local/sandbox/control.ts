/**
 * The control API under `/__sandbox/`: faults, clock, rate limit, settings, orders, the
 * request log and reset. Bodies are JSON; errors are `{"error": {"code", "message"}}`.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseJson, stringifyJson } from '../../functions/partner-api/json.js';
import { readBody, SandboxApiError } from './envelope.js';
import { InvalidFaultError, parseFault } from './faults.js';
import { findOrder } from './orders.js';
import { pbx } from './seed.js';
import { InvalidSettingError, parseSettings } from './settings.js';
import type { SandboxState } from './state.js';

const ORDER_STATUSES = ['succeed', 'failed', 'pending', 'invalid', 'cancelled', 'refunded'];

/** Largest number of PBXs that one `POST /__sandbox/pbxs` call adds. */
const MAX_ADDED_PBXS_PER_CALL = 1000;

/** A control API failure with its HTTP status. */
class ControlError extends Error {
  override name = 'ControlError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, value: unknown, extraHeaders: Record<string, string> = {}): void {
  const body = stringifyJson(value);
  response.writeHead(status, {
    ...extraHeaders,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(body);
}

async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(request)).toString('utf8');
  if (text.trim() === '') {
    return {};
  }
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    throw new ControlError(400, 'invalid_json', 'Request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ControlError(400, 'invalid_request', 'Request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function readNonNegativeInteger(body: Record<string, unknown>, field: string, max: number): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new ControlError(400, 'invalid_request', `Invalid ${field}=${JSON.stringify(value)}: expected an integer from 0 to ${max}`);
  }
  return value;
}

/**
 * Adds `count` activated PBXs without a plan to a seeded product, with serial numbers
 * `A<productId>N<8 digits>` that continue after the ones added before. A reset removes them.
 */
function addPbxs(state: SandboxState, productId: number, count: number): string[] {
  if (!state.seed.products.some((product) => product.productId === productId)) {
    throw new ControlError(404, 'product_not_found', `Product ${productId} is not in the sandbox seed: use a seeded productId, such as 11`);
  }
  const prefix = `A${String(productId).padStart(2, '0')}N`;
  const existing = state.seed.pbxs.filter((item) => item.productNo.startsWith(prefix)).length;
  const productNos: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const productNo = `${prefix}${String(existing + index).padStart(8, '0')}`;
    state.seed.pbxs.push(pbx(productNo, productId, { createTime: state.now() }));
    productNos.push(productNo);
  }
  return productNos;
}

async function route(state: SandboxState, request: IncomingMessage, path: string): Promise<[number, unknown]> {
  const method = request.method ?? 'GET';
  const key = `${method} ${path}`;

  switch (key) {
    case 'POST /__sandbox/faults': {
      const fault = parseFault(await readJsonObject(request));
      state.faults.add(fault);
      return [201, { fault, faults: state.faults.list() }];
    }
    case 'GET /__sandbox/faults':
      return [200, { faults: state.faults.list() }];
    case 'DELETE /__sandbox/faults':
      state.faults.clear();
      return [200, { faults: [] }];
    case 'POST /__sandbox/clock': {
      const advanceSeconds = readNonNegativeInteger(await readJsonObject(request), 'advanceSeconds', 10 * 365 * 86_400);
      state.clockOffsetMs += advanceSeconds * 1000;
      return [200, { now: state.now(), offsetSeconds: state.clockOffsetMs / 1000 }];
    }
    case 'GET /__sandbox/clock':
      return [200, { now: state.now(), offsetSeconds: state.clockOffsetMs / 1000 }];
    case 'POST /__sandbox/rate-limit': {
      const requestsPerSecond = readNonNegativeInteger(await readJsonObject(request), 'requestsPerSecond', 1_000_000);
      state.rateLimiter.configure(requestsPerSecond);
      return [200, { requestsPerSecond }];
    }
    case 'POST /__sandbox/settings': {
      Object.assign(state.settings, parseSettings(await readJsonObject(request)));
      return [200, { settings: state.settings }];
    }
    case 'GET /__sandbox/settings':
      return [200, { settings: state.settings }];
    case 'POST /__sandbox/pbxs': {
      const body = await readJsonObject(request);
      const productId = readNonNegativeInteger(body, 'productId', Number.MAX_SAFE_INTEGER);
      const count = readNonNegativeInteger(body, 'count', MAX_ADDED_PBXS_PER_CALL);
      return [201, { productNos: addPbxs(state, productId, count) }];
    }
    case 'GET /__sandbox/orders':
      return [200, { orders: state.orders }];
    case 'GET /__sandbox/requests':
      return [200, { requests: state.requests }];
    case 'POST /__sandbox/reset':
      state.reset();
      return [200, { reset: true }];
    default:
      break;
  }

  const statusMatch = /^\/__sandbox\/orders\/([^/]+)\/status$/.exec(path);
  if (statusMatch !== null && method === 'POST') {
    const orderNo = decodeURIComponent(statusMatch[1]!);
    const order = findOrder(state, orderNo);
    if (order === undefined) {
      throw new ControlError(404, 'order_not_found', `Order "${orderNo}" not found`);
    }
    const orderStatus = (await readJsonObject(request)).orderStatus;
    if (typeof orderStatus !== 'string' || !ORDER_STATUSES.includes(orderStatus)) {
      throw new ControlError(400, 'invalid_request', `Invalid orderStatus ${JSON.stringify(orderStatus)}: expected one of ${ORDER_STATUSES.join(', ')}`);
    }
    order.orderStatus = orderStatus;
    if (orderStatus === 'succeed' && order.invoiceNo === '') {
      order.invoiceNo = `INV${String(state.orders.indexOf(order) + 1).padStart(8, '0')}`;
    }
    return [200, { order }];
  }

  throw new ControlError(404, 'not_found', `No control route ${method} ${path}`);
}

/** Handles one request under `/__sandbox/`. */
export async function handleControlRequest(state: SandboxState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
  try {
    const [status, value] = await route(state, request, path);
    send(response, status, value);
  } catch (error) {
    if (error instanceof ControlError) {
      send(response, error.status, { error: { code: error.code, message: error.message } });
    } else if (error instanceof SandboxApiError) {
      // Only readBody throws this (body too large), leaving unread bytes on the connection.
      send(response, error.status, { error: { code: error.code, message: error.detailMessage } }, { connection: 'close' });
    } else if (error instanceof InvalidFaultError || error instanceof InvalidSettingError) {
      send(response, 400, { error: { code: 'invalid_request', message: error.message } });
    } else {
      console.error('sandbox: control request failed:', error);
      send(response, 500, { error: { code: 'internal_error', message: 'The sandbox failed to handle the control request' } });
    }
  }
}

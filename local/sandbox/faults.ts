/**
 * Injected faults: the definitions that `POST /__sandbox/faults` queues, and the broken
 * responses they produce.
 */

import { stringifyJson } from '../../functions/partner-api/json.js';
import { renderEnvelope } from './envelope.js';
import type { RenderedResponse } from './envelope.js';

export const FAULT_KINDS = [
  'status',
  'delay',
  'drop-after-commit',
  'drop-before-commit',
  'malformed-json',
  'html',
  'throttle',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Route names a fault may target: the last fixed path segment of each Partner API route. */
export const FAULT_ROUTES = [
  'token',
  'product_list',
  'purchase_product_info',
  'plan_info',
  'add_on_info',
  'my_price_info',
  'save',
  'page',
  'get',
  'instance_product_list',
  'detail',
  'region_list',
  'billing_contact_list',
  'partner_list',
  '*',
] as const;

export interface Fault {
  route: string;
  kind: FaultKind;
  /** Calls left before the fault expires; undefined keeps it until cleared. */
  remaining: number | undefined;
  status: number;
  body: unknown;
  delayMs: number;
  retryAfterSeconds: number;
}

/** Raised by `parseFault` with a message naming the invalid field. */
export class InvalidFaultError extends Error {
  override name = 'InvalidFaultError';
}

function readInteger(input: Record<string, unknown>, field: string, fallback: number, min: number, max: number): number {
  const value = input[field];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidFaultError(`Invalid fault ${field}=${JSON.stringify(value)}: expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** Checks a fault definition from the control API and fills in the defaults. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidFaultError('Invalid fault: expected a JSON object such as {"route": "save", "kind": "drop-after-commit", "times": 1}');
  }
  const fields = input as Record<string, unknown>;

  const route = fields.route;
  if (typeof route !== 'string' || !(FAULT_ROUTES as readonly string[]).includes(route)) {
    throw new InvalidFaultError(`Invalid fault route ${JSON.stringify(route)}: expected one of ${FAULT_ROUTES.join(', ')}`);
  }
  const kind = fields.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidFaultError(`Invalid fault kind ${JSON.stringify(kind)}: expected one of ${FAULT_KINDS.join(', ')}`);
  }
  if (kind === 'status' && fields.status === undefined) {
    throw new InvalidFaultError('Missing fault status: kind "status" needs an HTTP status such as 503');
  }
  if (kind === 'delay' && fields.delayMs === undefined) {
    throw new InvalidFaultError('Missing fault delayMs: kind "delay" needs a delay in milliseconds');
  }
  const times = fields.times === undefined ? undefined : readInteger(fields, 'times', 1, 1, 1_000_000);

  return {
    route,
    kind: kind as FaultKind,
    remaining: times,
    status: readInteger(fields, 'status', kind === 'throttle' ? 429 : 502, 200, 599),
    body: fields.body,
    delayMs: readInteger(fields, 'delayMs', 0, 0, 600_000),
    retryAfterSeconds: readInteger(fields, 'retryAfterSeconds', 1, 0, 3600),
  };
}

/** Faults in the order they were queued; a call takes the first one for its route or `*`. */
export class FaultQueue {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Removes one use of the first fault that matches `route`, and returns that fault. */
  take(route: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.route === route || fault.route === '*');
    if (index < 0) {
      return undefined;
    }
    const fault = this.faults[index]!;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) {
        this.faults.splice(index, 1);
      }
    }
    return fault;
  }
}

/** Renders the response of a fault that replaces the route's response (`status`, `html`, `throttle`). */
export function renderFaultResponse(fault: Fault): RenderedResponse {
  if (fault.kind === 'throttle') {
    const answer = renderEnvelope(429, 'too_many_requests', 'Too many requests (fault injected by the sandbox)', null);
    return { ...answer, headers: { ...answer.headers, 'retry-after': String(fault.retryAfterSeconds) } };
  }
  if (fault.kind === 'html') {
    const body =
      `<!DOCTYPE html>\n<html><head><title>${fault.status} Error</title></head>` +
      `<body><h1>${fault.status} Error</h1><p>The server could not handle the request.</p></body></html>\n`;
    return { status: fault.status, headers: { 'content-type': 'text/html' }, body };
  }
  if (fault.body === undefined) {
    return renderEnvelope(fault.status, 'sandbox_fault', `Fault injected by the sandbox (HTTP ${fault.status})`, null);
  }
  if (typeof fault.body === 'string') {
    return { status: fault.status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: fault.body };
  }
  return { status: fault.status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body: stringifyJson(fault.body) };
}

/** Cuts an answer's body in half, keeping status 200, for `malformed-json`. */
export function truncateResponse(answer: RenderedResponse): RenderedResponse {
  const cut = Math.max(1, Math.floor(answer.body.length / 2));
  return { status: 200, headers: answer.headers, body: answer.body.slice(0, cut) };
}

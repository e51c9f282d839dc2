/**
 * The context passed to Partner API route handlers, and helpers that read query parameters
 * and look up seed records.
 */

import type { IncomingMessage } from 'node:http';

import { SandboxApiError, validationError } from './envelope.js';
import type { SandboxSeed, SeedPbx, SeedProduct } from './seed.js';
import type { SandboxState } from './state.js';

export interface RouteContext {
  state: SandboxState;
  request: IncomingMessage;
  url: URL;
  /** Path parameters such as `pricingPlanId` or the order `id`. */
  params: Record<string, string>;
  body: Buffer;
}

/** A route handler returns the envelope's `result`, or throws `SandboxApiError`. */
export type RouteHandler = (context: RouteContext) => unknown;

/** Reads a positive integer query parameter; `fallback` undefined makes it required. */
export function readIntegerQuery(url: URL, name: string, fallback?: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') {
    if (fallback === undefined) {
      throw validationError(name, 'required', `${name} is required`);
    }
    return fallback;
  }
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw validationError(name, 'numeric', `${name} "${raw}" is not a positive integer`);
  }
  return Number(raw);
}

export function readOptionalQuery(url: URL, name: string): string | undefined {
  const raw = url.searchParams.get(name);
  return raw === null || raw === '' ? undefined : raw;
}

export function readRequiredQuery(url: URL, name: string): string {
  const value = readOptionalQuery(url, name);
  if (value === undefined) {
    throw validationError(name, 'required', `${name} is required`);
  }
  return value;
}

/** Finds a product or throws 404 `product_not_found`. */
export function findProduct(seed: SandboxSeed, productId: number, status = 404): SeedProduct {
  const product = seed.products.find((item) => item.productId === productId);
  if (product === undefined) {
    const known = seed.products.map((item) => item.productId).join(', ');
    throw new SandboxApiError(status, 'product_not_found', `Product ${productId} not found: known productIds are ${known}`);
  }
  return product;
}

/** Finds a PBX of a product by its SN or throws `pbx_not_found` (404 by default). */
export function findPbx(seed: SandboxSeed, productId: number, productNo: string, status = 404): SeedPbx {
  const pbx = seed.pbxs.find((item) => item.productNo === productNo && item.productId === productId);
  if (pbx === undefined) {
    throw new SandboxApiError(status, 'pbx_not_found', `PBX with productNo "${productNo}" not found for product ${productId}`);
  }
  return pbx;
}

/** Cuts one page out of `items` and wraps it in the Partner API's paged shape. */
export function toPage<T>(items: T[], pageNo: number, pageSize: number): {
  count: number;
  pageNo: number;
  pageSize: number;
  results: T[];
  total: number;
  totalPage: number;
} {
  const start = (pageNo - 1) * pageSize;
  return {
    count: items.length,
    pageNo,
    pageSize,
    results: items.slice(start, start + pageSize),
    total: items.length,
    totalPage: Math.ceil(items.length / pageSize),
  };
}

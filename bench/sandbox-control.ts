/** Calls to the sandbox control API (`/__sandbox/`) that the benchmarks use. */
import { parseJson } from '../functions/partner-api/json.js';

export interface LoggedRequest {
  method: string;
  path: string;
  route: string;
  status: number;
  durationMs: number;
  at: string;
}

export interface SandboxOrderSummary {
  orderNo: string;
  productNo: string;
  poNumber: string | null;
}

async function control(sandboxUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandboxUrl}/__sandbox/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`Sandbox control call ${method} /__sandbox/${path} failed with HTTP ${response.status}: ${text}`);
  }
  return parseJson(text);
}

export async function setSandboxSettings(sandboxUrl: string, settings: Record<string, unknown>): Promise<void> {
  await control(sandboxUrl, 'POST', 'settings', settings);
}

/** Allows `requestsPerSecond` Partner API requests per sliding second; 0 turns the limit off. */
export async function setRateLimit(sandboxUrl: string, requestsPerSecond: number): Promise<void> {
  await control(sandboxUrl, 'POST', 'rate-limit', { requestsPerSecond });
}

/** Returns the sandbox's request log, oldest first (at most its last 10,000 requests). */
export async function listRequests(sandboxUrl: string): Promise<LoggedRequest[]> {
  return ((await control(sandboxUrl, 'GET', 'requests')) as { requests: LoggedRequest[] }).requests;
}

export async function listOrders(sandboxUrl: string): Promise<SandboxOrderSummary[]> {
  return ((await control(sandboxUrl, 'GET', 'orders')) as { orders: SandboxOrderSummary[] }).orders;
}

/** Adds `count` PBXs of `productId` to the sandbox seed and returns their serial numbers. */
export async function addPbxs(sandboxUrl: string, productId: number, count: number): Promise<string[]> {
  return ((await control(sandboxUrl, 'POST', 'pbxs', { productId, count })) as { productNos: string[] }).productNos;
}

/** Raw-fetch helpers shared by the sandbox tests. */

import { request as httpRequest } from 'node:http';

import { parseJson } from '../../functions/partner-api/json.js';
import {
  HOTEL_PMS_SERVICE_ID,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  TUTORIAL_BILLING_CONTACT_ID,
  TUTORIAL_PRODUCT_NO,
} from '../../local/sandbox/seed.js';

export const USER_AGENT = { 'user-agent': 'OpenAPI' };
export const TOKEN_PATH = '/auth/openapi/v1/oauth/token';
export const SAVE_PATH = '/order/openapi/order/v1/save';
export const CATALOGUE_PATH = '/pricing/openapi/purchase/v1/purchase_product_info';
export const CONTACTS_PATH = '/user/openapi/user/v1/client/billing_contact_list';
export const ORDER_LIST_PATH = '/order/openapi/order/v1/page';

/** A response read as text, with the envelope parsed by `parseJson` when the body is JSON. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function readResponse(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let json: unknown;
  try {
    json = parseJson(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function requestToken(baseUrl: string, fields?: Record<string, string>): Promise<RawResponse> {
  const form = new URLSearchParams(
    fields ?? { grant_type: 'pp_credentials', client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET },
  );
  const response = await fetch(baseUrl + TOKEN_PATH, {
    method: 'POST',
    headers: { ...USER_AGENT, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return readResponse(response);
}

/** Logs in and returns the headers of an authenticated Partner API call. */
export async function login(baseUrl: string): Promise<Record<string, string>> {
  const answer = await requestToken(baseUrl);
  if (answer.status !== 200) {
    throw new Error(`login failed: ${answer.status} ${answer.text}`);
  }
  return { ...USER_AGENT, authorization: `${answer.json.result.tokenHead}${answer.json.result.token}` };
}

export async function get(baseUrl: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return readResponse(await fetch(baseUrl + path, { headers }));
}

/** Sends a raw `save` body (text, so that 19-digit ids stay bare JSON numbers). */
export async function save(baseUrl: string, headers: Record<string, string>, body: string): Promise<RawResponse> {
  const response = await fetch(baseUrl + SAVE_PATH, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  return readResponse(response);
}

/** Builds the Hotel PMS tutorial's `save` body with bare 19-digit numbers, then applies the text replacements. */
export function hotelPmsBody(replace: Array<[string, string]> = []): string {
  let body =
    `{"operationType":"purchase_service","productId":11,"productNo":"${TUTORIAL_PRODUCT_NO}",` +
    `"billingId":${TUTORIAL_BILLING_CONTACT_ID},"poNumber":"HOTEL-42","serviceList":[{"serviceType":"service",` +
    `"serviceId":${HOTEL_PMS_SERVICE_ID},"purchaseType":"purchase","billingModel":"once","billingCycle":"once","multiCycle":0}]}`;
  for (const [from, to] of replace) {
    if (!body.includes(from)) {
      throw new Error(`hotelPmsBody: "${from}" is not in the body`);
    }
    body = body.replace(from, to);
  }
  return body;
}

/** Calls the control API and returns the parsed JSON response. */
export async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: parseJson(await response.text()) };
}

/**
 * Sends a GET with exactly the given headers through node:http, because fetch adds a
 * User-Agent of its own when the caller sends none.
 */
export function getWithExactHeaders(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(baseUrl + path, { method: 'GET', headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, json: parseJson(Buffer.concat(chunks).toString('utf8')) }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

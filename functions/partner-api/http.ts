/**
 * One HTTP exchange with the Partner API: builds the URL and headers, applies the
 * timeout, and turns network failures into error kinds. The response itself is read by
 * `readEnvelope`.
 */
import type * as z from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { readEnvelope, type RequestContext } from './envelope.js';
import { PartnerApiOutcomeUnknownError, PartnerApiUnavailableError, type PartnerApiError } from './errors.js';

/** `yeastar-partner-purchases/<package version>`, sent when no `userAgent` is given. */
export const DEFAULT_USER_AGENT = `${packageJson.name}/${packageJson.version}`;

/** The timeout of one HTTP exchange when no `timeoutMs` is given, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The destination and settings of every request. */
export interface Transport {
  /** The Partner API base URL, such as `https://openapi.partner.yeastar.com`. */
  baseUrl: string;
  userAgent: string;
  /** The limit for one exchange, from sending the request to reading the whole body. */
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Options shared by everything that calls the Partner API. */
export interface TransportOptions {
  baseUrl: string;
  userAgent?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** One request to the Partner API. */
export interface PartnerRequest extends RequestContext {
  method: 'GET' | 'POST';
  /** The path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: { contentType: string; text: string };
  /** The full `Authorization` header value, absent for the token calls. */
  authorization?: string;
}

/** Error codes of connection failures that happen before any byte of the request is sent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Checks the options and fills in the defaults. */
export function createTransport(options: TransportOptions): Transport {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`Invalid Partner API baseUrl "${options.baseUrl}": expected an absolute http or https URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Invalid Partner API baseUrl "${options.baseUrl}": expected an http or https URL`);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`Invalid Partner API timeoutMs ${timeoutMs}: expected a positive number of milliseconds`);
  }

  const userAgent = options.userAgent?.trim() || DEFAULT_USER_AGENT;
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent,
    timeoutMs,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

/** Sends one request and returns the validated `result` of its envelope. */
export async function sendRequest<S extends z.ZodType>(transport: Transport, request: PartnerRequest, resultSchema: S): Promise<z.output<S>> {
  const headers: Record<string, string> = {
    'User-Agent': transport.userAgent,
    Accept: 'application/json',
  };
  if (request.authorization !== undefined) headers.Authorization = request.authorization;
  if (request.body !== undefined) headers['Content-Type'] = request.body.contentType;

  const signal = AbortSignal.timeout(transport.timeoutMs);
  let status: number;
  let retryAfter: string | null;
  let contentType: string | null;
  let text: string;
  try {
    const response = await transport.fetch(buildUrl(transport.baseUrl, request), {
      method: request.method,
      headers,
      body: request.body?.text,
      redirect: 'manual',
      signal,
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    contentType = response.headers.get('content-type');
    text = await response.text();
  } catch (error) {
    throw networkFailure(error, request, transport.timeoutMs);
  }

  return readEnvelope({ status, retryAfter, contentType, text }, request, resultSchema);
}

function buildUrl(baseUrl: string, request: PartnerRequest): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) params.append(name, String(value));
  }
  const query = params.toString();
  return baseUrl + request.path + (query === '' ? '' : `?${query}`);
}

function networkFailure(error: unknown, request: PartnerRequest, timeoutMs: number): PartnerApiError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const code = errorCode(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  const problem = timedOut ? `timed out after ${timeoutMs} ms` : `failed at the network level (${code ?? describe(error)})`;
  const details = { route: request.route, cause: error, secrets: request.secrets };

  if (request.createsOrder && !notSent) {
    return new PartnerApiOutcomeUnknownError(
      `Partner API ${request.route} call ${problem} after the request may have arrived; look the order up by its poNumber before sending it again`,
      details,
    );
  }
  const reached = notSent ? 'the request was not sent' : 'the call is safe to repeat';
  return new PartnerApiUnavailableError(`Partner API ${request.route} call ${problem} and ${reached}; retry later`, details);
}

/** Finds a Node.js error code such as `ECONNREFUSED` on the error or its causes. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

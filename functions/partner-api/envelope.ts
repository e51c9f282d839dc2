/**
 * Turns one HTTP response of the Partner API into its `result` or into the error kind a
 * caller can act on.
 *
 * Every response is wrapped in the envelope `{code, detailMessage, requestId, result, status}`,
 * where `code` is `"success"` on success. Decisions for the cases the API does not fix:
 * - HTTP 200 with a non-success `code`: when the envelope `status` is an error status
 *   (401, 429, 5xx...), it is classified like that HTTP status. Otherwise it is a
 *   rejection when `code` and `detailMessage` are both strings, and a malformed response
 *   when they are not.
 * - 401 and 403 are authentication failures. On the token route every error envelope is
 *   one too, because the credentials or the refresh token were rejected.
 * - 429 is a throttle: the request was not processed, so even `save` may be sent again.
 *   NOTE: rate limiting is not documented, so this reading of 429 is an assumption.
 * - On `save`, a response that is neither a success envelope nor an error envelope with a
 *   4xx status (5xx, HTML, invalid JSON, an unexpected result) means the order may exist:
 *   the outcome is unknown.
 */
import type * as z from 'zod';
import { parseJson } from './json.js';
import {
  PartnerApiAuthenticationError,
  PartnerApiMalformedResponseError,
  PartnerApiOutcomeUnknownError,
  PartnerApiRejectedError,
  PartnerApiThrottledError,
  PartnerApiUnavailableError,
  type PartnerApiError,
  type PartnerApiErrorDetails,
} from './errors.js';

/** The parts of an HTTP response the classification reads. */
export interface RawResponse {
  status: number;
  /** The `Retry-After` header, or null. */
  retryAfter: string | null;
  contentType: string | null;
  text: string;
}

/** The facts about the request that the classification depends on. */
export interface RequestContext {
  route: string;
  /** True for `save`, whose failures after sending leave the outcome unknown. */
  createsOrder: boolean;
  /** True for the token endpoint. */
  isTokenCall: boolean;
  secrets: readonly string[];
}

interface Envelope {
  code: string;
  detailMessage?: string;
  requestId?: string;
  status?: number;
  result?: unknown;
}

/** Returns the validated `result` of a success envelope, or throws the error kind for the response. */
export function readEnvelope<S extends z.ZodType>(response: RawResponse, context: RequestContext, resultSchema: S): z.output<S> {
  const envelope = parseEnvelope(response.text);
  const details: PartnerApiErrorDetails = {
    route: context.route,
    httpStatus: response.status,
    secrets: context.secrets,
    ...(envelope === undefined ? {} : envelopeDetails(envelope)),
  };

  const isHttpSuccess = response.status >= 200 && response.status < 300;
  if (isHttpSuccess && envelope?.code === 'success') {
    return validateResult(envelope.result, resultSchema, context, details);
  }

  let status = response.status;
  if (isHttpSuccess && envelope !== undefined && envelope.status !== undefined && envelope.status >= 400) {
    status = envelope.status;
  }
  throw classifyFailure(status, response, envelope, context, details);
}

function classifyFailure(
  status: number,
  response: RawResponse,
  envelope: Envelope | undefined,
  context: RequestContext,
  details: PartnerApiErrorDetails,
): PartnerApiError {
  const call = `Partner API ${context.route} call`;

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.retryAfter);
    return new PartnerApiThrottledError(
      `${call} was throttled; send it again after the Retry-After delay or later`,
      { ...details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    );
  }

  if (status === 401 || status === 403) {
    return new PartnerApiAuthenticationError(
      `${call} failed authentication; check the client id and secret, that API access is switched on in the Partner Portal, and the client IP restriction`,
      details,
    );
  }

  if (status >= 500) {
    // Without an envelope, the message describes the body instead, such as an HTML page.
    const body = envelope === undefined ? ` and ${describeBody(response, envelope)}` : '';
    if (context.createsOrder) {
      return outcomeUnknown(context, `the Partner API returned HTTP ${status}${body}`, details);
    }
    return new PartnerApiUnavailableError(`${call} failed with a server error${body}; retry later`, details);
  }

  const isRejection = envelope !== undefined && envelope.code !== '' && envelope.detailMessage !== undefined;
  if (isRejection && (status >= 400 || (status >= 200 && status < 300))) {
    if (context.isTokenCall) {
      return new PartnerApiAuthenticationError(
        `${call} was rejected; check the client id and secret, or log in again if the refresh token was rejected`,
        details,
      );
    }
    return new PartnerApiRejectedError(`${call} was rejected; fix the request before sending it again`, details);
  }

  return malformed(context, describeBody(response, envelope), details);
}

function validateResult<S extends z.ZodType>(result: unknown, schema: S, context: RequestContext, details: PartnerApiErrorDetails): z.output<S> {
  const parsed = schema.safeParse(result);
  if (parsed.success) {
    return parsed.data;
  }

  // Issue paths name fields only, never values, so they are safe on the token route too.
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length === 0 ? 'result' : 'result.' + issue.path.join('.')}: ${issue.message}`)
    .join('; ');
  const cause = context.isTokenCall ? undefined : parsed.error;
  throw malformed(context, `the result has an unexpected shape (${issues})`, { ...details, cause });
}

function malformed(context: RequestContext, problem: string, details: PartnerApiErrorDetails): PartnerApiError {
  if (context.createsOrder) {
    return outcomeUnknown(context, problem, details);
  }
  return new PartnerApiMalformedResponseError(
    `Partner API ${context.route} call returned a malformed response: ${problem}; retry, and check the base URL if it persists`,
    details,
  );
}

function outcomeUnknown(context: RequestContext, problem: string, details: PartnerApiErrorDetails): PartnerApiError {
  return new PartnerApiOutcomeUnknownError(
    `Partner API ${context.route} call may have created an order, but ${problem}; look the order up by its poNumber before sending it again`,
    details,
  );
}

function describeBody(response: RawResponse, envelope: Envelope | undefined): string {
  if (envelope !== undefined) {
    return `the envelope has code "${envelope.code}" without a detailMessage`;
  }
  const type = response.contentType ?? 'no content type';
  if (response.text.trim() === '') {
    return `the body is empty (${type})`;
  }
  return `the body is not a JSON envelope (${type}, ${response.text.length} characters)`;
}

function parseEnvelope(text: string): Envelope | undefined {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    // The SyntaxError quotes the body, which may hold a token: it is not kept.
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }

  const record = value as Record<string, unknown>;
  if (typeof record.code !== 'string') {
    return undefined;
  }
  const envelope: Envelope = { code: record.code, result: record.result };
  if (typeof record.detailMessage === 'string') envelope.detailMessage = record.detailMessage;
  if (typeof record.requestId === 'string') envelope.requestId = record.requestId;
  if (typeof record.status === 'number') envelope.status = record.status;
  return envelope;
}

function envelopeDetails(envelope: Envelope): Partial<PartnerApiErrorDetails> {
  const details: Partial<PartnerApiErrorDetails> = { code: envelope.code };
  if (envelope.detailMessage) details.detailMessage = envelope.detailMessage;
  if (envelope.requestId) details.requestId = envelope.requestId;
  return details;
}

/** Reads a `Retry-After` header (seconds or an HTTP date) as milliseconds from now. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  // An HTTP date names the weekday and the month; this also keeps Date.parse from reading "-1" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

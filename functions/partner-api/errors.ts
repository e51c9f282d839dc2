/**
 * Errors of the Partner API client. Each kind matches one action the caller can take next,
 * and the `name` of every class equals the class name so that Step Functions can match on it.
 *
 * No error carries an access token, a refresh token or a client secret. The client passes
 * the secrets of each call in `secrets`, and every occurrence in the message, `code` and
 * `detailMessage` is replaced. Causes are attached only when they cannot contain a secret:
 * network errors, timeouts, and schema issues of a route other than the token route.
 */

/** Details of a failed call. */
export interface PartnerApiErrorDetails {
  /** The last path segment of the endpoint, such as `save` or `token`. */
  route: string;
  /** The HTTP status of the response, absent when no response arrived. */
  httpStatus?: number;
  /** The envelope `code`, such as `parameter_validation_failed`. */
  code?: string;
  /** The envelope `detailMessage`. */
  detailMessage?: string;
  /** The Yeastar `requestId` of the response, for support requests. */
  requestId?: string;
  cause?: unknown;
  /** Values to remove from the message and fields: tokens and secrets of this call. */
  secrets?: readonly string[];
}

const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret in `text`. Secrets shorter than 4 characters are ignored. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result;
}

/** A failed Partner API call. Catch the subclasses to act on the kind of failure. */
export class PartnerApiError extends Error {
  override name = 'PartnerApiError';
  readonly route: string;
  readonly httpStatus?: number;
  readonly code?: string;
  readonly detailMessage?: string;
  readonly requestId?: string;
  /** Whether sending the same request again may succeed and cannot duplicate an effect. */
  readonly retryable: boolean;

  constructor(message: string, details: PartnerApiErrorDetails, retryable: boolean) {
    const secrets = details.secrets ?? [];
    super(redactSecrets(message + describeResponse(details), secrets), details.cause === undefined ? undefined : { cause: details.cause });
    this.route = details.route;
    this.retryable = retryable;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.code !== undefined) this.code = redactSecrets(details.code, secrets);
    if (details.detailMessage !== undefined) this.detailMessage = redactSecrets(details.detailMessage, secrets);
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

function describeResponse(details: PartnerApiErrorDetails): string {
  const parts: string[] = [];
  if (details.httpStatus !== undefined) parts.push(`HTTP ${details.httpStatus}`);
  if (details.code) parts.push(`code ${details.code}`);
  if (details.detailMessage) parts.push(`detailMessage "${details.detailMessage}"`);
  if (details.requestId) parts.push(`requestId ${details.requestId}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * The Partner API returned an error envelope for invalid parameters or a broken business
 * rule. Sending the same request again gets the same error, so fix the request instead.
 */
export class PartnerApiRejectedError extends PartnerApiError {
  override name = 'PartnerApiRejectedError';

  constructor(message: string, details: PartnerApiErrorDetails) {
    super(message, details, false);
  }
}

/**
 * The Partner API rejected the credentials or the access token, and one renewal did not
 * help. Check the client id and secret, the API switch and the client IP restriction.
 */
export class PartnerApiAuthenticationError extends PartnerApiError {
  override name = 'PartnerApiAuthenticationError';

  constructor(message: string, details: PartnerApiErrorDetails) {
    super(message, details, false);
  }
}

/**
 * The Partner API limited the request rate (HTTP 429). The request was not processed,
 * so it is safe to send again after `retryAfterMs` when given.
 */
export class PartnerApiThrottledError extends PartnerApiError {
  override name = 'PartnerApiThrottledError';
  /** The delay from the `Retry-After` header, in milliseconds, when the response had one. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: PartnerApiErrorDetails & { retryAfterMs?: number }) {
    super(message, details, true);
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * The Partner API could not be reached or failed on a call that is safe to repeat: the
 * request never reached the server, or it was a read. Retry later.
 */
export class PartnerApiUnavailableError extends PartnerApiError {
  override name = 'PartnerApiUnavailableError';

  constructor(message: string, details: PartnerApiErrorDetails) {
    super(message, details, true);
  }
}

/**
 * A `save` (create order) request may have reached the Partner API, but its response was
 * lost or unreadable. The order may exist, so look it up in the order list before sending
 * anything again.
 */
export class PartnerApiOutcomeUnknownError extends PartnerApiError {
  override name = 'PartnerApiOutcomeUnknownError';

  constructor(message: string, details: PartnerApiErrorDetails) {
    super(message, details, false);
  }
}

/**
 * The Partner API returned something other than the expected envelope for a read: an HTML
 * page, invalid JSON, no envelope, or a result of an unexpected shape. Reads are safe to
 * retry. If it persists, the API has changed or a proxy sits in front of it.
 */
export class PartnerApiMalformedResponseError extends PartnerApiError {
  override name = 'PartnerApiMalformedResponseError';

  constructor(message: string, details: PartnerApiErrorDetails) {
    super(message, details, true);
  }
}

/**
 * A request that the client rejected before sending because it breaks the Partner API's
 * parameter rules. Nothing was sent, so fix the named fields.
 */
export class PartnerApiInvalidRequestError extends PartnerApiError {
  override name = 'PartnerApiInvalidRequestError';
  /** The invalid fields, such as `{ field: 'serviceList.0.serviceId', message: 'expected a decimal id' }`. */
  readonly issues: { field: string; message: string }[];

  constructor(route: string, issues: { field: string; message: string }[]) {
    const list = issues.map((issue) => `${issue.field || 'request'}: ${issue.message}`).join('; ');
    super(`Invalid Partner API ${route} request, so it was not sent: ${list}`, { route }, false);
    this.issues = issues;
  }
}

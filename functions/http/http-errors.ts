/**
 * HTTP errors and the mapping from domain and client errors to status codes. Bodies are
 * `{ "error": { "code", "message", "details" } }`, with no stack trace.
 */
import { hasErrorName } from '../core/steps/step-input.js';

export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Partner API error fields that help a caller, such as the Yeastar `requestId`. */
function partnerApiDetails(error: Error & Record<string, unknown>): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const field of ['route', 'httpStatus', 'code', 'detailMessage', 'requestId']) {
    if (error[field] !== undefined) details[field] = error[field];
  }
  return details;
}

/**
 * Maps a thrown error to an `HttpError`, or returns `undefined` for an unexpected error,
 * which the handler logs and returns as a 500 response. Errors are matched by `name`.
 */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & Record<string, unknown>;

  switch (error.name) {
    case 'InvalidRequestError':
      return new HttpError(400, 'invalid_request', error.message, { issues: fields.issues ?? [] });
    case 'CatalogueLookupError':
      return new HttpError(400, 'catalogue_lookup_failed', error.message, { query: fields.query, available: fields.available });
    case 'BillingContactNotFoundError':
    case 'BillingContactAmbiguousError':
      return new HttpError(400, 'billing_contact_invalid', error.message, { contacts: fields.contacts ?? [] });
    case 'PurchaseNotFoundError':
      return new HttpError(
        404,
        'not_found',
        `No purchase with id ${String(fields.purchaseId)}: check the id; GET /purchases?productNo=SN lists the purchases of a PBX`,
      );
    case 'PurchaseConflictError':
      return new HttpError(409, 'conflict', error.message, { purchaseId: fields.purchaseId });
    case 'StatusConflictError':
    case 'PurchaseStateError':
    case 'SubmissionInProgressError':
      return new HttpError(409, 'status_conflict', error.message);
    case 'ReconciliationPendingError':
      return new HttpError(502, 'outcome_unknown', `${error.message}. Retry with the same Idempotency-Key to read the outcome.`);
    case 'OrderFailedError':
    case 'SaveAttemptsExhaustedError':
      return new HttpError(502, 'order_failed', error.message);
    default:
      break;
  }

  if (hasErrorName(error, 'PartnerApiThrottledError')) {
    const retryAfterMs = typeof fields.retryAfterMs === 'number' ? fields.retryAfterMs : undefined;
    const headers: Record<string, string> = retryAfterMs === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) };
    return new HttpError(503, 'partner_api_throttled', error.message, partnerApiDetails(fields), headers);
  }
  if (error.name.startsWith('PartnerApi')) {
    return new HttpError(502, 'partner_api_failed', error.message, { errorName: error.name, ...partnerApiDetails(fields) });
  }
  if (error.name.startsWith('Token') || error.name === 'CredentialsSecretError') {
    return new HttpError(502, 'partner_api_token_unavailable', error.message);
  }
  return undefined;
}

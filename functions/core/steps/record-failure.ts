import * as z from 'zod';

import { StatusConflictError } from '../ports.js';
import { FINAL_STATUSES, type PurchaseError, type PurchaseRecord, type PurchaseStatus } from '../purchase.js';
import type { StepDeps } from '../settings.js';
import { parseStepInput, purchaseIdField, withoutUndefined } from './step-input.js';

const inputSchema = z.object({
  purchaseId: purchaseIdField,
  /** The Step Functions error output of a Catch rule. */
  error: z.object({ Error: z.string().max(256).default('Error'), Cause: z.string().optional() }).default({ Error: 'Error' }),
  outcome: z.enum(['FAILED', 'UNKNOWN']).default('FAILED'),
});
export type RecordFailureInput = z.input<typeof inputSchema>;

export interface RecordFailureOutput {
  purchaseId: string;
  status: PurchaseStatus;
  /** Absent when the purchase was never recorded (it failed validation). */
  record?: PurchaseRecord;
}

/** Errors after which no order exists even though `save` may have been sent. */
const NO_ORDER_ERRORS = new Set(['PartnerApiRejectedError', 'PartnerApiInvalidRequestError', 'SaveAttemptsExhaustedError', 'OrderFailedError']);

const MAX_MESSAGE_LENGTH = 1000;

/**
 * Records a caught error on the purchase as FAILED, or as UNKNOWN when the outcome of a
 * `save` is unknown. A purchase with a `save` attempt and an error that does not
 * prove there is no order is recorded UNKNOWN even when FAILED is asked for, so that no
 * placed order is ever reported as failed. A final purchase is returned unchanged.
 */
export async function recordFailure(input: RecordFailureInput, deps: StepDeps): Promise<RecordFailureOutput> {
  const { purchaseId, error, outcome } = parseStepInput(inputSchema, input, 'recordFailure');
  const purchaseError = describeError(error.Error, error.Cause);

  const record = await deps.store.get(purchaseId);
  if (record === undefined) return { purchaseId, status: 'FAILED' };
  if (FINAL_STATUSES.includes(record.status) || record.status === 'PENDING_PAYMENT') {
    return { purchaseId, status: record.status, record };
  }

  const mayHaveOrder = record.status === 'SUBMITTING' && record.saveAttempts > 0 && !NO_ORDER_ERRORS.has(error.Error);
  const to: PurchaseStatus = record.status === 'SUBMITTING' && (outcome === 'UNKNOWN' || mayHaveOrder) ? 'UNKNOWN' : 'FAILED';

  try {
    const moved = await deps.store.move(purchaseId, { from: [record.status], to, set: { error: purchaseError }, note: `${error.Error} caught` });
    return { purchaseId, status: moved.status, record: moved };
  } catch (moveError) {
    if (moveError instanceof StatusConflictError && moveError.current !== undefined) {
      return { purchaseId, status: moveError.current.status, record: moveError.current };
    }
    throw moveError;
  }
}

/**
 * Turns a Step Functions error into a purchase error. `Cause` is the Lambda error JSON
 * (`errorType`, `errorMessage`) or plain text. The message is cut to 1000 characters,
 * and anything that looks like a bearer token or a JWT is removed.
 */
export function describeError(name: string, cause: string | undefined): PurchaseError {
  let message = cause ?? name;
  let requestId: string | undefined;

  if (cause !== undefined) {
    try {
      const parsed = JSON.parse(cause) as Record<string, unknown>;
      if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
      else if (typeof parsed.message === 'string') message = parsed.message;
      if (typeof parsed.requestId === 'string') requestId = parsed.requestId;
    } catch {
      // Plain-text cause: keep it as the message.
    }
  }

  requestId ??= /requestId ([0-9a-fA-F]{16,64})/.exec(message)?.[1];
  return withoutUndefined({
    code: name,
    message: redactTokens(message).slice(0, MAX_MESSAGE_LENGTH),
    requestId,
    httpStatus: readHttpStatus(message),
    details: readPartnerApiDetails(message),
  });
}

/**
 * Reads the Partner API's own `code` and `detailMessage` from a Partner API error message,
 * which names them as `code <code>` and `detailMessage "<text>"`, because a Step Functions
 * Cause carries only the error's name and message.
 */
function readPartnerApiDetails(message: string): Record<string, unknown> | undefined {
  const code = /\bcode ([a-z][a-z0-9_]*)\b/.exec(message)?.[1];
  const detailMessage = /\bdetailMessage "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
  if (code === undefined && detailMessage === undefined) return undefined;
  return withoutUndefined({ partnerApiCode: code, detailMessage: detailMessage === undefined ? undefined : redactTokens(detailMessage) });
}

function readHttpStatus(message: string): number | undefined {
  const status = /\bHTTP (\d{3})\b/.exec(message)?.[1];
  return status === undefined ? undefined : Number(status);
}

function redactTokens(text: string): string {
  return text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted]');
}

/**
 * The Partner API response envelope `{code, detailMessage, requestId, result, status}` and
 * the error type that route handlers throw to produce a failure envelope.
 */

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { stringifyJson } from '../../functions/partner-api/json.js';

/** Largest request body the sandbox reads, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A failed Partner API call: the HTTP status, the envelope `code` and its detail. */
export class SandboxApiError extends Error {
  override name = 'SandboxApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detailMessage: string,
    readonly result: unknown = null,
  ) {
    super(`${status} ${code}: ${detailMessage}`);
  }
}

/** Creates a `parameter_validation_failed` error naming the field and the validation tag. */
export function validationError(field: string, tag: string, detailMessage: string): SandboxApiError {
  return new SandboxApiError(400, 'parameter_validation_failed', detailMessage, { field, tag });
}

/** Generates a 32-hex-character request id. */
export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

/** A fully rendered HTTP response, ready to be written or altered by a fault. */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Renders a success envelope. `bigint` values in `result` become bare JSON numbers. */
export function renderSuccess(result: unknown): RenderedResponse {
  return renderEnvelope(200, 'success', '', result);
}

export function renderError(error: SandboxApiError): RenderedResponse {
  return renderEnvelope(error.status, error.code, error.detailMessage, error.result);
}

export function renderEnvelope(status: number, code: string, detailMessage: string, result: unknown): RenderedResponse {
  const body = stringifyJson({ code, detailMessage, requestId: newRequestId(), result, status });
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body };
}

export function writeResponse(response: ServerResponse, answer: RenderedResponse): void {
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-length': String(Buffer.byteLength(answer.body)),
  });
  response.end(answer.body);
}

/** Reads the whole request body. Throws a 413 `SandboxApiError` beyond `MAX_BODY_BYTES`. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new SandboxApiError(413, 'payload_too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

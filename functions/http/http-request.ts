/** Reading API Gateway HTTP API (payload format 2.0) requests. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

import { parseJson } from '../partner-api/json.js';
import { HttpError } from './http-errors.js';

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Returns a header value; API Gateway lower-cases header names in payload format 2.0. */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const lowerName = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lowerName) return value;
  }
  return undefined;
}

/**
 * Parses a JSON request body without losing integer precision. Throws `HttpError` 415 for
 * a content type other than JSON, 413 for a body over `MAX_BODY_BYTES`, and 400 for a
 * missing or invalid body.
 */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = header(event, 'content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json' && !(mediaType?.startsWith('application/') && mediaType.endsWith('+json'))) {
    throw new HttpError(415, 'unsupported_media_type', `Unsupported Content-Type "${contentType ?? '(none)'}": send application/json`);
  }

  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload_too_large', `Request body of ${bytes.length} bytes is over the limit of ${MAX_BODY_BYTES} bytes`);
  }
  if (bytes.length === 0) {
    throw new HttpError(400, 'invalid_json', 'Missing request body: send a JSON object');
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'Request body is not valid UTF-8: send JSON encoded as UTF-8');
  }
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'invalid JSON';
    throw new HttpError(400, 'invalid_json', `Request body is not valid JSON: ${reason}`);
  }

  const rounded = findRoundedIntegers(value, JSON.parse(text) as unknown, '');
  if (rounded.length > 0) {
    const issues = rounded.map((field) => ({ field, message: ROUNDED_INTEGER_MESSAGE }));
    throw new HttpError(400, 'invalid_request', `Invalid request: ${rounded[0]}: ${ROUNDED_INTEGER_MESSAGE}`, { issues });
  }
  return value;
}

const ROUNDED_INTEGER_MESSAGE =
  'is a JSON number above 2^53, which JSON readers round; send ids as strings of digits, such as "3197218168379846218"';

/**
 * Lists the paths where the body has an integer too large for a JavaScript number:
 * `parseJson` returned it as a string where `JSON.parse` returned a number.
 */
function findRoundedIntegers(exact: unknown, plain: unknown, path: string): string[] {
  if (typeof exact === 'string' && typeof plain === 'number') {
    return [path || '(request)'];
  }
  if (exact === null || plain === null || typeof exact !== 'object' || typeof plain !== 'object') {
    return [];
  }
  if (Array.isArray(exact) && Array.isArray(plain)) {
    return exact.flatMap((item, index) => findRoundedIntegers(item, plain[index], `${path}[${index}]`));
  }
  const plainRecord = plain as Record<string, unknown>;
  return Object.entries(exact as Record<string, unknown>).flatMap(([key, item]) =>
    findRoundedIntegers(item, plainRecord[key], path === '' ? key : `${path}.${key}`),
  );
}

/** A path or query parameter that must match `pattern`; throws `HttpError` 400 naming it. */
export function requireParameter(
  value: string | undefined,
  name: string,
  pattern: RegExp,
  expected: string,
): string {
  if (value === undefined || value === '') {
    throw new HttpError(400, 'invalid_request', `Missing parameter ${name}: ${expected}`, { issues: [{ field: name, message: 'is required' }] });
  }
  if (!pattern.test(value)) {
    throw new HttpError(400, 'invalid_request', `Invalid parameter ${name}: ${expected}`, { issues: [{ field: name, message: expected }] });
  }
  return value;
}

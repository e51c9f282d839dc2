/**
 * The token endpoint (`pp_credentials` and `refresh_token` grants) and the bearer-token
 * check of every other Partner API route.
 */

import type { IncomingMessage } from 'node:http';

import { SandboxApiError, validationError } from './envelope.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './seed.js';
import type { SandboxState } from './state.js';
import type { TokenDetails } from './tokens.js';

/** Reads a form body: `application/x-www-form-urlencoded` or `multipart/form-data`. */
async function readForm(request: IncomingMessage, body: Buffer): Promise<Map<string, string>> {
  const contentType = request.headers['content-type'] ?? '';
  const isUrlEncoded = contentType.startsWith('application/x-www-form-urlencoded');
  const isMultipart = contentType.startsWith('multipart/form-data');
  if (!isUrlEncoded && !isMultipart) {
    throw validationError(
      'Content-Type',
      'oneof',
      `Content-Type "${contentType}" is not supported: use application/x-www-form-urlencoded or multipart/form-data`,
    );
  }

  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw validationError('body', 'form', 'Request body is not a valid form');
  }

  const fields = new Map<string, string>();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields.set(name, value);
    }
  }
  return fields;
}

function requireField(fields: Map<string, string>, name: string): string {
  const value = fields.get(name);
  if (value === undefined || value === '') {
    throw validationError(name, 'required', `${name} is required`);
  }
  return value;
}

/** Handles `POST /auth/openapi/v1/oauth/token` for both grants. */
export async function handleTokenRequest(state: SandboxState, request: IncomingMessage, body: Buffer): Promise<TokenDetails> {
  const fields = await readForm(request, body);
  const grantType = requireField(fields, 'grant_type');
  const now = state.now();

  if (grantType === 'pp_credentials') {
    const clientId = requireField(fields, 'client_id');
    const clientSecret = requireField(fields, 'client_secret');
    if (clientId !== SANDBOX_CLIENT_ID || clientSecret !== SANDBOX_CLIENT_SECRET) {
      throw new SandboxApiError(401, 'invalid_client', 'client_id or client_secret is wrong');
    }
    return state.tokens.issue(clientId, now);
  }

  if (grantType === 'refresh_token') {
    const refreshToken = requireField(fields, 'refresh_token');
    const check = state.tokens.checkRefreshToken(refreshToken, now);
    if (!check.valid) {
      const code = check.reason === 'expired' ? 'refresh_token_expired' : 'refresh_token_invalid';
      const detail =
        check.reason === 'expired'
          ? 'The refresh token has expired: request a new access token with grant_type=pp_credentials'
          : 'The refresh token is not valid: request a new access token with grant_type=pp_credentials';
      throw new SandboxApiError(401, code, detail);
    }
    if (state.settings.refreshRotates) {
      state.tokens.revokeRefreshToken(refreshToken);
    }
    return state.tokens.issue(SANDBOX_CLIENT_ID, now);
  }

  throw validationError('grant_type', 'oneof', `grant_type "${grantType}" is not supported: use pp_credentials or refresh_token`);
}

/** Throws a 401 `SandboxApiError` unless the request carries a valid, unexpired access token. */
export function authenticate(state: SandboxState, request: IncomingMessage): void {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new SandboxApiError(401, 'token_missing', 'Authorization header is missing: send "Authorization: Bearer <token>"');
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null) {
    throw new SandboxApiError(401, 'token_invalid', 'Authorization header is not of the form "Bearer <token>"');
  }

  const check = state.tokens.checkAccessToken(match[1]!, state.now());
  if (check.valid) {
    return;
  }
  if (check.reason === 'expired') {
    throw new SandboxApiError(401, 'token_expired', 'The access token has expired: refresh it or request a new one');
  }
  throw new SandboxApiError(401, 'token_invalid', 'The access token is not valid: request a new one');
}

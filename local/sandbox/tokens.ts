/**
 * Access and refresh tokens issued by the sandbox. Access tokens look like the Partner API's
 * HS256 JWTs (same claim names) and live 30 minutes. Refresh tokens live 15 days. Both
 * expire on the sandbox clock. A token is valid only while this store contains it, so a
 * reset revokes every token.
 */

import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export const ACCESS_TOKEN_LIFETIME_SECONDS = 30 * 60;
export const REFRESH_TOKEN_LIFETIME_SECONDS = 15 * 24 * 60 * 60;

/** The `Token_Details` result of the token endpoint. */
export interface TokenDetails {
  expiresIn: string;
  refreshToken: string;
  token: string;
  tokenHead: string;
}

/** Token count above which issuing a token first drops the expired ones. */
const MAX_STORED_TOKENS = 10_000;

export type TokenCheck = { valid: true } | { valid: false; reason: 'unknown' | 'expired' };

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export class TokenStore {
  private readonly signingKey = randomBytes(32);
  private accessTokens = new Map<string, number>();
  private refreshTokens = new Map<string, number>();

  clear(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Issues a new access and refresh token pair for `clientId` at sandbox time `nowMs`. */
  issue(clientId: string, nowMs: number): TokenDetails {
    if (this.accessTokens.size + this.refreshTokens.size > MAX_STORED_TOKENS) {
      dropExpired(this.accessTokens, nowMs);
      dropExpired(this.refreshTokens, nowMs);
    }
    const token = this.signAccessToken(clientId, nowMs);
    const refreshToken = randomBytes(24).toString('base64url');
    this.accessTokens.set(token, nowMs + ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
    this.refreshTokens.set(refreshToken, nowMs + REFRESH_TOKEN_LIFETIME_SECONDS * 1000);
    return { expiresIn: String(ACCESS_TOKEN_LIFETIME_SECONDS), refreshToken, token, tokenHead: 'Bearer ' };
  }

  checkAccessToken(token: string, nowMs: number): TokenCheck {
    return check(this.accessTokens, token, nowMs);
  }

  checkRefreshToken(refreshToken: string, nowMs: number): TokenCheck {
    return check(this.refreshTokens, refreshToken, nowMs);
  }

  /** Forgets a refresh token, so that it cannot be used again. */
  revokeRefreshToken(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
  }

  private signAccessToken(clientId: string, nowMs: number): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const user = {
      expr: '0',
      type: 'partner',
      ucId: '3076913644890832896',
      userCode: 'Partner',
      userId: '3076913644915998720',
      username: 'partner@sandbox.example',
    };
    const payload = base64url(
      JSON.stringify({
        aud: ['res1'],
        'X-MS-USER': JSON.stringify(user),
        user_name: user.username,
        scope: ['all'],
        exp: Math.floor(nowMs / 1000) + ACCESS_TOKEN_LIFETIME_SECONDS,
        token_type: 'openapi',
        authorities: ['77'],
        jti: randomUUID(),
        client_id: clientId,
      }),
    );
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

function check(tokens: Map<string, number>, token: string, nowMs: number): TokenCheck {
  const expiresAt = tokens.get(token);
  if (expiresAt === undefined) {
    return { valid: false, reason: 'unknown' };
  }
  if (nowMs >= expiresAt) {
    return { valid: false, reason: 'expired' };
  }
  return { valid: true };
}

function dropExpired(tokens: Map<string, number>, nowMs: number): void {
  for (const [token, expiresAt] of tokens) {
    if (nowMs >= expiresAt) {
      tokens.delete(token);
    }
  }
}

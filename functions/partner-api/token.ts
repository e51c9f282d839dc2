/** An access token for the Partner API, as the client sends it. */
export interface AccessToken {
  /** The token itself, sent after `tokenHead` in the `Authorization` header. */
  token: string;
  /** The prefix the token call returned, such as `"Bearer "`, including its trailing space. */
  tokenHead: string;
  /** When the token expires, in epoch milliseconds. */
  expiresAt: number;
  /** An opaque label that changes each time the token is renewed. */
  generation: string;
}

/**
 * A source of access tokens shared by the calls of one process (or, for a shared
 * implementation, of many functions).
 */
export interface AccessTokenProvider {
  /** Returns a token that is valid for at least the provider's renewal margin. */
  getAccessToken(): Promise<AccessToken>;

  /**
   * Renews the token after the Partner API rejected `rejected`. When another caller has
   * already renewed it, returns the newer token without another token call.
   */
  renewAfterRejection(rejected: AccessToken): Promise<AccessToken>;
}

/** The prefix used when a token response carries no `tokenHead`. */
export const DEFAULT_TOKEN_HEAD = 'Bearer ';

/**
 * Normalizes a `tokenHead` from a token response: an absent or blank value becomes
 * `"Bearer "`, and a value without a trailing space gets one, so that the header reads
 * `Bearer <token>` and never `Bearer<token>`.
 */
export function normalizeTokenHead(tokenHead: string | undefined): string {
  if (tokenHead === undefined || tokenHead.trim() === '') {
    return DEFAULT_TOKEN_HEAD;
  }
  return /\s$/.test(tokenHead) ? tokenHead : `${tokenHead} `;
}

/** Builds the `Authorization` header value for a token. */
export function authorizationHeader(accessToken: AccessToken): string {
  return normalizeTokenHead(accessToken.tokenHead) + accessToken.token;
}

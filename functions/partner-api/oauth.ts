/**
 * The token calls of the Partner API and an in-process token manager.
 *
 * `POST /auth/openapi/v1/oauth/token` is form-encoded. A login sends the client id and
 * secret with `grant_type=pp_credentials`; a refresh sends `grant_type=refresh_token`
 * with the latest refresh token. Access tokens live 30 minutes and refresh tokens 15 days.
 */
import * as z from 'zod';
import { PartnerApiAuthenticationError, PartnerApiRejectedError } from './errors.js';
import { createTransport, sendRequest, type TransportOptions } from './http.js';
import { optionalText, requiredText, responseInteger } from './schema-primitives.js';
import { normalizeTokenHead, type AccessToken, type AccessTokenProvider } from './token.js';

const TOKEN_PATH = '/auth/openapi/v1/oauth/token';

/** How long a refresh token is valid, according to the Partner API authorization rules. */
export const REFRESH_TOKEN_LIFETIME_MS = 15 * 24 * 60 * 60 * 1000;

/** The default time before expiry at which `OAuthTokenManager` renews a token. */
export const DEFAULT_RENEW_MARGIN_MS = 5 * 60 * 1000;

/** A token call's result. */
export interface TokenDetails {
  token: string;
  /** The `Authorization` prefix, `"Bearer "` when the response has none. */
  tokenHead: string;
  /** The refresh token; a refresh that returns none keeps the one it sent. */
  refreshToken: string;
  /** The remaining lifetime of the access token, in seconds. */
  expiresInSeconds: number;
}

export interface RequestAccessTokenOptions extends TransportOptions {
  clientId: string;
  clientSecret: string;
}

export interface RefreshAccessTokenOptions extends TransportOptions {
  refreshToken: string;
}

// `expiresIn` is documented as a String holding seconds; a number is accepted too.
const tokenResultSchema = z.looseObject({
  token: requiredText,
  tokenHead: optionalText,
  refreshToken: optionalText,
  expiresIn: responseInteger.pipe(z.number().int().positive()),
});

/**
 * Logs in with the client credentials (`grant_type=pp_credentials`). Sends one request
 * and does not retry.
 *
 * @throws PartnerApiAuthenticationError when the credentials are rejected, and the other
 *   `PartnerApiError` kinds when the call fails.
 */
export async function requestAccessToken(options: RequestAccessTokenOptions): Promise<TokenDetails> {
  requireValue('clientId', options.clientId);
  requireValue('clientSecret', options.clientSecret);
  const form = new URLSearchParams({
    client_id: options.clientId,
    client_secret: options.clientSecret,
    grant_type: 'pp_credentials',
  });

  const result = await sendTokenRequest(options, form, [options.clientSecret]);
  return toTokenDetails(result, '');
}

/**
 * Renews the access token with a refresh token (`grant_type=refresh_token`). Sends one
 * request and does not retry.
 *
 * @throws PartnerApiAuthenticationError when the refresh token is rejected: log in again.
 */
export async function refreshAccessToken(options: RefreshAccessTokenOptions): Promise<TokenDetails> {
  requireValue('refreshToken', options.refreshToken);
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: options.refreshToken });

  const result = await sendTokenRequest(options, form, [options.refreshToken]);
  return toTokenDetails(result, options.refreshToken);
}

async function sendTokenRequest(options: TransportOptions, form: URLSearchParams, secrets: string[]) {
  const result = await sendRequest(
    createTransport(options),
    {
      route: 'token',
      method: 'POST',
      path: TOKEN_PATH,
      body: { contentType: 'application/x-www-form-urlencoded', text: form.toString() },
      createsOrder: false,
      isTokenCall: true,
      secrets,
    },
    tokenResultSchema,
  );
  return result;
}

function toTokenDetails(result: z.output<typeof tokenResultSchema>, sentRefreshToken: string): TokenDetails {
  return {
    token: result.token,
    tokenHead: normalizeTokenHead(result.tokenHead),
    refreshToken: result.refreshToken || sentRefreshToken,
    expiresInSeconds: result.expiresIn,
  };
}

function requireValue(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`Missing Partner API ${name}: pass the value from System > API in the Partner Portal`);
  }
}

export interface OAuthTokenManagerOptions extends TransportOptions {
  clientId: string;
  clientSecret: string;
  /** The time source in epoch milliseconds; tests move it to expire tokens. */
  clock?: { now(): number };
  /** How long before expiry a token is renewed, in milliseconds. Default 5 minutes. */
  renewMarginMs?: number;
  /** How long a new refresh token is valid, in milliseconds. Default 15 days. */
  refreshTokenLifetimeMs?: number;
}

interface CurrentToken {
  access: AccessToken;
  /** When `getAccessToken` stops returning this token, in epoch milliseconds. */
  renewAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  rejected: boolean;
}

/**
 * Keeps one access token for the calls of this process. It logs in on first use, renews
 * the token ahead of expiry with the refresh token, and logs in again when the refresh
 * token is rejected or expired. Concurrent callers share a single token call.
 */
export class OAuthTokenManager implements AccessTokenProvider {
  readonly #options: OAuthTokenManagerOptions;
  readonly #clock: { now(): number };
  readonly #renewMarginMs: number;
  readonly #refreshTokenLifetimeMs: number;
  #current: CurrentToken | undefined;
  #renewal: Promise<AccessToken> | undefined;
  #generation = 0;

  constructor(options: OAuthTokenManagerOptions) {
    requireValue('clientId', options.clientId);
    requireValue('clientSecret', options.clientSecret);
    createTransport(options);

    this.#options = options;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#renewMarginMs = options.renewMarginMs ?? DEFAULT_RENEW_MARGIN_MS;
    this.#refreshTokenLifetimeMs = options.refreshTokenLifetimeMs ?? REFRESH_TOKEN_LIFETIME_MS;
  }

  async getAccessToken(): Promise<AccessToken> {
    const current = this.#current;
    if (current !== undefined && !current.rejected && this.#clock.now() < current.renewAt) {
      return current.access;
    }
    return this.#renewOnce();
  }

  async renewAfterRejection(rejected: AccessToken): Promise<AccessToken> {
    const current = this.#current;
    if (this.#renewal !== undefined) {
      return this.#renewal;
    }
    if (current !== undefined && current.access.generation !== rejected.generation) {
      // Another caller renewed the token after `rejected` was handed out.
      return this.getAccessToken();
    }
    if (current !== undefined) {
      current.rejected = true;
    }
    return this.#renewOnce();
  }

  #renewOnce(): Promise<AccessToken> {
    this.#renewal ??= this.#renew().finally(() => {
      this.#renewal = undefined;
    });
    return this.#renewal;
  }

  async #renew(): Promise<AccessToken> {
    const previous = this.#current;
    const startedAt = this.#clock.now();
    let details: TokenDetails | undefined;
    let refreshed = false;

    if (previous !== undefined && previous.refreshToken !== '' && startedAt < previous.refreshExpiresAt - this.#renewMarginMs) {
      try {
        details = await refreshAccessToken({ ...this.#transportOptions(), refreshToken: previous.refreshToken });
        refreshed = true;
      } catch (error) {
        // A rejected refresh token is replaced by a login; any other failure is raised.
        if (!(error instanceof PartnerApiAuthenticationError || error instanceof PartnerApiRejectedError)) {
          throw error;
        }
      }
    }

    details ??= await requestAccessToken({
      ...this.#transportOptions(),
      clientId: this.#options.clientId,
      clientSecret: this.#options.clientSecret,
    });

    const keepsRefreshToken = refreshed && previous !== undefined && details.refreshToken === previous.refreshToken;
    const lifetimeMs = details.expiresInSeconds * 1000;
    this.#generation += 1;
    this.#current = {
      access: {
        token: details.token,
        tokenHead: details.tokenHead,
        expiresAt: startedAt + lifetimeMs,
        generation: String(this.#generation),
      },
      // A lifetime shorter than twice the margin renews at half-life instead of at once.
      renewAt: startedAt + Math.max(lifetimeMs - this.#renewMarginMs, lifetimeMs / 2),
      refreshToken: details.refreshToken,
      refreshExpiresAt: keepsRefreshToken ? previous.refreshExpiresAt : startedAt + this.#refreshTokenLifetimeMs,
      rejected: false,
    };
    return this.#current.access;
  }

  #transportOptions(): TransportOptions {
    const { baseUrl, userAgent, timeoutMs, fetch } = this.#options;
    return {
      baseUrl,
      ...(userAgent === undefined ? {} : { userAgent }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(fetch === undefined ? {} : { fetch }),
    };
  }
}

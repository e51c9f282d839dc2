/**
 * Coordinated renewal of the shared Partner API token: at most one token call per token
 * generation, however many functions ask at once.
 *
 * A caller that finds the stored token stale takes the lease and reads the token again,
 * because a caller that held the lease just before may have renewed it. It then renews
 * the token with the refresh token, or with a login when the refresh token is rejected or
 * expired, and writes the next generation. Callers without the lease wait for that generation.
 */
import { randomUUID } from 'node:crypto';

import type { Logger } from '@aws-lambda-powertools/logger';

import type { Clock } from '../core/ports.js';
import { PartnerApiAuthenticationError, PartnerApiRejectedError } from '../partner-api/errors.js';
import { REFRESH_TOKEN_LIFETIME_MS, refreshAccessToken, requestAccessToken } from '../partner-api/oauth.js';
import type { TokenDetails } from '../partner-api/oauth.js';
import type { ClientCredentials } from './credentials-secret.js';
import { TokenRefreshTimeoutError } from './token-errors.js';
import type { TokenLease } from './token-lease.js';
import type { StoredToken, TokenStore } from './token-store.js';

/** Reason for a refresh request. A `scheduled` request renews ahead of expiry with the wider margin. */
export type RefreshReason = 'scheduled' | 'missing' | 'expiring' | 'rejected';

export interface RefreshRequest {
  /** The generation the caller found unusable; any newer generation satisfies the caller. */
  staleGeneration?: number;
  reason: RefreshReason;
}

export interface RefreshResult {
  generation: number;
  expiresAt: number;
  /** Source of the token: the current stored one, a refresh or a login. */
  method: 'current' | 'refresh' | 'login';
}

export interface RefreshSettings {
  /** A token that expires within this margin is renewed on request, in ms. */
  marginMs: number;
  /** A scheduled run renews a token that expires within this margin, in ms. */
  scheduledMarginMs: number;
  leaseMs: number;
  /** How long a caller without the lease waits for the new generation, in ms. */
  waitTimeoutMs: number;
  pollIntervalMs: number;
  /** Lifetime of a new refresh token; the token response does not state it. */
  refreshTokenLifetimeMs: number;
}

export const DEFAULT_REFRESH_SETTINGS: RefreshSettings = {
  marginMs: 5 * 60_000,
  scheduledMarginMs: 15 * 60_000,
  leaseMs: 20_000,
  waitTimeoutMs: 30_000,
  pollIntervalMs: 250,
  refreshTokenLifetimeMs: REFRESH_TOKEN_LIFETIME_MS,
};

/** Logger for renewals. Only generations, reasons and request ids are logged, never a token. */
export type RefreshLog = Pick<Logger, 'info' | 'warn'>;

export interface TokenRefresherDeps {
  store: TokenStore;
  lease: TokenLease;
  readCredentials(): Promise<ClientCredentials>;
  baseUrl: string;
  userAgent?: string;
  fetch?: typeof fetch;
  clock?: Clock;
  log?: RefreshLog;
  /** Identifies this caller as the lease owner; a new id per call by default. */
  ownerId?: string;
  settings?: Partial<RefreshSettings>;
}

/**
 * Returns a usable token generation for `request`, renewing the stored token when needed.
 * Throws `TokenRefreshTimeoutError` when another caller holds the lease and no new
 * generation appears within `waitTimeoutMs`, and the Partner API errors of a failed login.
 */
export async function refreshSharedToken(request: RefreshRequest, deps: TokenRefresherDeps): Promise<RefreshResult> {
  const settings = { ...DEFAULT_REFRESH_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? { now: () => Date.now() };
  const owner = deps.ownerId ?? randomUUID();
  const margin = request.reason === 'scheduled' ? settings.scheduledMarginMs : settings.marginMs;
  const needsRenewal = (token: StoredToken | undefined): token is undefined =>
    token === undefined ||
    (request.staleGeneration !== undefined && token.generation <= request.staleGeneration) ||
    token.expiresAt - clock.now() <= margin;

  const current = await deps.store.read({ forceFetch: true });
  if (!needsRenewal(current)) {
    return { generation: current.generation, expiresAt: current.expiresAt, method: 'current' };
  }

  const deadline = clock.now() + settings.waitTimeoutMs;
  for (;;) {
    if (await deps.lease.acquire(owner, settings.leaseMs)) {
      try {
        const latest = await deps.store.read({ forceFetch: true });
        if (!needsRenewal(latest)) {
          return { generation: latest.generation, expiresAt: latest.expiresAt, method: 'current' };
        }
        return await renew(latest, request, deps, settings, clock);
      } finally {
        await deps.lease.release(owner);
      }
    }

    if (clock.now() >= deadline) {
      throw new TokenRefreshTimeoutError(
        `Timed out after ${settings.waitTimeoutMs} ms waiting for another caller to renew the Partner API token ` +
          `(stale generation ${request.staleGeneration ?? 'none'}); retry the call`,
      );
    }
    await sleep(settings.pollIntervalMs);

    const latest = await deps.store.read({ forceFetch: true });
    if (!needsRenewal(latest)) {
      return { generation: latest.generation, expiresAt: latest.expiresAt, method: 'current' };
    }
  }
}

async function renew(
  previous: StoredToken | undefined,
  request: RefreshRequest,
  deps: TokenRefresherDeps,
  settings: RefreshSettings,
  clock: Clock,
): Promise<RefreshResult> {
  const common = { baseUrl: deps.baseUrl, ...optional('userAgent', deps.userAgent), ...optional('fetch', deps.fetch) };
  const generation = (previous?.generation ?? 0) + 1;
  let details: TokenDetails | undefined;
  let method: 'refresh' | 'login' = 'login';

  if (previous !== undefined && previous.refreshExpiresAt - clock.now() > settings.marginMs) {
    try {
      details = await refreshAccessToken({ ...common, refreshToken: previous.refreshToken });
      method = 'refresh';
    } catch (error) {
      if (!(error instanceof PartnerApiRejectedError || error instanceof PartnerApiAuthenticationError)) throw error;
      deps.log?.warn('Partner API rejected the refresh token; logging in with the client credentials', {
        generation: previous.generation,
        errorName: error.name,
        requestId: error.requestId,
      });
    }
  }

  if (details === undefined) {
    const credentials = await deps.readCredentials();
    details = await requestAccessToken({ ...common, clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  }

  const now = clock.now();
  const keepsRefreshToken = previous !== undefined && details.refreshToken === previous.refreshToken;
  const token: StoredToken = {
    token: details.token,
    tokenHead: details.tokenHead,
    refreshToken: details.refreshToken,
    expiresAt: now + details.expiresInSeconds * 1000,
    // NOTE: whether a refresh rotates the refresh token is not documented. An unchanged
    // refresh token keeps its old expiry; a new one is assumed to live the full lifetime.
    refreshExpiresAt: keepsRefreshToken ? previous.refreshExpiresAt : now + settings.refreshTokenLifetimeMs,
    generation,
  };
  await deps.store.write(token);

  deps.log?.info('Renewed the Partner API token', {
    generation,
    method,
    reason: request.reason,
    staleGeneration: request.staleGeneration,
    expiresAt: new Date(token.expiresAt).toISOString(),
  });
  return { generation, expiresAt: token.expiresAt, method };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

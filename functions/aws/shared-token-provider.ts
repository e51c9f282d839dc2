/**
 * An `AccessTokenProvider` for functions that share one Partner API token through a
 * `TokenStore`. It never calls the token endpoint itself. When the stored token is
 * missing, close to expiry or rejected, it calls the refresher (`requestRefresh`) and
 * reads the store again.
 */
import type { Clock } from '../core/ports.js';
import type { AccessToken, AccessTokenProvider } from '../partner-api/token.js';
import { TokenUnavailableError } from './token-errors.js';
import type { RefreshRequest } from './token-refresher.js';
import { toAccessToken } from './token-store.js';
import type { StoredToken, TokenStore } from './token-store.js';

/**
 * Asks for a coordinated refresh. On AWS it invokes the refresher function
 * (`lambdaRefreshRequester`); the local runtime calls `refreshSharedToken` in-process.
 */
export type RefreshRequester = (request: RefreshRequest) => Promise<void>;

export interface SharedTokenProviderOptions {
  store: TokenStore;
  requestRefresh: RefreshRequester;
  clock?: Clock;
  /** A token that expires within this margin is renewed before use, in ms. Default 3 minutes. */
  renewMarginMs?: number;
}

export class SharedTokenProvider implements AccessTokenProvider {
  private readonly store: TokenStore;
  private readonly requestRefresh: RefreshRequester;
  private readonly clock: Clock;
  private readonly renewMarginMs: number;
  /** Renewals in flight in this process, by stale generation, so concurrent calls share one. */
  private readonly renewals = new Map<string, Promise<AccessToken>>();

  constructor(options: SharedTokenProviderOptions) {
    this.store = options.store;
    this.requestRefresh = options.requestRefresh;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.renewMarginMs = options.renewMarginMs ?? 3 * 60_000;
  }

  async getAccessToken(): Promise<AccessToken> {
    const cached = await this.store.read();
    if (cached !== undefined && this.isUsable(cached)) {
      return toAccessToken(cached);
    }
    return this.renew(cached?.generation, cached === undefined ? 'missing' : 'expiring');
  }

  async renewAfterRejection(rejected: AccessToken): Promise<AccessToken> {
    const latest = await this.store.read({ forceFetch: true });
    if (latest !== undefined && String(latest.generation) !== rejected.generation && this.isUsable(latest)) {
      return toAccessToken(latest);
    }
    const staleGeneration = Number.parseInt(rejected.generation, 10);
    return this.renew(Number.isSafeInteger(staleGeneration) ? staleGeneration : latest?.generation, 'rejected');
  }

  private isUsable(token: StoredToken): boolean {
    return token.expiresAt - this.clock.now() > this.renewMarginMs;
  }

  private renew(staleGeneration: number | undefined, reason: RefreshRequest['reason']): Promise<AccessToken> {
    const key = String(staleGeneration ?? 'none');
    const inFlight = this.renewals.get(key);
    if (inFlight !== undefined) {
      return inFlight;
    }

    const renewal = this.refreshAndRead(staleGeneration, reason).finally(() => this.renewals.delete(key));
    this.renewals.set(key, renewal);
    return renewal;
  }

  private async refreshAndRead(staleGeneration: number | undefined, reason: RefreshRequest['reason']): Promise<AccessToken> {
    await this.requestRefresh(staleGeneration === undefined ? { reason } : { staleGeneration, reason });

    const renewed = await this.store.read({ forceFetch: true });
    const isNewer = renewed !== undefined && (staleGeneration === undefined || renewed.generation > staleGeneration);
    if (renewed === undefined || !isNewer || renewed.expiresAt <= this.clock.now()) {
      throw new TokenUnavailableError(
        `The token refresher finished, but the token store has no usable Partner API token newer than generation ` +
          `${staleGeneration ?? 'none'}; check the refresher function's logs`,
      );
    }
    return toAccessToken(renewed);
  }
}

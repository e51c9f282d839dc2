/**
 * The retry policy of the Partner API client: exponential backoff with full jitter,
 * honouring `Retry-After` up to a bound.
 *
 * Only errors with `retryable` set are retried. They are failed or malformed reads,
 * throttled calls, and a `save` whose request was never sent. A `save` that may have
 * arrived fails with `PartnerApiOutcomeUnknownError`, which is never retried.
 */
import { PartnerApiError, PartnerApiThrottledError } from './errors.js';

/** Retry settings; every field has a default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** The backoff before the first retry, doubled for each later one, in milliseconds. Default 200. */
  baseDelayMs?: number;
  /** The maximum backoff delay, in milliseconds. Default 5000. */
  maxDelayMs?: number;
  /**
   * The maximum `Retry-After` the client waits for, in milliseconds. Default 20000. A
   * throttle with a longer delay is raised at once so that the caller can schedule the retry.
   */
  maxRetryAfterMs?: number;
  /** Waits for a delay; replaceable in tests. */
  sleep?: (delayMs: number) => Promise<void>;
  /** Returns a number in [0, 1) for the jitter; replaceable in tests. */
  random?: () => number;
}

/** The argument of `onRetry`, passed before each retry. */
export interface RetryInfo {
  /** The last path segment of the endpoint, such as `save`. */
  route: string;
  /** The number of the attempt about to start: 2 for the first retry. */
  attempt: number;
  /** The wait before that attempt, in milliseconds. */
  delayMs: number;
  /** The failure of the previous attempt. */
  error: PartnerApiError;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

/** Fills in the defaults and checks the values. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved: ResolvedRetryOptions = {
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 5000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 20_000,
    sleep: options.sleep ?? ((delayMs) => new Promise((resolve) => setTimeout(resolve, delayMs))),
    random: options.random ?? Math.random,
  };

  for (const key of ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const value = resolved[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new TypeError(`Invalid retry option ${key} ${value}: expected a number of 0 or more`);
    }
  }
  return resolved;
}

/**
 * Returns the delay before retry number `retry` (1 for the first), or undefined when the
 * error must not be retried.
 */
export function retryDelay(error: unknown, retry: number, options: ResolvedRetryOptions): number | undefined {
  if (!(error instanceof PartnerApiError) || !error.retryable || retry > options.maxRetries) {
    return undefined;
  }

  if (error instanceof PartnerApiThrottledError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= options.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }

  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(options.random() * ceiling);
}

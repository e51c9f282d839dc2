import { describe, expect, it } from 'vitest';

import { parseRetryAfter } from '../../functions/partner-api/envelope.js';
import {
  PartnerApiMalformedResponseError,
  PartnerApiOutcomeUnknownError,
  PartnerApiRejectedError,
  PartnerApiThrottledError,
  PartnerApiUnavailableError,
} from '../../functions/partner-api/errors.js';
import { resolveRetryOptions, retryDelay } from '../../functions/partner-api/retry.js';

const unavailable = new PartnerApiUnavailableError('down', { route: 'page' });

describe('retryDelay', () => {
  it('draws full jitter below a doubling ceiling', () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 350, random: () => 0.999 });

    expect([1, 2, 3].map((retry) => retryDelay(unavailable, retry, options))).toEqual([99, 199, 349]);
  });

  it('can wait zero with full jitter', () => {
    const options = resolveRetryOptions({ random: () => 0 });

    expect(retryDelay(unavailable, 1, options)).toBe(0);
  });

  it('stops after maxRetries', () => {
    const options = resolveRetryOptions({ maxRetries: 2 });

    expect(retryDelay(unavailable, 2, options)).toBeTypeOf('number');
    expect(retryDelay(unavailable, 3, options)).toBeUndefined();
  });

  it('retries malformed reads and throttles', () => {
    const options = resolveRetryOptions();

    expect(retryDelay(new PartnerApiMalformedResponseError('bad', { route: 'page' }), 1, options)).toBeTypeOf('number');
    expect(retryDelay(new PartnerApiThrottledError('slow', { route: 'save' }), 1, options)).toBeTypeOf('number');
  });

  it('never retries rejections, unknown outcomes or other errors', () => {
    const options = resolveRetryOptions();

    expect(retryDelay(new PartnerApiRejectedError('no', { route: 'save' }), 1, options)).toBeUndefined();
    expect(retryDelay(new PartnerApiOutcomeUnknownError('lost', { route: 'save' }), 1, options)).toBeUndefined();
    expect(retryDelay(new Error('other'), 1, options)).toBeUndefined();
  });

  it('waits exactly the Retry-After delay within the bound', () => {
    const options = resolveRetryOptions({ maxRetryAfterMs: 3000 });

    expect(retryDelay(new PartnerApiThrottledError('slow', { route: 'page', retryAfterMs: 3000 }), 1, options)).toBe(3000);
    expect(retryDelay(new PartnerApiThrottledError('slow', { route: 'page', retryAfterMs: 3001 }), 1, options)).toBeUndefined();
  });
});

describe('resolveRetryOptions', () => {
  it('fills the defaults', () => {
    const options = resolveRetryOptions();

    expect(options).toMatchObject({ maxRetries: 3, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 20_000 });
  });

  it('rejects negative or non-finite values', () => {
    expect(() => resolveRetryOptions({ maxRetries: -1 })).toThrow(/maxRetries -1/);
    expect(() => resolveRetryOptions({ baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');

    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or invalid values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});

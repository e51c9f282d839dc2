/**
 * A sliding one-second request limit over all Partner API routes. It uses the real clock,
 * not the sandbox clock, so moving the sandbox clock never opens or closes the window.
 */

export class RateLimiter {
  private requestsPerSecond = 0;
  private accepted: number[] = [];

  /** Sets the limit; 0 turns it off. */
  configure(requestsPerSecond: number): void {
    this.requestsPerSecond = requestsPerSecond;
    this.accepted = [];
  }

  get limit(): number {
    return this.requestsPerSecond;
  }

  /**
   * Counts one request. Returns undefined when it is within the limit, or the seconds the
   * caller should wait (the `Retry-After` value, at least 1) when it is over the limit.
   * Rejected requests do not count against the window.
   */
  admit(nowMs: number = Date.now()): number | undefined {
    if (this.requestsPerSecond <= 0) {
      return undefined;
    }
    const windowStart = nowMs - 1000;
    this.accepted = this.accepted.filter((time) => time > windowStart);
    if (this.accepted.length < this.requestsPerSecond) {
      this.accepted.push(nowMs);
      return undefined;
    }
    const oldest = this.accepted[0]!;
    return Math.max(1, Math.ceil((oldest + 1000 - nowMs) / 1000));
  }
}

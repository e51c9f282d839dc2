import type { Clock, PartnerApiPort, PurchaseStore } from './ports.js';

/** Settings of the purchase steps. */
export interface PurchaseSettings {
  /** Billing contact used when the request names none and the partner has several. */
  defaultBillingContactId?: string;
  /** `save` calls one purchase may start; a further call is sent only when the order list shows no order. */
  maxSaveAttempts: number;
  /** Orders per order-list page read while looking for a lost order. */
  reconcilePageSize: number;
  /** Order-list pages read at most while looking for a lost order. */
  reconcileMaxPages: number;
  /** How far the Partner API clock may run behind ours, in milliseconds; the lookup accepts orders created that much earlier. */
  clockSkewMs: number;
  /**
   * How long after a `save` attempt started no further `save` is sent, in milliseconds,
   * however empty the order list looks: the attempt may still be in flight in another
   * invocation, or its order may not be listed yet. Within it, the step throws
   * `SubmissionInProgressError` and Step Functions retries it later. Keep it above the
   * client's `save` timeout plus its throttling retries.
   */
  submissionLeaseMs: number;
  /** Order-detail checks of a PENDING_PAYMENT order before checkOrder reports `limitReached`. */
  maxOrderChecks: number;
}

export const DEFAULT_SETTINGS: PurchaseSettings = {
  maxSaveAttempts: 2,
  reconcilePageSize: 50,
  reconcileMaxPages: 10,
  clockSkewMs: 5 * 60 * 1000,
  submissionLeaseMs: 2 * 60 * 1000,
  maxOrderChecks: 48,
};

/** Dependencies that every step receives besides its input. */
export interface StepDeps {
  store: PurchaseStore;
  partnerApi: PartnerApiPort;
  clock: Clock;
  /** Missing entries take the values of `DEFAULT_SETTINGS`. */
  settings?: Partial<PurchaseSettings>;
}

export function resolveSettings(settings: Partial<PurchaseSettings> | undefined): PurchaseSettings {
  const merged = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

export function isoTime(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

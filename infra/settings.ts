/**
 * Deployment settings of the purchases stack. Each one can be given as a stack prop or as
 * CDK context (`cdk synth -c partnerApiBaseUrl=https://...`); a prop wins over context,
 * and context wins over the default.
 */
import type { Node } from 'constructs';

export interface PurchasesSettings {
  /** Base URL of the Yeastar Partner OpenAPI. Context key `partnerApiBaseUrl`. */
  partnerApiBaseUrl: string;
  /**
   * Billing contact id used when a request names none. Empty means "the only billing
   * contact of the partner". Context key `defaultBillingContactId`.
   */
  defaultBillingContactId: string;
  /** Seconds between two payment checks of an order in PENDING_PAYMENT. Context key `paymentWaitSeconds`. */
  paymentWaitSeconds: number;
  /**
   * Payment checks after which the workflow stops waiting and ends with the purchase still
   * in PENDING_PAYMENT. The default equals the check-order step's own default
   * (`maxOrderChecks`). Context key `paymentCheckLimit`.
   */
  paymentCheckLimit: number;
  /** Minutes between two scheduled token refreshes. Context key `tokenRefreshMinutes`. */
  tokenRefreshMinutes: number;
}

export const DEFAULT_SETTINGS: Readonly<PurchasesSettings> = {
  partnerApiBaseUrl: 'https://openapi.partner.yeastar.com',
  defaultBillingContactId: '',
  paymentWaitSeconds: 300,
  paymentCheckLimit: 48,
  tokenRefreshMinutes: 10,
};

/** Merges props, CDK context and defaults, and rejects values the stack cannot use. */
export function resolveSettings(node: Node, props: Partial<PurchasesSettings> = {}): PurchasesSettings {
  const settings: PurchasesSettings = {
    partnerApiBaseUrl: props.partnerApiBaseUrl ?? contextString(node, 'partnerApiBaseUrl') ?? DEFAULT_SETTINGS.partnerApiBaseUrl,
    defaultBillingContactId:
      props.defaultBillingContactId ?? contextString(node, 'defaultBillingContactId') ?? DEFAULT_SETTINGS.defaultBillingContactId,
    paymentWaitSeconds: props.paymentWaitSeconds ?? contextNumber(node, 'paymentWaitSeconds') ?? DEFAULT_SETTINGS.paymentWaitSeconds,
    paymentCheckLimit: props.paymentCheckLimit ?? contextNumber(node, 'paymentCheckLimit') ?? DEFAULT_SETTINGS.paymentCheckLimit,
    tokenRefreshMinutes: props.tokenRefreshMinutes ?? contextNumber(node, 'tokenRefreshMinutes') ?? DEFAULT_SETTINGS.tokenRefreshMinutes,
  };

  if (!/^https?:\/\/[^\s/]+/.test(settings.partnerApiBaseUrl)) {
    throw new Error(`Invalid partnerApiBaseUrl "${settings.partnerApiBaseUrl}": give an http(s) URL such as ${DEFAULT_SETTINGS.partnerApiBaseUrl}.`);
  }
  if (settings.defaultBillingContactId !== '' && !/^\d+$/.test(settings.defaultBillingContactId)) {
    throw new Error(`Invalid defaultBillingContactId "${settings.defaultBillingContactId}": give the decimal id of a billing contact, or leave it empty.`);
  }
  requireWholeNumber('paymentWaitSeconds', settings.paymentWaitSeconds, 1, 86_400);
  requireWholeNumber('paymentCheckLimit', settings.paymentCheckLimit, 1, 1_000);
  requireWholeNumber('tokenRefreshMinutes', settings.tokenRefreshMinutes, 1, 25);

  return settings;
}

function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** Context given on the command line arrives as a string, context from cdk.json as a number. */
function contextNumber(node: Node, key: string): number | undefined {
  const value = contextString(node, key);
  return value === undefined ? undefined : Number(value);
}

function requireWholeNumber(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${name} ${value}: give a whole number from ${min} to ${max}.`);
  }
}

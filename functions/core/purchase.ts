/**
 * The purchase record and the values that move between purchase steps.
 * Every Yeastar id is a decimal string here.
 */

/** Forward-only life cycle of a purchase. */
export const PURCHASE_STATUSES = [
  'REQUESTED',
  'RESOLVED',
  'QUOTED',
  'SUBMITTING',
  'PENDING_PAYMENT',
  'SUCCEEDED',
  'FAILED',
  'UNKNOWN',
] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/** Statuses after which nothing moves any more. */
export const FINAL_STATUSES: readonly PurchaseStatus[] = ['QUOTED', 'SUCCEEDED', 'FAILED', 'UNKNOWN'];

/**
 * The moves a purchase may make. A move not listed here is rejected by the store,
 * so a late or repeated step can never take a purchase backwards.
 */
export const ALLOWED_MOVES: Readonly<Record<PurchaseStatus, readonly PurchaseStatus[]>> = {
  REQUESTED: ['RESOLVED', 'FAILED'],
  RESOLVED: ['QUOTED', 'SUBMITTING', 'FAILED'],
  QUOTED: [],
  SUBMITTING: ['PENDING_PAYMENT', 'SUCCEEDED', 'FAILED', 'UNKNOWN'],
  PENDING_PAYMENT: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: [],
  FAILED: [],
  UNKNOWN: [],
};

/** One ordered plan or service, resolved to ids and the fixed values of its purchase. */
export interface ResolvedItem {
  serviceType: 'plan' | 'service';
  serviceId: string;
  name: string;
  purchaseType: string;
  billingModel?: string;
  billingCycle?: string;
  multiCycle?: number;
  quantity?: number;
  connectionPlanId?: string;
}

/** Everything `save` needs, resolved from the catalogue and the billing contacts. */
export interface ResolvedPurchase {
  productId: string;
  productNo?: string;
  operationType: string;
  /** Id and name of the first item, the summary that the record and the CLI show. */
  serviceId: string;
  serviceName: string;
  /** The billing contact id sent as `billingId`; absent for trial orders, which carry none. */
  billingId?: string;
  billingContactName?: string;
  offeringId?: string;
  items: ResolvedItem[];
}

/** An order as `save` returned it, or as reconciliation found it in the order list. */
export interface PlacedOrder {
  orderNo: string;
  transactionNo?: string;
  instanceId?: string;
  orderStatus: string;
  orderId?: string;
  productNo?: string;
  /** How the order became known: the `save` response, or an order-list lookup after a lost response. */
  source: 'save' | 'reconciled' | 'order-details';
}

/** The failure recorded on a FAILED or UNKNOWN purchase. Never contains a token or secret. */
export interface PurchaseError {
  code: string;
  message: string;
  /** Yeastar `requestId` of the Partner API call that failed, when there was one. */
  requestId?: string;
  httpStatus?: number;
  details?: Record<string, unknown>;
}

export interface StatusMove {
  status: PurchaseStatus;
  at: string;
  note?: string;
}

export interface PurchaseRecord {
  purchaseId: string;
  /** SHA-256 of the normalized request; the same purchaseId with another hash is a conflict. */
  requestHash: string;
  status: PurchaseStatus;
  /** The Step Functions execution that created the record, so that a retried step can tell it resumed its own purchase. */
  executionId?: string;
  /** The normalized request (see `request.ts`). */
  request: Record<string, unknown>;
  productNo?: string;
  poNumber: string;
  resolved?: ResolvedPurchase;
  quote?: Record<string, unknown>;
  order?: PlacedOrder;
  error?: PurchaseError;
  /** How many `save` calls this purchase has started. */
  saveAttempts: number;
  /** ISO time the latest `save` attempt started; reconciliation looks for orders from then on. */
  submittedAt?: string;
  history: StatusMove[];
  createdAt: string;
  updatedAt: string;
}

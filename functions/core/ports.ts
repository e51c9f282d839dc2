/**
 * Interfaces the domain needs from the outside world. Adapters in `functions/aws/` and
 * `local/` implement them; the domain never imports an AWS SDK or an HTTP library.
 */
import type { PurchaseError, PurchaseRecord, PurchaseStatus, ResolvedPurchase } from './purchase.js';

export class StatusConflictError extends Error {
  override name = 'StatusConflictError';
  constructor(
    message: string,
    /** The record as stored when the move was rejected, when it exists. */
    readonly current?: PurchaseRecord,
  ) {
    super(message);
  }
}

export interface StatusMoveRequest {
  /** The move happens only while the stored status is one of these. */
  from: readonly PurchaseStatus[];
  to: PurchaseStatus;
  /** Fields to set together with the move. */
  set?: Partial<Omit<PurchaseRecord, 'purchaseId' | 'requestHash' | 'status' | 'history' | 'createdAt'>>;
  note?: string;
}

export interface PurchaseStore {
  /** Stores a new record unless one with the same purchaseId exists; returns the stored one. */
  create(record: PurchaseRecord): Promise<{ created: boolean; record: PurchaseRecord }>;
  get(purchaseId: string): Promise<PurchaseRecord | undefined>;
  /** Newest first. */
  listByProductNo(productNo: string, limit?: number): Promise<PurchaseRecord[]>;
  /** Conditional, forward-only status move with a history entry. Throws StatusConflictError. */
  move(purchaseId: string, request: StatusMoveRequest): Promise<PurchaseRecord>;
  /**
   * Counts one more `save` attempt, only while the stored count equals `expectedAttempts`
   * and the status is SUBMITTING. Throws StatusConflictError otherwise, so two concurrent
   * invocations of the create-order step can never both send `save`.
   */
  claimSaveAttempt(purchaseId: string, expectedAttempts: number, submittedAt: string, resolved?: ResolvedPurchase): Promise<PurchaseRecord>;
  /**
   * Takes back the latest claimed `save` attempt, only while the stored count still equals
   * `claimedAttempts` and the status is SUBMITTING, for an attempt the Partner API provably
   * did not process (throttled, or never sent). Throws StatusConflictError otherwise.
   */
  releaseSaveAttempt(purchaseId: string, claimedAttempts: number): Promise<PurchaseRecord>;
}

/** Publishes purchase outcomes ("Purchase Succeeded", "Purchase Failed", ...). */
export interface EventPublisher {
  publish(detailType: string, record: PurchaseRecord): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type { PurchaseError };

/** One `serviceList` item of a `save` request; ids are decimal strings. */
export interface OrderServiceItem {
  serviceType: 'plan' | 'service';
  serviceId: string;
  purchaseType: string;
  billingModel?: string;
  billingCycle?: string;
  multiCycle?: number;
  quantity?: number;
  connectionPlanId?: string;
}

/** The body of a `save` (create order) request; ids are decimal strings. */
export interface OrderRequest {
  operationType: string;
  productId: string;
  productNo?: string;
  assignId?: string;
  partnerId?: string;
  /** Absent for trial orders, which carry no billing contact. */
  billingId?: string;
  poNumber?: string;
  serviceList: OrderServiceItem[];
}

/** The `save` result. */
export interface OrderConfirmation {
  orderNo: string;
  orderStatus: string;
  instanceId?: string;
  productNo?: string;
  transactionNo?: string;
}

/** One order of the order list. `createTime` is in epoch milliseconds. */
export interface OrderListEntry {
  id: string;
  orderNo: string;
  orderStatus: string;
  customReferenceNo?: string;
  createTime?: number;
  productNo?: string;
}

export interface OrderListPage {
  pageNo: number;
  pageSize: number;
  total: number;
  totalPage: number;
  results: OrderListEntry[];
}

export interface BillingContactEntry {
  billingContactId: string;
  firstName?: string;
  lastName?: string;
  company?: string;
}

/**
 * The Partner API calls the purchase steps make: a subset of the Partner API client,
 * with every id a decimal string.
 */
export interface PartnerApiPort {
  /** The plans and services a product offers (`purchase_product_info`). */
  getPurchaseProductInfo(query: { productId: string; productNo?: string }): Promise<unknown>;
  getSubscriptionPrice(query: { productId: string; billingCycle: string; offeringId: string; partnerId?: string }): Promise<unknown>;
  createOrder(body: OrderRequest): Promise<OrderConfirmation>;
  listOrders(query: { pageNo?: number; pageSize?: number }): Promise<OrderListPage>;
  /** Order details by order id or order number. */
  getOrderDetails(id: string): Promise<unknown>;
  listBillingContacts(): Promise<BillingContactEntry[]>;
  /**
   * Drops cached catalogue and billing-contact responses, when the implementation caches
   * them. Steps call it when a lookup or an order fails on what may be a stale response.
   */
  invalidateLookups?(): void;
}

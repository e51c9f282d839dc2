/**
 * Interfaces the domain needs from the outside world. Adapters in `functions/aws/` and
 * `local/` implement them; the domain never imports an AWS SDK or an HTTP library.
 */
import type { PurchaseError, PurchaseRecord, PurchaseStatus } from './purchase.js';

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
  claimSaveAttempt(purchaseId: string, expectedAttempts: number, submittedAt: string): Promise<PurchaseRecord>;
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

/** Ports of the HTTP handlers besides the purchase store and the Partner API. */
import type { PurchaseRequest } from '../core/request.js';

export interface PurchaseToStart {
  purchaseId: string;
  requestHash: string;
  /** The normalized request; it becomes the execution input. */
  request: PurchaseRequest;
}

export interface StartedPurchase {
  /** `started` for a new execution, `replayed` when one already exists for the same request. */
  outcome: 'started' | 'replayed';
  executionArn?: string;
}

/**
 * Starts the purchase workflow. On AWS a Step Functions execution named after the
 * purchase id; locally the in-process state machine. Throws `PurchaseConflictError` when
 * an execution with this purchase id exists for a different request.
 */
export interface PurchaseStarter {
  start(purchase: PurchaseToStart): Promise<StartedPurchase>;
}

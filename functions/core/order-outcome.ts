/** Records what became of a placed order on the purchase record. */
import { StatusConflictError, type PurchaseStore } from './ports.js';
import type { PlacedOrder, PurchaseError, PurchaseRecord, PurchaseStatus } from './purchase.js';
import { withoutUndefined } from './without-undefined.js';

/** Order statuses after which the order will not be paid or completed. */
const FAILED_ORDER_STATUSES = new Set(['failed', 'invalid', 'cancelled']);

/**
 * Maps a Partner API `orderStatus` to a purchase status: `succeed` is SUCCEEDED,
 * `failed`, `invalid` and `cancelled` are FAILED, and every other value (`pending` and
 * values the Partner API does not document) is PENDING_PAYMENT, which checkOrder follows.
 */
export function purchaseStatusFor(orderStatus: string): 'SUCCEEDED' | 'PENDING_PAYMENT' | 'FAILED' {
  const status = orderStatus.trim().toLowerCase();
  if (status === 'succeed' || status === 'success' || status === 'succeeded') return 'SUCCEEDED';
  if (FAILED_ORDER_STATUSES.has(status)) return 'FAILED';
  return 'PENDING_PAYMENT';
}

/** Builds the error recorded on a purchase whose order ended failed, invalid or cancelled. */
export function orderFailure(order: PlacedOrder): PurchaseError {
  return {
    code: 'OrderFailed',
    message: `Order ${order.orderNo} ended with orderStatus "${order.orderStatus}"`,
    details: { orderNo: order.orderNo, orderStatus: order.orderStatus },
  };
}

/**
 * Moves a purchase from one of `from` to the status the order's `orderStatus` implies,
 * storing the order. When another invocation has already recorded an outcome, returns
 * the stored record instead.
 */
export async function recordOrder(
  store: PurchaseStore,
  purchaseId: string,
  from: readonly PurchaseStatus[],
  order: PlacedOrder,
  note: string,
): Promise<PurchaseRecord> {
  const to = purchaseStatusFor(order.orderStatus);
  const cleanOrder = withoutUndefined(order);
  const set = to === 'FAILED' ? { order: cleanOrder, error: orderFailure(cleanOrder) } : { order: cleanOrder };

  try {
    return await store.move(purchaseId, { from, to, set, note });
  } catch (error) {
    if (error instanceof StatusConflictError && error.current?.order !== undefined) {
      return error.current;
    }
    throw error;
  }
}

import type { OrderRequest } from './ports.js';
import type { PurchaseRecord } from './purchase.js';
import { withoutUndefined } from './without-undefined.js';

/**
 * Builds the `save` request of a resolved purchase. `poNumber` is the caller's, or the
 * purchase id, so that the order can be found again in the order list, where it appears
 * as `customReferenceNo`.
 */
export function buildOrderRequest(record: PurchaseRecord): OrderRequest {
  const resolved = record.resolved;
  if (resolved === undefined) {
    throw new Error(`Purchase ${record.purchaseId} has no resolved items; run the resolve steps before building the order`);
  }

  const request = record.request as { partnerId?: string; assignId?: string };
  return withoutUndefined({
    operationType: resolved.operationType,
    productId: resolved.productId,
    productNo: resolved.productNo,
    assignId: request.assignId,
    partnerId: request.partnerId,
    billingId: resolved.billingId,
    poNumber: record.poNumber,
    serviceList: resolved.items.map((item) =>
      withoutUndefined({
        serviceType: item.serviceType,
        serviceId: item.serviceId,
        purchaseType: item.purchaseType,
        billingModel: item.billingModel,
        billingCycle: item.billingCycle,
        multiCycle: item.multiCycle,
        quantity: item.quantity,
        connectionPlanId: item.connectionPlanId,
      }),
    ),
  });
}

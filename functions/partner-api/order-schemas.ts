/**
 * Schemas of the order endpoints: create an order (`save`), the order list and the order
 * details, and the writer of the `save` body.
 */
import * as z from 'zod';
import { stringifyJson, toLong } from './json.js';
import { decimalId, optionalField, optionalText, pageNumber, requiredText, responseId, responseInteger, responsePage } from './schema-primitives.js';

export const operationTypeSchema = z.enum([
  'trial_plan',
  'trial_service',
  'purchase_plan',
  'purchase_service',
  'switch_plan',
  'switchTrial_plan',
  'renew_plan',
  'renew_service',
]);
export type OperationType = z.output<typeof operationTypeSchema>;

/** One plan or service of an order (an item of `serviceList`). */
export const orderItemSchema = z.strictObject({
  serviceType: z.enum(['plan', 'service']),
  /** The plan id or service id from the catalogue. */
  serviceId: decimalId,
  purchaseType: z.enum(['purchase', 'trial', 'renew', 'switch']),
  billingModel: z.enum(['recurring', 'once']).optional(),
  billingCycle: z.enum(['annually', 'monthly', 'once']).optional(),
  /** The number of billing cycles: 0 for one-off items, trials and monthly cycles. */
  multiCycle: z.number().int().min(0).optional(),
  /** A count of extensions, connections, minutes or items. */
  quantity: z.number().int().positive().optional(),
  /** The plan the service depends on; equal to the plan's id when both are ordered together. */
  connectionPlanId: decimalId.optional(),
});
export type OrderItem = z.input<typeof orderItemSchema>;

/** The body of `save`, with every id as a decimal string. */
export const createOrderBodySchema = z
  .strictObject({
    operationType: operationTypeSchema,
    productId: decimalId,
    /** The PBX serial number; required when the order is for an existing PBX. */
    productNo: requiredText.optional(),
    /** The subordinate user the product is assigned to. */
    assignId: decimalId.optional(),
    /**
     * The subordinate user the order is for.
     * NOTE: the Create an Order field table omits partnerId, so its top-level place is inferred from the tutorials.
     */
    partnerId: decimalId.optional(),
    /** The billing contact (`billingContactId`); trial orders have none. */
    billingId: decimalId.optional(),
    /** The partner's purchase-order number, returned as `customReferenceNo` in the order list. */
    poNumber: requiredText.optional(),
    serviceList: z.array(orderItemSchema).min(1, 'expected at least one plan or service'),
    /** Required only for buying a new P-Series Cloud Edition PBX. */
    orderPceSpecialRequest: z
      .looseObject({
        pbxName: z.string().optional(),
        regionId: decimalId.optional(),
        pbxSubDomainId: decimalId.optional(),
      })
      .optional(),
  })
  .refine((body) => body.billingId !== undefined || body.operationType.startsWith('trial'), {
    message: 'billingId is required for every order except trials',
    path: ['billingId'],
  });
export type CreateOrderBody = z.input<typeof createOrderBodySchema>;

/**
 * Writes a checked `save` body as JSON. `productId`, `billingId`, `serviceId` and
 * `connectionPlanId` are Integer or Long fields, so they become bare JSON numbers with
 * every digit. The other ids are String fields and stay strings.
 */
export function writeCreateOrderBody(body: z.output<typeof createOrderBodySchema>): string {
  const wire = {
    operationType: body.operationType,
    productId: toLong(body.productId),
    productNo: body.productNo,
    assignId: body.assignId,
    partnerId: body.partnerId,
    billingId: body.billingId === undefined ? undefined : toLong(body.billingId),
    poNumber: body.poNumber,
    serviceList: body.serviceList.map((item) => ({
      serviceType: item.serviceType,
      serviceId: toLong(item.serviceId),
      purchaseType: item.purchaseType,
      billingModel: item.billingModel,
      billingCycle: item.billingCycle,
      multiCycle: item.multiCycle,
      quantity: item.quantity,
      connectionPlanId: item.connectionPlanId === undefined ? undefined : toLong(item.connectionPlanId),
    })),
    orderPceSpecialRequest: body.orderPceSpecialRequest,
  };
  return stringifyJson(wire);
}

/** A string in a response that some revisions may send as a number. */
const responseText = z.union([z.string(), z.number().transform((value) => String(value))]);

/**
 * Result of `save`. `orderStatus` is `succeed`, or `pending` while the order awaits payment.
 * NOTE: all five fields come from a single documented example. A success without one of
 * them fails validation, which `save` reports as an unknown outcome.
 */
export const createOrderResultSchema = z.looseObject({
  instanceId: responseText,
  orderNo: z.string().min(1),
  orderStatus: z.string(),
  productNo: responseText,
  transactionNo: responseText,
});
export type CreateOrderResult = z.output<typeof createOrderResultSchema>;

/** Query of the order list (`page`). */
export const orderListQuerySchema = z.strictObject({
  pageNo: pageNumber.optional(),
  pageSize: pageNumber.optional(),
});
export type OrderListQuery = z.input<typeof orderListQuerySchema>;

/** An order of the order list. `customReferenceNo` is the `poNumber` sent with `save`. */
export const orderInfoSchema = z.looseObject({
  id: responseId,
  orderNo: z.string(),
  orderStatus: z.string(),
  customReferenceNo: optionalText,
  /** Creation time in epoch milliseconds. */
  createTime: optionalField(responseInteger),
  productNo: optionalText,
  productId: optionalField(responseId),
  currencyCode: optionalText,
  invoiceNo: optionalText,
});
export type OrderInfo = z.output<typeof orderInfoSchema>;
export const orderPageSchema = responsePage(orderInfoSchema);

/** The path id of order details: the order id or the order number. */
export const orderIdSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected an order id or order number such as "EM3206203445147066368"');

/** Result of order details. Only the start of `basicInformation` is published. */
export const orderDetailsSchema = z.looseObject({
  basicInformation: optionalField(
    z.looseObject({
      productId: optionalField(responseId),
      productName: optionalText,
      productNo: optionalText,
    }),
  ),
  billingInformation: optionalField(z.looseObject({})),
  orderInformation: optionalField(
    z.looseObject({
      id: optionalField(responseId),
      orderNo: optionalText,
      orderStatus: optionalText,
    }),
  ),
  orderSummary: optionalField(z.looseObject({})),
});
export type OrderDetails = z.output<typeof orderDetailsSchema>;

/**
 * Schemas of the pricing endpoints: subscription products, the plans and services of a
 * product (the catalogue), plan and service details, and subscription prices.
 *
 * Most result fields are not published, so the result schemas check the fields the
 * client relies on and keep every other field as it arrived.
 */
import * as z from 'zod';
import { decimalId, optionalField, optionalText, requiredText, responseId, responseInteger, responseList } from './schema-primitives.js';

/** An item of `product_list`: a product the partner may buy. */
export const subscriptionProductSchema = z.looseObject({
  name: z.string(),
  productId: responseId,
});
export type SubscriptionProduct = z.output<typeof subscriptionProductSchema>;
export const subscriptionProductListSchema = responseList(subscriptionProductSchema);

/** Query of `purchase_product_info`. `productNo` is required for products 9 and 11. */
export const purchaseProductInfoQuerySchema = z.strictObject({
  productId: decimalId,
  productNo: requiredText.optional(),
});
export type PurchaseProductInfoQuery = z.input<typeof purchaseProductInfoQuerySchema>;

const catalogueItemShape = {
  planId: optionalField(responseId),
  serviceId: optionalField(responseId),
  serviceType: optionalText,
  purchaseType: optionalText,
  billingModel: optionalText,
  billingCycle: optionalText,
  multiCycle: optionalField(responseInteger),
};

/** A plan or service of a catalogue; its name field is not published, see `catalogue.ts`. */
export const catalogueItemSchema = z.looseObject({
  ...catalogueItemShape,
  serviceList: optionalField(z.array(z.looseObject(catalogueItemShape))),
});
export type CatalogueItem = z.output<typeof catalogueItemSchema>;

/** Result of `purchase_product_info`: the plans and services on offer for one product. */
export const purchaseProductInfoSchema = z.looseObject({
  offeringId: optionalField(responseId.or(z.string())),
  productId: optionalField(responseId),
  productName: optionalText,
  planList: optionalField(z.array(catalogueItemSchema)),
  serviceList: optionalField(z.array(catalogueItemSchema)),
});
export type PurchaseProductInfo = z.output<typeof purchaseProductInfoSchema>;

/** Query of the trial, subscription and renewal plan details. `productNo` is required for renewal. */
export const planInfoQuerySchema = z.strictObject({
  pricingPlanId: decimalId,
  productId: decimalId,
  productNo: requiredText.optional(),
});
export type PlanInfoQuery = z.input<typeof planInfoQuerySchema>;

/** Query of the trial, subscription and renewal service details. */
export const serviceInfoQuerySchema = z.strictObject({
  pricingServiceId: decimalId,
  productId: decimalId,
  productNo: requiredText.optional(),
  /** The plan the service depends on; sent on trial and subscription queries only. */
  connectionPlanId: decimalId.optional(),
});
export type ServiceInfoQuery = z.input<typeof serviceInfoQuerySchema>;

/** Result of a plan or service details query. Its fields are not published. */
export const pricingDetailsSchema = z.looseObject({
  offeringId: optionalField(responseId.or(z.string())),
  planId: optionalField(responseId),
  serviceId: optionalField(responseId),
  productId: optionalField(responseId),
});
export type PricingDetails = z.output<typeof pricingDetailsSchema>;

/** The billing cycles a subscription price can be asked for. */
export const billingCycleSchema = z.enum(['once', 'monthly', 'annually']);

/** Query of `my_price_info`. */
export const subscriptionPriceQuerySchema = z.strictObject({
  productId: decimalId,
  billingCycle: billingCycleSchema,
  offeringId: requiredText,
  /** A subordinate user to price for. */
  partnerId: decimalId.optional(),
});
export type SubscriptionPriceQuery = z.input<typeof subscriptionPriceQuerySchema>;

/** Result of `my_price_info`: prices of plans (with their services) and of services. */
export const subscriptionPriceSchema = z.looseObject({
  offeringId: optionalField(responseId.or(z.string())),
  planList: optionalField(z.array(catalogueItemSchema)),
  serviceList: optionalField(z.array(catalogueItemSchema)),
});
export type SubscriptionPrice = z.output<typeof subscriptionPriceSchema>;

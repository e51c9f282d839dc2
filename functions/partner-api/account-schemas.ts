/**
 * Schemas of the product, region and user endpoints: the partner's PBXs, PCE regions,
 * billing contacts and subordinate users.
 */
import * as z from 'zod';
import { decimalId, optionalField, optionalText, pageNumber, requiredText, responseId, responseInteger, responseList, responsePage } from './schema-primitives.js';

/** Query of `instance_product_list`. */
export const instanceProductQuerySchema = z.strictObject({
  productId: decimalId,
  pageNo: pageNumber.optional(),
  pageSize: pageNumber.optional(),
});
export type InstanceProductQuery = z.input<typeof instanceProductQuerySchema>;

/** A PBX (or other product instance) the partner owns. Most fields are not published. */
export const instanceProductSchema = z.looseObject({
  activationCode: optionalText,
  activationStatus: optionalText,
  comment: optionalText,
  productNo: optionalText,
  productId: optionalField(responseId),
});
export type InstanceProduct = z.output<typeof instanceProductSchema>;
export const instanceProductPageSchema = responsePage(instanceProductSchema);

/** Query of the product `detail` endpoint; both fields are required. */
export const productDetailsQuerySchema = z.strictObject({
  productId: decimalId,
  productNo: requiredText,
});
export type ProductDetailsQuery = z.input<typeof productDetailsQuerySchema>;

/** Details of one PBX. `currentPlan` is filled only while a plan switch is pending. */
export const productDetailsSchema = z.looseObject({
  activationCode: optionalText,
  activationStatus: optionalText,
  comment: optionalText,
  createTime: optionalField(responseInteger),
  currentPlan: optionalText,
  currentPlanExpireDate: optionalText,
});
export type ProductDetails = z.output<typeof productDetailsSchema>;

/** A PCE region with its domain suffixes. */
export const regionSchema = z.looseObject({
  id: responseId,
  name: z.string(),
  region: optionalField(
    z.array(
      z.looseObject({
        pbxSubDomain: optionalField(z.array(z.string())),
        pbxSubDomainId: optionalField(responseId),
      }),
    ),
  ),
});
export type Region = z.output<typeof regionSchema>;
export const regionListSchema = responseList(regionSchema);

/** A billing contact; `billingContactId` is the `billingId` of an order. */
export const billingContactSchema = z.looseObject({
  billingContactId: responseId,
  firstName: optionalText,
  lastName: optionalText,
  company: optionalText,
  emailAddress: optionalText,
  phoneNumber: optionalText,
  country: optionalText,
  stateProvince: optionalText,
  city: optionalText,
  street: optionalText,
  zipCode: optionalText,
  taxNum: optionalText,
  remark: optionalText,
});
export type BillingContact = z.output<typeof billingContactSchema>;
export const billingContactListSchema = responseList(billingContactSchema);

/** A subordinate user (such as an end user) the partner can buy for. */
export const subordinateUserSchema = z.looseObject({
  partnerId: responseId,
  userType: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  company: optionalText,
  email: optionalText,
  phoneNumber: optionalText,
  country: optionalText,
  stateProvince: optionalText,
  city: optionalText,
  street: optionalText,
  zipCode: optionalText,
  taxNum: optionalText,
  remark: optionalText,
});
export type SubordinateUser = z.output<typeof subordinateUserSchema>;
export const subordinateUserListSchema = responseList(subordinateUserSchema);

/**
 * Field schemas of the purchase request. Each one normalizes its value (trims text,
 * upper-cases serial numbers, writes ids without leading zeros) and rejects a bad value
 * with a message that names what to send instead.
 */
import * as z from 'zod';

import { BILLING_CYCLES, BILLING_MODELS, OPERATION_TYPES, PURCHASE_TYPES, SERVICE_TYPES } from './order-values.js';

/** The largest value of a signed 64-bit integer, the Partner API's Long. */
const MAX_LONG = 9223372036854775807n;

export const ID_NUMBER_MESSAGE =
  'send the id as a JSON string of digits, such as "3197218168379846218", because a JSON number may already have lost digits';

/** A Yeastar id: a decimal string of 1 to 19 digits, written without leading zeros. */
export const idField = z
  .string({
    error: (issue) => (typeof issue.input === 'number' ? ID_NUMBER_MESSAGE : 'must be a string of 1 to 19 decimal digits'),
  })
  .trim()
  .regex(/^\d{1,19}$/, { error: 'must be a decimal id of 1 to 19 digits, such as "3197218168379846218"' })
  .refine((value) => !/^\d+$/.test(value) || BigInt(value) <= MAX_LONG, {
    error: `must not exceed ${MAX_LONG}, the largest id the Partner API accepts`,
  })
  .transform((value) => BigInt(value).toString());

/** Builds the schema of a trimmed, non-empty text of at most `max` characters. */
export function textField(max: number) {
  return z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters long` });
}

/** The PBX serial number (SN): trimmed and upper-cased, letters, digits, dot, underscore and hyphen. */
export const productNoField = textField(64)
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]*$/, {
    error: 'must be the PBX serial number (SN) as the PBX web portal shows it, such as "3631E0997265"',
  });

export const idempotencyKeyField = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 characters of A-Z, a-z, 0-9, "_" and "-"' });

/** A purchase-order number of printable characters, sent as `poNumber` and listed back as `customReferenceNo`. */
// NOTE: the Partner API documents no length limit for poNumber; 64 characters is this product's own limit.
export const poNumberField = textField(64);

/** Builds the schema of a string choice whose error lists the allowed values. */
export function choiceField<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(', ')}` });
}

export function integerField(min: number, max: number) {
  return z
    .number({ error: 'must be a JSON number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

export const operationTypeField = choiceField(OPERATION_TYPES);
export const serviceTypeField = choiceField(SERVICE_TYPES);
export const purchaseTypeField = choiceField(PURCHASE_TYPES);
export const billingModelField = choiceField(BILLING_MODELS);
export const billingCycleField = choiceField(BILLING_CYCLES);

/** The number of billing cycles; the tutorials use 0 and 1 to 5. */
export const multiCycleField = integerField(0, 10);

/** Extensions, connections or minutes ordered. */
export const quantityField = integerField(1, 100_000);

export const catalogueNameField = textField(128);

export const MAX_ITEMS = 20;

/** One plan or service of the explicit form, named by `serviceId` or by `serviceName`. */
const itemShape = {
    serviceId: idField.optional(),
    serviceName: catalogueNameField.optional(),
    serviceType: serviceTypeField.optional(),
    purchaseType: purchaseTypeField.optional(),
    billingModel: billingModelField.optional(),
    billingCycle: billingCycleField.optional(),
    multiCycle: multiCycleField.optional(),
    quantity: quantityField.optional(),
    connectionPlanId: idField.optional(),
};

/** Builds the error messages of an object schema: for an unknown key, and for a value that is not an object. */
export function objectError(shape: object, what: string) {
  const known = Object.keys(shape).join(', ');
  return (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? `unknown field; the known fields are: ${known}` : `must be ${what}`);
}

export const itemSchema = z
  .strictObject(itemShape, { error: objectError(itemShape, 'a JSON object with serviceId or serviceName') })
  .superRefine((item, context) => {
    if ((item.serviceId === undefined) === (item.serviceName === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['serviceId'],
        message: 'give exactly one of serviceId (the plan or service id) and serviceName (its catalogue name)',
      });
    }
  });

export type PurchaseItemRequest = z.output<typeof itemSchema>;

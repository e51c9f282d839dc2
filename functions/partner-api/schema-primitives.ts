/**
 * Zod building blocks for Partner API requests and responses.
 *
 * Inside the product every Yeastar id is a decimal string. Responses are read with
 * `parseJson`, so an id arrives as a JSON number when it is a safe integer and as a digit
 * string when it is larger. The response schemas accept both and output the string.
 */
import * as z from 'zod';

/** A decimal id in a request, such as `"3131184659391672320"`. */
export const decimalId = z.string().regex(/^\d+$/, 'expected a decimal id such as "3131184659391672320"');

/** A non-empty string in a request, such as a serial number (`productNo`). */
export const requiredText = z.string().trim().min(1, 'expected a non-empty string');

/** A positive page number or page size in a request. */
export const pageNumber = z.number().int().positive();

/** An id in a response: a JSON integer or a digit string, output as a decimal string. */
export const responseId = z.union([
  z.number().int().nonnegative().transform((value) => String(value)),
  z.string().regex(/^\d+$/, 'expected a decimal id'),
]);

/** A count, a page number or an epoch time in a response: a JSON integer or a digit string, output as a number. */
export const responseInteger = z.union([
  z.number().int(),
  z.string().regex(/^-?\d+$/, 'expected a decimal integer').transform((value) => Number(value)),
]);

/**
 * Makes a response field optional and tolerant of `null`, which becomes `undefined`.
 * Use it for every field the Partner API does not clearly guarantee.
 */
export function optionalField<S extends z.ZodType>(schema: S) {
  return schema
    .nullable()
    .transform((value): z.output<S> | undefined => value ?? undefined)
    .optional();
}

/** An optional text field of a response. */
export const optionalText = optionalField(z.string());

/**
 * Builds the schema of a list result. Some list endpoints declare an object rather than an
 * array, so a single object or an object with a `results` array is accepted too.
 */
export function responseList<S extends z.ZodType>(item: S) {
  return z.preprocess((value) => {
    if (Array.isArray(value) || value === null || value === undefined) {
      return value ?? [];
    }
    if (typeof value === 'object' && Array.isArray((value as { results?: unknown }).results)) {
      return (value as { results: unknown[] }).results;
    }
    return [value];
  }, z.array(item));
}

/** Builds the schema of a page of results, as the order list and product list return. */
export function responsePage<S extends z.ZodType>(item: S) {
  return z.looseObject({
    count: responseInteger,
    pageNo: responseInteger,
    pageSize: responseInteger,
    results: z.preprocess((value) => value ?? [], z.array(item)),
    total: responseInteger,
    totalPage: responseInteger,
  });
}

/** A page of results. */
export interface Page<T> {
  count: number;
  pageNo: number;
  pageSize: number;
  results: T[];
  total: number;
  totalPage: number;
}

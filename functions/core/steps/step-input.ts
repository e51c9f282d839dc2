/** Helpers shared by the purchase steps: input checks and record loading. */
import * as z from 'zod';

import { InvalidRequestError, PurchaseNotFoundError } from '../errors.js';
import type { PurchaseStore } from '../ports.js';
import type { PurchaseRecord } from '../purchase.js';

/** A purchase id: an idempotency key or `p-` and 32 hex characters. */
export const purchaseIdField = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1 to 64 characters of A-Z, a-z, 0-9, "_" and "-"' });

/** Parses a step input with `schema`; throws `InvalidRequestError` naming each bad field. */
export function parseStepInput<T extends z.ZodType>(schema: T, input: unknown, step: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidRequestError(
    result.error.issues.map((issue) => ({
      field: issue.path.length === 0 ? `(${step} input)` : issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

export async function loadRecord(store: PurchaseStore, purchaseId: string): Promise<PurchaseRecord> {
  const record = await store.get(purchaseId);
  if (record === undefined) throw new PurchaseNotFoundError(purchaseId);
  return record;
}

/** Tells whether `error` is an Error with this `name`. Matching on the name also works across module copies. */
export function hasErrorName(error: unknown, name: string): error is Error & Record<string, unknown> {
  return error instanceof Error && error.name === name;
}

export { withoutUndefined } from '../without-undefined.js';

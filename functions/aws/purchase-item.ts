/**
 * Conversion between a `PurchaseRecord` and its DynamoDB item.
 *
 * Item layout (one item per purchase in the purchases table):
 * - `pk` (S) = `PURCHASE#<purchaseId>`, the table's partition key. Other item kinds in the
 *   same table use other prefixes (`LEASE#...`).
 * - `purchaseId`, `requestHash`, `status`, `executionId`, `poNumber`, `createdAt`,
 *   `updatedAt`, `submittedAt`, `productNo` (S); `productNo` and `createdAt` key the `byProductNo` index.
 * - `request`, `resolved`, `quote`, `order`, `error` (S): JSON text, so that a Step Functions
 *   DynamoDB task can write them with `States.JsonToString`.
 * - `saveAttempts` (N); `history` (L of M `{status, at, note?}`).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

import type { PurchaseRecord, PurchaseStatus, StatusMove } from '../core/purchase.js';
import { PURCHASE_STATUSES } from '../core/purchase.js';
import { parseJson, stringifyJson } from '../partner-api/json.js';

export type Item = Record<string, AttributeValue>;

export const PURCHASE_KEY_PREFIX = 'PURCHASE#';

/** Record fields stored as JSON text. */
export const JSON_FIELDS = ['request', 'resolved', 'quote', 'order', 'error'] as const;
type JsonField = (typeof JSON_FIELDS)[number];

const STRING_FIELDS = ['executionId', 'productNo', 'poNumber', 'submittedAt', 'updatedAt'] as const;

export function purchaseKey(purchaseId: string): Item {
  return { pk: { S: PURCHASE_KEY_PREFIX + purchaseId } };
}

/** Converts a record to its item. Fields that are `undefined` are left out. */
export function toItem(record: PurchaseRecord): Item {
  const item: Item = {
    ...purchaseKey(record.purchaseId),
    purchaseId: { S: record.purchaseId },
    requestHash: { S: record.requestHash },
    status: { S: record.status },
    saveAttempts: { N: String(record.saveAttempts) },
    history: historyValue(record.history),
    createdAt: { S: record.createdAt },
  };

  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (value !== undefined) {
      item[field] = { S: value };
    }
  }
  for (const field of JSON_FIELDS) {
    const value = record[field];
    if (value !== undefined) {
      item[field] = { S: stringifyJson(value) };
    }
  }
  return item;
}

/** Converts a value of a settable record field to its attribute value. */
export function fieldValue(field: string, value: unknown): AttributeValue {
  if ((JSON_FIELDS as readonly string[]).includes(field)) {
    return { S: stringifyJson(value) };
  }
  if (field === 'saveAttempts' && typeof value === 'number') {
    return { N: String(value) };
  }
  if (typeof value === 'string') {
    return { S: value };
  }
  throw new TypeError(`Cannot store purchase field "${field}": expected a string, got ${typeof value}`);
}

export function historyEntryValue(move: StatusMove): AttributeValue {
  const entry: Item = { status: { S: move.status }, at: { S: move.at } };
  if (move.note !== undefined) {
    entry.note = { S: move.note };
  }
  return { M: entry };
}

function historyValue(history: readonly StatusMove[]): AttributeValue {
  return { L: history.map(historyEntryValue) };
}

/** Converts a stored item back to a record; throws when a required attribute is missing. */
export function fromItem(item: Item): PurchaseRecord {
  const purchaseId = requiredString(item, 'purchaseId');
  const record: PurchaseRecord = {
    purchaseId,
    requestHash: requiredString(item, 'requestHash'),
    status: statusOf(requiredString(item, 'status'), purchaseId),
    request: {},
    poNumber: item.poNumber?.S ?? '',
    saveAttempts: Number(item.saveAttempts?.N ?? '0'),
    history: (item.history?.L ?? []).map((entry) => historyEntryOf(entry, purchaseId)),
    createdAt: requiredString(item, 'createdAt'),
    updatedAt: item.updatedAt?.S ?? requiredString(item, 'createdAt'),
  };

  if (item.executionId?.S !== undefined) record.executionId = item.executionId.S;
  if (item.productNo?.S !== undefined) record.productNo = item.productNo.S;
  if (item.submittedAt?.S !== undefined) record.submittedAt = item.submittedAt.S;

  for (const field of JSON_FIELDS) {
    const text = item[field]?.S;
    if (text !== undefined) {
      setJsonField(record, field, parseJson(text));
    }
  }
  return record;
}

function setJsonField(record: PurchaseRecord, field: JsonField, value: unknown): void {
  // The store wrote these fields from typed records, so the parsed text has their shape.
  (record as unknown as Record<JsonField, unknown>)[field] = value;
}

function requiredString(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) {
    throw new TypeError(`Stored purchase item ${item.pk?.S ?? '(no pk)'} has no string attribute "${name}"`);
  }
  return value;
}

function statusOf(value: string, purchaseId: string): PurchaseStatus {
  if (!(PURCHASE_STATUSES as readonly string[]).includes(value)) {
    throw new TypeError(`Stored purchase ${purchaseId} has unknown status "${value}"`);
  }
  return value as PurchaseStatus;
}

function historyEntryOf(value: AttributeValue, purchaseId: string): StatusMove {
  const entry = value.M ?? {};
  const move: StatusMove = {
    status: statusOf(entry.status?.S ?? '', purchaseId),
    at: entry.at?.S ?? '',
  };
  if (entry.note?.S !== undefined) {
    move.note = entry.note.S;
  }
  return move;
}

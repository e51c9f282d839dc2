/**
 * Purchase records in DynamoDB.
 *
 * Table: partition key `pk` (S), no sort key; items are keyed `PURCHASE#<purchaseId>`.
 * Global secondary index `byProductNo`: partition key `productNo` (S), sort key
 * `createdAt` (S), projection ALL. Item layout: see `purchase-item.ts`.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

import { StatusConflictError } from '../core/ports.js';
import type { Clock, PurchaseStore, StatusMoveRequest } from '../core/ports.js';
import { ALLOWED_MOVES } from '../core/purchase.js';
import type { PurchaseRecord, PurchaseStatus, ResolvedPurchase } from '../core/purchase.js';
import { stringifyJson } from '../partner-api/json.js';
import { fieldValue, fromItem, historyEntryValue, purchaseKey, toItem } from './purchase-item.js';
import type { Item } from './purchase-item.js';

export const PRODUCT_NO_INDEX = 'byProductNo';

/** Fields a move may not set, because they identify the purchase or the move itself writes them. */
const PROTECTED_FIELDS = new Set(['pk', 'purchaseId', 'requestHash', 'executionId', 'status', 'history', 'createdAt']);

export interface DynamoPurchaseStoreOptions {
  tableName: string;
  client?: DynamoDBClient;
  clock?: Clock;
}

export class DynamoPurchaseStore implements PurchaseStore {
  readonly tableName: string;
  private readonly client: DynamoDBClient;
  private readonly clock: Clock;

  constructor(options: DynamoPurchaseStoreOptions) {
    this.tableName = options.tableName;
    this.client = options.client ?? new DynamoDBClient({});
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async create(record: PurchaseRecord): Promise<{ created: boolean; record: PurchaseRecord }> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, record };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }

    const existing = await this.get(record.purchaseId);
    if (existing === undefined) {
      throw new StatusConflictError(
        `Purchase ${record.purchaseId} was not created because an item with its key exists, but reading that item back found nothing; retry the request`,
      );
    }
    return { created: false, record: existing };
  }

  async get(purchaseId: string): Promise<PurchaseRecord | undefined> {
    const output = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: purchaseKey(purchaseId), ConsistentRead: true }),
    );
    return output.Item === undefined ? undefined : fromItem(output.Item);
  }

  async listByProductNo(productNo: string, limit = 50): Promise<PurchaseRecord[]> {
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: PRODUCT_NO_INDEX,
        KeyConditionExpression: 'productNo = :productNo',
        ExpressionAttributeValues: { ':productNo': { S: productNo } },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (output.Items ?? []).map(fromItem);
  }

  async move(purchaseId: string, request: StatusMoveRequest): Promise<PurchaseRecord> {
    const now = new Date(this.clock.now()).toISOString();
    const allowedFrom = request.from.filter((status) => ALLOWED_MOVES[status].includes(request.to));
    if (allowedFrom.length === 0) {
      throw await this.conflict(purchaseId, `no status in [${request.from.join(', ')}] may move to ${request.to}`);
    }

    const names: Record<string, string> = { '#status': 'status', '#history': 'history', '#updatedAt': 'updatedAt' };
    const values: Record<string, AttributeValue> = {
      ':to': { S: request.to },
      ':entry': { L: [historyEntryValue({ status: request.to, at: now, ...noteOf(request.note) })] },
      ':updatedAt': { S: now },
      ':empty': { L: [] },
    };
    const assignments = [
      '#status = :to',
      '#history = list_append(if_not_exists(#history, :empty), :entry)',
      '#updatedAt = :updatedAt',
    ];

    for (const [field, value] of Object.entries(request.set ?? {})) {
      if (value === undefined || field === 'updatedAt') continue;
      if (PROTECTED_FIELDS.has(field)) {
        throw new TypeError(`A status move cannot set "${field}" of purchase ${purchaseId}`);
      }
      names[`#f_${field}`] = field;
      values[`:f_${field}`] = fieldValue(field, value);
      assignments.push(`#f_${field} = :f_${field}`);
    }

    const fromPlaceholders = allowedFrom.map((status, index) => {
      values[`:from${index}`] = { S: status };
      return `:from${index}`;
    });

    return this.update(
      purchaseId,
      {
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: `attribute_exists(pk) AND #status IN (${fromPlaceholders.join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
      `the move to ${request.to} needs status ${allowedFrom.join(' or ')}`,
    );
  }

  async claimSaveAttempt(purchaseId: string, expectedAttempts: number, submittedAt: string, resolved?: ResolvedPurchase): Promise<PurchaseRecord> {
    return this.update(
      purchaseId,
      {
        UpdateExpression: `SET saveAttempts = :next, submittedAt = :submittedAt, updatedAt = :updatedAt${resolved ? ', resolved = :resolved' : ''}`,
        ConditionExpression:
          'attribute_exists(pk) AND #status = :submitting AND ' +
          '(saveAttempts = :expected OR (attribute_not_exists(saveAttempts) AND :expected = :zero))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': { N: String(expectedAttempts + 1) },
          ':expected': { N: String(expectedAttempts) },
          ':zero': { N: '0' },
          ':submitting': { S: 'SUBMITTING' satisfies PurchaseStatus },
          ':submittedAt': { S: submittedAt },
          ':updatedAt': { S: new Date(this.clock.now()).toISOString() },
          ...(resolved ? { ':resolved': { S: stringifyJson(resolved) } } : {}),
        },
      },
      `claiming save attempt ${expectedAttempts + 1} needs status SUBMITTING and ${expectedAttempts} earlier attempts`,
    );
  }

  async releaseSaveAttempt(purchaseId: string, claimedAttempts: number): Promise<PurchaseRecord> {
    return this.update(
      purchaseId,
      {
        UpdateExpression: 'SET saveAttempts = :previous, updatedAt = :updatedAt',
        ConditionExpression: 'attribute_exists(pk) AND #status = :submitting AND saveAttempts = :claimed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':previous': { N: String(claimedAttempts - 1) },
          ':claimed': { N: String(claimedAttempts) },
          ':submitting': { S: 'SUBMITTING' satisfies PurchaseStatus },
          ':updatedAt': { S: new Date(this.clock.now()).toISOString() },
        },
      },
      `releasing save attempt ${claimedAttempts} needs status SUBMITTING and ${claimedAttempts} attempts`,
    );
  }

  private async update(
    purchaseId: string,
    expression: {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, AttributeValue>;
    },
    requirement: string,
  ): Promise<PurchaseRecord> {
    try {
      const output = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: purchaseKey(purchaseId),
          ...expression,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return fromItem(output.Attributes as Item);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = error.Item === undefined ? undefined : fromItem(error.Item);
      throw await this.conflict(purchaseId, requirement, current);
    }
  }

  /** Builds the conflict error, with the stored record read back when it was not returned. */
  private async conflict(purchaseId: string, requirement: string, current?: PurchaseRecord): Promise<StatusConflictError> {
    const stored = current ?? (await this.get(purchaseId));
    if (stored === undefined) {
      return new StatusConflictError(`Purchase ${purchaseId} not found: ${requirement}`);
    }
    return new StatusConflictError(
      `Purchase ${purchaseId} is ${stored.status} with ${stored.saveAttempts} save attempts: ${requirement}`,
      stored,
    );
  }
}

function noteOf(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

/**
 * A lease that lets one caller at a time call the Partner API token endpoint.
 *
 * On AWS the lease is the item `pk = LEASE#partner-token` in the purchases table, with
 * `owner` (S), `expiresAt` (N, epoch ms) and `ttl` (N, epoch seconds, for an optional
 * DynamoDB TTL that removes stale leases). A holder that crashes blocks the others only
 * until `expiresAt`.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

import type { Clock } from '../core/ports.js';

export interface TokenLease {
  /** Takes the lease for `durationMs` unless another owner holds an unexpired one; returns whether it did. */
  acquire(owner: string, durationMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` still holds it. */
  release(owner: string): Promise<void>;
}

export const TOKEN_LEASE_KEY = 'LEASE#partner-token';

export interface DynamoTokenLeaseOptions {
  tableName: string;
  client?: DynamoDBClient;
  clock?: Clock;
}

export class DynamoTokenLease implements TokenLease {
  private readonly tableName: string;
  private readonly client: DynamoDBClient;
  private readonly clock: Clock;

  constructor(options: DynamoTokenLeaseOptions) {
    this.tableName = options.tableName;
    this.client = options.client ?? new DynamoDBClient({});
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async acquire(owner: string, durationMs: number): Promise<boolean> {
    const now = this.clock.now();
    const expiresAt = now + durationMs;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: TOKEN_LEASE_KEY },
            owner: { S: owner },
            expiresAt: { N: String(expiresAt) },
            ttl: { N: String(Math.ceil(expiresAt / 1000) + 3600) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': { N: String(now) }, ':owner': { S: owner } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: TOKEN_LEASE_KEY } },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      );
    } catch (error) {
      // Another owner took the lease after ours expired, so there is nothing to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

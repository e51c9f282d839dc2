/**
 * Key schema of the purchases table, for creating it on an embedded DynamoDB engine
 * (local runtime, tests). The CDK stack declares the same keys.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

import { PRODUCT_NO_INDEX } from './purchase-store.js';

/**
 * Returns the CreateTable input: partition key `pk` (S); global secondary index
 * `byProductNo` with partition key `productNo` (S), sort key `createdAt` (S), projection ALL.
 */
export function purchasesTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'productNo', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: PRODUCT_NO_INDEX,
        KeySchema: [
          { AttributeName: 'productNo', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** Starts dynalite in-process on 127.0.0.1 with a purchases table for tests. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

import { purchasesTableDefinition } from '../../../functions/aws/purchases-table.js';

type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

// dynalite ships CommonJS without type definitions.
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a purchases table with a fresh name and returns the name. */
  createPurchasesTable(): Promise<string>;
  close(): Promise<void>;
}

let tableCounter = 0;

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  return {
    endpoint,
    client,
    async createPurchasesTable() {
      tableCounter += 1;
      const tableName = `purchases-${process.pid}-${tableCounter}`;
      await client.send(new CreateTableCommand(purchasesTableDefinition(tableName)));
      // dynalite returns from CreateTable before the table is ACTIVE, even with createTableMs 0.
      for (;;) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        if (Table?.TableStatus === 'ACTIVE') return tableName;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

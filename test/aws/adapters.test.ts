import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { ExecutionAlreadyExists, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { EventBridgePublisher, EVENT_SOURCE, purchaseEventDetail } from '../../functions/aws/event-publisher.js';
import { StepFunctionsStarter } from '../../functions/aws/execution-starter.js';
import { lambdaRefreshRequester } from '../../functions/aws/refresh-requester.js';
import { TokenRefreshFailedError } from '../../functions/aws/token-errors.js';
import { DynamoPurchaseStore } from '../../functions/aws/purchase-store.js';
import { PurchaseConflictError } from '../../functions/core/errors.js';
import type { PurchaseRecord } from '../../functions/core/purchase.js';
import { computePurchaseId, parsePurchaseRequest } from '../../functions/core/request.js';
import { startDynalite } from './support/dynalite.js';
import type { LocalDynamo } from './support/dynalite.js';
import { startMoto, useLocalAwsEnvironment } from './support/moto.js';
import type { RunningMoto } from './support/moto.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:purchases';

const REQUEST = parsePurchaseRequest({
  productNo: '3631E0997265',
  recipe: 'appliance-hotel-pms',
  billingContactId: '3197218168379846218',
  idempotencyKey: 'starter-key-1',
});
const { purchaseId, requestHash } = computePurchaseId(REQUEST);
const OTHER_REQUEST = parsePurchaseRequest({ ...REQUEST, poNumber: 'OTHER' });

/**
 * An SFNClient stand-in that keeps executions in memory: moto's Step Functions needs
 * Docker, and no other local StartExecution endpoint exists.
 */
class FakeSfn {
  readonly executions = new Map<string, string>();
  readonly commands: string[] = [];

  async send(command: { constructor: { name: string }; input: Record<string, string> }) {
    this.commands.push(command.constructor.name);
    if (command.constructor.name === 'StartExecutionCommand') {
      const arn = `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${command.input.name}`;
      if (this.executions.has(arn)) {
        throw new ExecutionAlreadyExists({ message: `Execution already exists: '${arn}'`, $metadata: {} });
      }
      this.executions.set(arn, command.input.input!);
      return { executionArn: arn };
    }
    return { input: this.executions.get(command.input.executionArn!) };
  }
}

function record(overrides: Partial<PurchaseRecord>): PurchaseRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return { purchaseId, requestHash, status: 'REQUESTED', request: {}, poNumber: purchaseId, saveAttempts: 0, history: [], createdAt: at, updatedAt: at, ...overrides };
}

let moto: RunningMoto;
let dynamo: LocalDynamo;
let store: DynamoPurchaseStore;
let sfn: FakeSfn;
let starter: StepFunctionsStarter;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAwsEnvironment({});
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo?.close();
  await moto?.stop();
});

beforeEach(async () => {
  store = new DynamoPurchaseStore({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client });
  sfn = new FakeSfn();
  starter = new StepFunctionsStarter({ stateMachineArn: STATE_MACHINE_ARN, store, client: sfn as unknown as SFNClient });
});

describe('StepFunctionsStarter', () => {
  it('names the execution after the purchase', async () => {
    const started = await starter.start({ purchaseId, requestHash, request: REQUEST });

    expect(started.outcome).toBe('started');
    expect(started.executionArn).toBe(`arn:aws:states:us-east-1:000000000000:execution:purchases:${purchaseId}`);
    expect(JSON.parse([...sfn.executions.values()][0]!)).toEqual(JSON.parse(JSON.stringify(REQUEST)));
  });

  it('replays an existing execution of the same request', async () => {
    await starter.start({ purchaseId, requestHash, request: REQUEST });

    const replayed = await starter.start({ purchaseId, requestHash, request: REQUEST });

    expect(replayed.outcome).toBe('replayed');
    expect(sfn.commands).toContain('DescribeExecutionCommand');
  });

  it('replays by the stored record when there is one', async () => {
    await starter.start({ purchaseId, requestHash, request: REQUEST });
    await store.create(record({}));

    const replayed = await starter.start({ purchaseId, requestHash, request: REQUEST });

    expect(replayed.outcome).toBe('replayed');
    expect(sfn.commands).not.toContain('DescribeExecutionCommand');
  });

  it('rejects another request under the same purchase id', async () => {
    await starter.start({ purchaseId, requestHash, request: REQUEST });
    const other = computePurchaseId(OTHER_REQUEST);

    await expect(starter.start({ purchaseId, requestHash: other.requestHash, request: OTHER_REQUEST })).rejects.toBeInstanceOf(PurchaseConflictError);
  });

  it('rejects a stored record with another hash', async () => {
    await starter.start({ purchaseId, requestHash, request: REQUEST });
    await store.create(record({ requestHash: '0'.repeat(64) }));

    await expect(starter.start({ purchaseId, requestHash, request: REQUEST })).rejects.toBeInstanceOf(PurchaseConflictError);
  });
});

describe('EventBridgePublisher', () => {
  it('publishes to an existing bus', async () => {
    const client = new EventBridgeClient({ endpoint: moto.endpoint });
    await client.send(new CreateEventBusCommand({ Name: 'purchases-test' }));
    const publisher = new EventBridgePublisher({ eventBusName: 'purchases-test', client });

    await expect(publisher.publish('Purchase Succeeded', record({ status: 'SUCCEEDED' }))).resolves.toBeUndefined();
  });

  it('builds a detail with ids and no request', () => {
    const detail = purchaseEventDetail(record({ status: 'FAILED', error: { code: 'OrderFailedError', message: 'failed' } }));

    expect(detail).toMatchObject({ purchaseId, status: 'FAILED', error: { code: 'OrderFailedError' } });
    expect(detail).not.toHaveProperty('request');
    expect(detail).not.toHaveProperty('history');
    expect(EVENT_SOURCE).toBe('yeastar.partner-purchases');
  });
});

/** Builds a LambdaClient stand-in that returns `output` for every Invoke, because moto's Lambda needs Docker. */
function fakeLambda(output: { FunctionError?: string; Payload?: unknown }) {
  const payloads: unknown[] = [];
  const client = {
    async send(command: { input: { Payload: Uint8Array; FunctionName: string; InvocationType: string } }) {
      payloads.push({ ...command.input, Payload: JSON.parse(new TextDecoder().decode(command.input.Payload)) });
      return { ...output, Payload: new TextEncoder().encode(JSON.stringify(output.Payload ?? null)) };
    },
  };
  return { client: client as unknown as LambdaClient, payloads };
}

describe('lambdaRefreshRequester', () => {
  it('invokes the refresher synchronously', async () => {
    const lambda = fakeLambda({ Payload: { generation: 4 } });
    const requestRefresh = lambdaRefreshRequester({ functionName: 'token-refresher', client: lambda.client });

    await requestRefresh({ staleGeneration: 3, reason: 'rejected' });

    expect(lambda.payloads).toEqual([
      { FunctionName: 'token-refresher', InvocationType: 'RequestResponse', Payload: { staleGeneration: 3, reason: 'rejected' } },
    ]);
  });

  it('reports the refresher error name', async () => {
    const lambda = fakeLambda({ FunctionError: 'Unhandled', Payload: { errorType: 'TokenRefreshTimeoutError', errorMessage: 'timed out' } });
    const requestRefresh = lambdaRefreshRequester({ functionName: 'token-refresher', client: lambda.client });

    const error = await requestRefresh({ reason: 'missing' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenRefreshFailedError);
    expect((error as TokenRefreshFailedError).name).toBe('TokenRefreshFailedError');
    expect((error as TokenRefreshFailedError).refresherError).toBe('TokenRefreshTimeoutError');
  });
});

/**
 * Runs the synthesized definition in aws-local-stepfunctions with scripted task handlers,
 * to check the data flow between states and every ending. The real handlers are tested
 * with the functions; here each handler returns what its step contract promises.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';

import { synthesizeLocalDefinition } from '../../infra/local-definition.js';

const local = synthesizeLocalDefinition();

type Handler = (input: any) => unknown;

class StepError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const REQUEST = { productNo: '3631E0997265', recipe: 'appliance-hotel-pms', dryRun: false };
const RECORD = { purchaseId: 'crm-order-8812', status: 'SUCCEEDED' };

/** Handlers for a purchase that succeeds at once; a test replaces the ones it needs. */
function happyHandlers(): Record<string, Handler> {
  return {
    ValidateRequest: () => ({ purchaseId: 'crm-order-8812', requestHash: 'hash-1', request: REQUEST }),
    RecordPurchase: (input) => ({ purchaseId: input.purchaseId, outcome: 'created', status: 'REQUESTED' }),
    ResolveItems: () => ({ productId: '1', operationType: 'buy', serviceId: '3131184659391672320', serviceName: 'Hotel PMS Integration', items: [] }),
    ResolveBillingContact: () => ({ billingId: '3197218168379846218' }),
    RecordResolution: (input) => ({ purchaseId: input.purchaseId, status: 'RESOLVED' }),
    Quote: (input) => ({ purchaseId: input.purchaseId, status: 'QUOTED', record: { ...RECORD, status: 'QUOTED' } }),
    CreateOrder: (input) => ({ purchaseId: input.purchaseId, status: 'SUCCEEDED', record: RECORD }),
    CheckOrder: (input) => ({ purchaseId: input.purchaseId, status: 'SUCCEEDED', record: RECORD, checks: input.checks + 1, limitReached: false }),
    RecordFailure: (input) => ({ purchaseId: input.purchaseId, status: input.outcome, record: { ...RECORD, status: input.outcome } }),
    RecordUnknown: (input) => ({ purchaseId: input.purchaseId, status: input.outcome, record: { ...RECORD, status: input.outcome } }),
    PublishSucceeded: () => ({}),
    PublishFailed: () => ({}),
    PublishPendingPayment: () => ({}),
    PublishUnknown: () => ({}),
  };
}

interface RunResult {
  output?: unknown;
  error?: { name: string; message: string };
  calls: { state: string; input: any }[];
}

async function runPurchase(overrides: Record<string, Handler> = {}): Promise<RunResult> {
  const handlers = { ...happyHandlers(), ...overrides };
  const calls: RunResult['calls'] = [];
  const localHandlers = Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [
      state,
      async (input: unknown) => {
        calls.push({ state, input });
        return handler(input);
      },
    ]),
  );

  const machine = new StateMachine(local.definition as never, { validationOptions: { checkArn: false } });
  const retryStates = Object.keys(local.tasks);
  const execution = machine.run({ ...REQUEST, idempotencyKey: 'crm-order-8812' }, {
    overrides: {
      taskResourceLocalHandlers: localHandlers as never,
      waitTimeOverrides: { WaitForPayment: 0 },
      retryIntervalOverrides: Object.fromEntries(retryStates.map((state) => [state, 0])),
    },
    context: { Execution: { Id: 'arn:aws:states:us-east-1:000000000000:execution:test:crm-order-8812', Name: 'crm-order-8812' } } as never,
  });

  try {
    return { output: await execution.result, calls };
  } catch (error) {
    const cause = (error as Error).cause as Error;
    return { error: { name: cause.name, message: cause.message }, calls };
  }
}

function statesCalled(result: RunResult): string[] {
  return result.calls.map((call) => call.state);
}

describe('local definition', () => {
  it('contains no CloudFormation intrinsics', () => {
    expect(JSON.stringify(local.definition)).not.toMatch(/Fn::|"Ref"|AWS::/);
  });

  it('maps each Task state to its handler entry', () => {
    const lambdaEntries = Object.fromEntries(
      Object.entries(local.tasks).flatMap(([state, task]) => (task.kind === 'lambda' ? [[state, task.entry]] : [])),
    );

    expect(lambdaEntries).toEqual({
      ValidateRequest: 'tasks/validate-request',
      RecordPurchase: 'tasks/record-purchase',
      ResolveItems: 'tasks/resolve-items',
      ResolveBillingContact: 'tasks/resolve-billing-contact',
      RecordResolution: 'tasks/record-resolution',
      Quote: 'tasks/quote',
      CreateOrder: 'tasks/create-order',
      CheckOrder: 'tasks/check-order',
      RecordFailure: 'tasks/record-failure',
      RecordUnknown: 'tasks/record-failure',
    });
    for (const state of ['PublishSucceeded', 'PublishFailed', 'PublishPendingPayment', 'PublishUnknown']) {
      expect(local.tasks[state]?.kind, state).toBe('putEvents');
    }
  });
});

describe('local definition run', () => {
  it('buys and publishes Purchase Succeeded', async () => {
    const result = await runPurchase();

    expect(result.error).toBeUndefined();
    expect(result.output).toEqual({ purchaseId: 'crm-order-8812', status: 'SUCCEEDED', record: RECORD, checks: 0 });
    expect(statesCalled(result).slice(0, 2)).toEqual(['ValidateRequest', 'RecordPurchase']);
    expect(statesCalled(result).slice(2, 4).sort()).toEqual(['ResolveBillingContact', 'ResolveItems']);
    expect(statesCalled(result).slice(4)).toEqual(['RecordResolution', 'CreateOrder', 'PublishSucceeded']);
  });

  it('hands each task its documented input', async () => {
    const result = await runPurchase();
    const inputOf = (state: string) => result.calls.find((call) => call.state === state)?.input;

    expect(inputOf('ValidateRequest')).toEqual({ ...REQUEST, idempotencyKey: 'crm-order-8812' });
    expect(inputOf('RecordPurchase')).toEqual({
      purchaseId: 'crm-order-8812',
      requestHash: 'hash-1',
      request: REQUEST,
      executionId: 'arn:aws:states:us-east-1:000000000000:execution:test:crm-order-8812',
    });
    expect(inputOf('ResolveItems')).toEqual({ purchaseId: 'crm-order-8812', request: REQUEST });
    expect(inputOf('RecordResolution')).toEqual({
      purchaseId: 'crm-order-8812',
      resolved: {
        productId: '1',
        operationType: 'buy',
        serviceId: '3131184659391672320',
        serviceName: 'Hotel PMS Integration',
        items: [],
        billingId: '3197218168379846218',
      },
    });
    expect(inputOf('CreateOrder')).toEqual({ purchaseId: 'crm-order-8812' });
    expect(inputOf('PublishSucceeded')).toEqual({
      Entries: [{ Detail: RECORD, DetailType: 'Purchase Succeeded', EventBusName: local.eventBusArn, Source: 'yeastar.partner-purchases' }],
    });
  });

  it('quotes a dry run without ordering', async () => {
    const dryRequest = { ...REQUEST, dryRun: true };
    const result = await runPurchase({
      ValidateRequest: () => ({ purchaseId: 'crm-order-8812', requestHash: 'hash-1', request: dryRequest }),
    });

    expect(result.output).toMatchObject({ status: 'QUOTED' });
    expect(statesCalled(result)).toContain('Quote');
    expect(statesCalled(result)).not.toContain('CreateOrder');
  });

  it('fails an invalid request with InvalidRequestError', async () => {
    const result = await runPurchase({
      ValidateRequest: () => {
        throw new StepError('InvalidRequestError', 'productNo is missing');
      },
    });

    expect(result.error?.name).toBe('InvalidRequestError');
    expect(statesCalled(result)).toEqual(['ValidateRequest']);
  });

  it('ends a duplicate with the existing purchase', async () => {
    const result = await runPurchase({
      RecordPurchase: () => ({ purchaseId: 'crm-order-8812', outcome: 'duplicate', status: 'SUCCEEDED' }),
    });

    expect(result.output).toEqual({ purchaseId: 'crm-order-8812', outcome: 'duplicate', status: 'SUCCEEDED' });
    expect(statesCalled(result)).toEqual(['ValidateRequest', 'RecordPurchase']);
  });

  it('fails a conflict with PurchaseConflictError', async () => {
    const result = await runPurchase({
      RecordPurchase: () => ({ purchaseId: 'crm-order-8812', outcome: 'conflict', status: 'REQUESTED' }),
    });

    expect(result.error?.name).toBe('PurchaseConflictError');
    expect(statesCalled(result)).toEqual(['ValidateRequest', 'RecordPurchase']);
  });

  it('retries a transient Partner API error', async () => {
    let failures = 0;
    const result = await runPurchase({
      ResolveItems: () => {
        if (failures++ < 2) throw new StepError('PartnerApiUnavailableError', 'upstream 503');
        return happyHandlers().ResolveItems!({});
      },
    });

    expect(result.output).toMatchObject({ status: 'SUCCEEDED' });
    expect(statesCalled(result).filter((state) => state === 'ResolveItems')).toHaveLength(3);
  });

  it('records and publishes a failure', async () => {
    const result = await runPurchase({
      ResolveItems: () => {
        throw new StepError('CatalogueLookupError', 'no service named Hotel PMS');
      },
    });

    expect(result.error?.name).toBe('PurchaseFailedError');
    const recordFailure = result.calls.find((call) => call.state === 'RecordFailure');
    expect(recordFailure?.input).toEqual({
      purchaseId: 'crm-order-8812',
      error: { Error: 'CatalogueLookupError', Cause: expect.stringContaining('no service named Hotel PMS') },
      outcome: 'FAILED',
    });
    expect(statesCalled(result)).toContain('PublishFailed');
    expect(statesCalled(result)).not.toContain('CreateOrder');
  });

  it('records UNKNOWN when reconciliation stays pending', async () => {
    const result = await runPurchase({
      CreateOrder: () => {
        throw new StepError('ReconciliationPendingError', 'order not in the list yet');
      },
    });

    expect(result.error?.name).toBe('PurchaseOutcomeUnknownError');
    const createOrderRetries = (local.definition.States as any).CreateOrder.Retry.find((retrier: any) =>
      retrier.ErrorEquals.includes('ReconciliationPendingError'),
    ).MaxAttempts;
    expect(statesCalled(result).filter((state) => state === 'CreateOrder')).toHaveLength(1 + createOrderRetries);
    expect(result.calls.find((call) => call.state === 'RecordUnknown')?.input).toMatchObject({ outcome: 'UNKNOWN' });
    expect(statesCalled(result).slice(-2)).toEqual(['RecordUnknown', 'PublishUnknown']);
  });

  it('does not retry a rejected order', async () => {
    const result = await runPurchase({
      CreateOrder: () => {
        throw new StepError('PartnerApiRejectedError', 'billing contact not found');
      },
    });

    expect(result.error?.name).toBe('PurchaseFailedError');
    expect(statesCalled(result).filter((state) => state === 'CreateOrder')).toHaveLength(1);
  });

  it('follows a pending payment until it succeeds', async () => {
    const result = await runPurchase({
      CreateOrder: (input) => ({ purchaseId: input.purchaseId, status: 'PENDING_PAYMENT', record: { ...RECORD, status: 'PENDING_PAYMENT' } }),
      CheckOrder: (input) =>
        input.checks < 2
          ? { purchaseId: input.purchaseId, status: 'PENDING_PAYMENT', record: RECORD, checks: input.checks + 1, limitReached: false }
          : { purchaseId: input.purchaseId, status: 'SUCCEEDED', record: RECORD, checks: input.checks + 1, limitReached: false },
    });

    expect(result.output).toMatchObject({ status: 'SUCCEEDED', checks: 3 });
    expect(statesCalled(result).filter((state) => state === 'PublishPendingPayment')).toHaveLength(1);
    expect(result.calls.filter((call) => call.state === 'CheckOrder').map((call) => call.input.checks)).toEqual([0, 1, 2]);
    expect(statesCalled(result).at(-1)).toBe('PublishSucceeded');
  });

  it('stops waiting for payment at the check limit', async () => {
    const result = await runPurchase({
      CreateOrder: (input) => ({ purchaseId: input.purchaseId, status: 'PENDING_PAYMENT', record: RECORD }),
      CheckOrder: (input) => ({
        purchaseId: input.purchaseId,
        status: 'PENDING_PAYMENT',
        record: RECORD,
        checks: input.checks + 1,
        limitReached: input.checks + 1 >= 4,
      }),
    });

    expect(result.output).toMatchObject({ status: 'PENDING_PAYMENT', checks: 4, limitReached: true });
    expect(statesCalled(result).filter((state) => state === 'CheckOrder')).toHaveLength(4);
  });

  it('publishes a failed payment as Purchase Failed', async () => {
    const result = await runPurchase({
      CreateOrder: (input) => ({ purchaseId: input.purchaseId, status: 'PENDING_PAYMENT', record: RECORD }),
      CheckOrder: (input) => ({ purchaseId: input.purchaseId, status: 'FAILED', record: { ...RECORD, status: 'FAILED' }, checks: 1, limitReached: false }),
    });

    expect(result.error?.name).toBe('PurchaseFailedError');
    expect(statesCalled(result).at(-1)).toBe('PublishFailed');
    expect(statesCalled(result)).not.toContain('RecordFailure');
  });
});

import { describe, expect, it } from 'vitest';

import {
  LAMBDA_SERVICE_ERRORS,
  PARTNER_API_TRANSIENT_ERRORS,
} from '../../infra/constructs/workflow-retries.js';
import { synthesizeLocalDefinition } from '../../infra/local-definition.js';

type State = Record<string, any>;

const local = synthesizeLocalDefinition({ settings: { paymentWaitSeconds: 42 } });
const { definition } = local;

function collectStates(machine: Record<string, any>): Record<string, State> {
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(machine.States as Record<string, State>)) {
    states[name] = state;
    for (const branch of state.Branches ?? []) Object.assign(states, collectStates(branch));
  }
  return states;
}

const states = collectStates(definition);

const LAMBDA_TASKS = [
  'ValidateRequest',
  'RecordPurchase',
  'ResolveItems',
  'ResolveBillingContact',
  'RecordResolution',
  'Quote',
  'CreateOrder',
  'CheckOrder',
  'RecordFailure',
  'RecordUnknown',
];
const PARTNER_API_TASKS = ['ResolveItems', 'ResolveBillingContact', 'Quote', 'CreateOrder', 'CheckOrder'];
const RECORD_TASKS = ['ValidateRequest', 'RecordPurchase', 'RecordResolution', 'RecordFailure', 'RecordUnknown'];
const PUBLISH_TASKS: Record<string, string> = {
  PublishSucceeded: 'Purchase Succeeded',
  PublishFailed: 'Purchase Failed',
  PublishPendingPayment: 'Purchase Pending Payment',
  PublishUnknown: 'Purchase Outcome Unknown',
};

function retriedErrors(state: State): string[] {
  return (state.Retry ?? []).flatMap((retrier: State) => retrier.ErrorEquals as string[]);
}

function retrierFor(state: State, error: string): State | undefined {
  return (state.Retry ?? []).find((retrier: State) => retrier.ErrorEquals.includes(error));
}

describe('workflow definition', () => {
  it('is JSONPath with no JSONata fields', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const [name, state] of Object.entries(states)) {
      expect(state.QueryLanguage ?? 'JSONPath', name).toBe('JSONPath');
      expect(state, name).not.toHaveProperty('Arguments');
      expect(state, name).not.toHaveProperty('Output');
    }
  });

  it('has the contract state names', () => {
    expect(Object.keys(states).sort()).toEqual(
      [
        ...LAMBDA_TASKS,
        ...Object.keys(PUBLISH_TASKS),
        'CheckDuplicate',
        'Resolve',
        'IsDryRun',
        'CheckOrderStatus',
        'WaitForPayment',
        'RequestInvalid',
        'PurchaseConflict',
        'PurchaseDuplicate',
        'PurchaseQuoted',
        'PurchaseSucceeded',
        'PaymentStillPending',
        'PurchaseFailed',
        'PurchaseUnknown',
        'UnexpectedStatus',
      ].sort(),
    );
    expect(definition.StartAt).toBe('ValidateRequest');
  });

  it('invokes each Lambda task by function ARN', () => {
    for (const name of LAMBDA_TASKS) {
      expect(states[name]!.Type, name).toBe('Task');
      expect(states[name]!.Resource, name).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:/);
    }
    expect(states.RecordUnknown!.Resource).toBe(states.RecordFailure!.Resource);
  });

  it('retries Lambda service errors with full jitter on every Lambda task', () => {
    for (const name of LAMBDA_TASKS) {
      const retrier = retrierFor(states[name]!, 'Lambda.ServiceException');

      expect(retrier?.ErrorEquals, name).toEqual(LAMBDA_SERVICE_ERRORS);
      expect(retrier?.JitterStrategy, name).toBe('FULL');
      expect(retrier?.MaxDelaySeconds, name).toBeGreaterThan(0);
    }
  });

  it('retries transient Partner API errors only on Partner API tasks', () => {
    for (const name of PARTNER_API_TASKS) {
      const retrier = retrierFor(states[name]!, 'PartnerApiUnavailableError');
      expect(retrier?.ErrorEquals, name).toEqual(PARTNER_API_TRANSIENT_ERRORS);
      expect(retrier?.JitterStrategy, name).toBe('FULL');
    }
    for (const name of RECORD_TASKS) {
      expect(retriedErrors(states[name]!), name).not.toContain('PartnerApiUnavailableError');
    }
  });

  it('retries submission and reconciliation errors on CreateOrder only', () => {
    const createOrder = states.CreateOrder!;

    expect(retrierFor(createOrder, 'SubmissionInProgressError')?.JitterStrategy).toBe('FULL');
    expect(maxRetryWaitSeconds(retrierFor(createOrder, 'SubmissionInProgressError')!)).toBeGreaterThan(4 * 120);
    expect(retrierFor(createOrder, 'ReconciliationPendingError')?.JitterStrategy).toBe('FULL');
    expect(retrierFor(createOrder, 'ReconciliationPendingError')?.MaxDelaySeconds).toBeGreaterThan(0);
    for (const [name, state] of Object.entries(states)) {
      if (name === 'CreateOrder') continue;
      expect(retriedErrors(state), name).not.toContain('ReconciliationPendingError');
      expect(retriedErrors(state), name).not.toContain('SubmissionInProgressError');
    }
  });

  it('never retries on States.ALL or unknown Partner API outcomes', () => {
    for (const [name, state] of Object.entries(states)) {
      expect(retriedErrors(state), name).not.toContain('States.ALL');
      expect(retriedErrors(state), name).not.toContain('PartnerApiOutcomeUnknownError');
      expect(retriedErrors(state), name).not.toContain('PartnerApiRejectedError');
    }
  });

  it('catches step failures into RecordFailure with the error at $.error', () => {
    for (const name of ['Resolve', 'RecordResolution', 'Quote']) {
      expect(states[name]!.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }]);
    }
    expect(states.CreateOrder!.Catch).toEqual([
      { ErrorEquals: ['ReconciliationPendingError'], ResultPath: '$.error', Next: 'RecordUnknown' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
    ]);
  });

  it('stops the payment follow-up on a failed check', () => {
    expect(states.CheckOrder!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'PaymentStillPending' }]);
  });

  it('fails an invalid request without recording it', () => {
    expect(states.ValidateRequest!.Catch).toEqual([{ ErrorEquals: ['InvalidRequestError'], Next: 'RequestInvalid' }]);
    expect(states.RequestInvalid).toMatchObject({ Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' });
    expect(states.RecordPurchase!.Catch).toBeUndefined();
  });

  it('ends duplicates in success and conflicts in PurchaseConflictError', () => {
    expect(states.CheckDuplicate!.Choices).toEqual([
      { Variable: '$.recorded.outcome', StringEquals: 'duplicate', Next: 'PurchaseDuplicate' },
      { Variable: '$.recorded.outcome', StringEquals: 'conflict', Next: 'PurchaseConflict' },
    ]);
    expect(states.PurchaseDuplicate!.Type).toBe('Succeed');
    expect(states.PurchaseConflict).toMatchObject({ Type: 'Fail', Error: 'PurchaseConflictError' });
  });

  it('records, publishes and fails on both failure paths', () => {
    expect(states.RecordFailure!.Parameters).toEqual({ 'purchaseId.$': '$.purchaseId', 'error.$': '$.error', outcome: 'FAILED' });
    expect(states.RecordFailure!.Next).toBe('PublishFailed');
    expect(states.PublishFailed!.Next).toBe('PurchaseFailed');
    expect(states.PurchaseFailed).toMatchObject({ Type: 'Fail', Error: 'PurchaseFailedError' });

    expect(states.RecordUnknown!.Parameters).toEqual({ 'purchaseId.$': '$.purchaseId', 'error.$': '$.error', outcome: 'UNKNOWN' });
    expect(states.RecordUnknown!.Next).toBe('PublishUnknown');
    expect(states.PublishUnknown!.Next).toBe('PurchaseUnknown');
    expect(states.PurchaseUnknown).toMatchObject({ Type: 'Fail', Error: 'PurchaseOutcomeUnknownError' });
  });

  it('publishes each outcome with putEvents and the record as detail', () => {
    for (const [name, detailType] of Object.entries(PUBLISH_TASKS)) {
      const state = states[name]!;

      expect(state.Resource, name).toBe('arn:aws:states:::events:putEvents');
      expect(state.Parameters.Entries, name).toEqual([
        {
          'Detail.$': '$.outcome.record',
          DetailType: detailType,
          EventBusName: local.eventBusArn,
          Source: 'yeastar.partner-purchases',
        },
      ]);
      expect(state.ResultPath, name).toBeNull();
    }
  });

  it('waits the configured seconds between payment checks', () => {
    expect(states.WaitForPayment).toEqual({ Type: 'Wait', Seconds: 42, Next: 'CheckOrder' });
    expect(states.PublishPendingPayment!.Next).toBe('WaitForPayment');
    expect(states.CheckOrder!.Next).toBe('CheckOrderStatus');
  });

  it('times out after every payment wait plus two hours', () => {
    expect(definition.TimeoutSeconds).toBe(42 * local.settings.paymentCheckLimit + 2 * 3600);
  });

  it('passes only ids, names and the request between states', () => {
    const parameterKeys = Object.values(states).flatMap((state) => Object.keys(state.Parameters ?? {}));

    expect(new Set(parameterKeys)).toEqual(
      new Set(['purchaseId.$', 'requestHash.$', 'request.$', 'executionId.$', 'resolved.$', 'checks.$', 'error.$', 'outcome', 'Entries']),
    );
    expect(JSON.stringify(definition)).not.toMatch(/secret|credential|token/i);
  });
});

/** Returns the maximum total pause of a retrier: each interval grows by the backoff rate, capped at MaxDelaySeconds. */
function maxRetryWaitSeconds(retrier: { IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number }): number {
  let total = 0;
  let interval = retrier.IntervalSeconds ?? 1;
  for (let attempt = 0; attempt < (retrier.MaxAttempts ?? 3); attempt += 1) {
    total += Math.min(interval, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
    interval *= retrier.BackoffRate ?? 2;
  }
  return total;
}

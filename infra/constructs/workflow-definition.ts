/**
 * The purchase state machine definition (JSONPath). State names are part of the contract
 * with the local runtime, which runs this definition and picks each Task state's local
 * handler by state name.
 *
 * Lambda tasks use `payloadResponseOnly`: the state's effective input is the function's
 * event, and the function's return value is the task result.
 *
 * State data after ValidateRequest:
 * - `purchaseId`, `requestHash`, `request`: the ValidateRequest result
 * - `recorded`: the RecordPurchase result
 * - `resolution.resolved`: the ResolveItems and ResolveBillingContact results merged
 * - `outcome`: the latest Quote, CreateOrder, CheckOrder or RecordFailure result; its
 *   `record` is the detail of the outcome event
 * - `error`: `{ Error, Cause }` of a caught failure
 */
import { Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  type IChainable,
  JsonPath,
  Parallel,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { EventBridgePutEvents, LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

import { OUTCOME_DETAIL_TYPES, OUTCOME_EVENT_SOURCE } from './events.js';
import {
  LAMBDA_SERVICE_RETRY,
  LAMBDA_UNKNOWN_RETRY,
  PARTNER_API_RETRY,
  PUBLISH_RETRY,
  RECONCILIATION_RETRY,
  SUBMISSION_IN_PROGRESS_RETRY,
} from './workflow-retries.js';

/** The Lambda function behind each Task state, by state name. */
export interface WorkflowTaskFunctions {
  ValidateRequest: IFunction;
  RecordPurchase: IFunction;
  ResolveItems: IFunction;
  ResolveBillingContact: IFunction;
  RecordResolution: IFunction;
  Quote: IFunction;
  CreateOrder: IFunction;
  CheckOrder: IFunction;
  RecordFailure: IFunction;
}

export interface PurchaseDefinitionProps {
  functions: WorkflowTaskFunctions;
  eventBus: IEventBus;
  paymentWaitSeconds: number;
}

const ERROR_PATH = '$.error';

interface InvokeOptions {
  payload?: Record<string, unknown>;
  resultSelector?: Record<string, unknown>;
  resultPath?: string;
}

/** Builds the states and returns the start of the chain. */
export function buildPurchaseDefinition(scope: Construct, props: PurchaseDefinitionProps): IChainable {
  const { functions } = props;

  const invoke = (stateName: string, fn: IFunction, options: InvokeOptions = {}) =>
    new LambdaInvoke(scope, stateName, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      ...(options.payload ? { payload: TaskInput.fromObject(options.payload) } : {}),
      ...(options.resultSelector ? { resultSelector: options.resultSelector } : {}),
      ...(options.resultPath ? { resultPath: options.resultPath } : {}),
    })
      .addRetry(LAMBDA_SERVICE_RETRY)
      .addRetry(LAMBDA_UNKNOWN_RETRY);

  const publish = (stateName: string, detailType: string) =>
    new EventBridgePutEvents(scope, stateName, {
      entries: [
        {
          eventBus: props.eventBus,
          source: OUTCOME_EVENT_SOURCE,
          detailType,
          detail: TaskInput.fromJsonPathAt('$.outcome.record'),
        },
      ],
      resultPath: JsonPath.DISCARD,
    }).addRetry(PUBLISH_RETRY);

  const purchaseId = JsonPath.stringAt('$.purchaseId');
  const catchToFailure = { resultPath: ERROR_PATH };

  // Ends.
  const requestInvalid = new Fail(scope, 'RequestInvalid', {
    comment: 'The request does not match the purchase schema; nothing was recorded.',
    errorPath: '$.Error',
    causePath: '$.Cause',
  });
  const purchaseConflict = new Fail(scope, 'PurchaseConflict', {
    error: 'PurchaseConflictError',
    cause:
      'The purchaseId is already recorded for a different request. Repeat the original request, or send this one with another idempotency key.',
  });
  const purchaseDuplicate = new Succeed(scope, 'PurchaseDuplicate', {
    comment: 'The purchase is already recorded with the same request; the existing purchase is the output.',
    outputPath: '$.recorded',
  });
  const purchaseQuoted = new Succeed(scope, 'PurchaseQuoted', { outputPath: '$.outcome' });
  const purchaseSucceeded = new Succeed(scope, 'PurchaseSucceeded', { outputPath: '$.outcome' });
  const paymentStillPending = new Succeed(scope, 'PaymentStillPending', {
    comment: 'The payment check limit is reached; the record stays PENDING_PAYMENT.',
    outputPath: '$.outcome',
  });
  const purchaseFailed = new Fail(scope, 'PurchaseFailed', {
    error: 'PurchaseFailedError',
    cause: 'The purchase failed. Its record holds the error: read it with GET /purchases/{purchaseId}.',
  });
  const purchaseUnknown = new Fail(scope, 'PurchaseUnknown', {
    error: 'PurchaseOutcomeUnknownError',
    cause:
      'It is unknown whether the Partner API created the order. Look for it in the partner portal order list before buying again.',
  });
  const unexpectedStatus = new Fail(scope, 'UnexpectedStatus', {
    error: 'UnexpectedPurchaseStatusError',
    cause: 'The order step returned a status other than SUCCEEDED, PENDING_PAYMENT or FAILED.',
  });

  // Failure paths: record the failure, publish it, fail the execution.
  const publishFailed = publish('PublishFailed', OUTCOME_DETAIL_TYPES.failed).next(purchaseFailed);
  const recordFailure = invoke('RecordFailure', functions.RecordFailure, {
    payload: { purchaseId, error: JsonPath.objectAt(ERROR_PATH), outcome: 'FAILED' },
    resultPath: '$.outcome',
  }).next(publishFailed);
  const recordUnknown = invoke('RecordUnknown', functions.RecordFailure, {
    payload: { purchaseId, error: JsonPath.objectAt(ERROR_PATH), outcome: 'UNKNOWN' },
    resultPath: '$.outcome',
  }).next(publish('PublishUnknown', OUTCOME_DETAIL_TYPES.unknown).next(purchaseUnknown));

  // Order outcome and the payment follow-up loop.
  const publishSucceeded = publish('PublishSucceeded', OUTCOME_DETAIL_TYPES.succeeded).next(purchaseSucceeded);
  const waitForPayment = new Wait(scope, 'WaitForPayment', {
    time: WaitTime.duration(Duration.seconds(props.paymentWaitSeconds)),
  });
  const publishPendingPayment = publish('PublishPendingPayment', OUTCOME_DETAIL_TYPES.pendingPayment).next(waitForPayment);

  const checkOrder = invoke('CheckOrder', functions.CheckOrder, {
    payload: { purchaseId, checks: JsonPath.numberAt('$.outcome.checks') },
    resultPath: '$.outcome',
  })
    .addRetry(PARTNER_API_RETRY)
    // The order exists, so a failed check must not record the purchase FAILED: the
    // follow-up stops and the record stays PENDING_PAYMENT, with the error at $.error.
    .addCatch(paymentStillPending, catchToFailure);
  waitForPayment.next(checkOrder);

  const status = '$.outcome.status';
  const checkOrderStatus = new Choice(scope, 'CheckOrderStatus')
    .when(Condition.stringEquals(status, 'SUCCEEDED'), publishSucceeded)
    .when(
      Condition.and(Condition.stringEquals(status, 'PENDING_PAYMENT'), Condition.numberEquals('$.outcome.checks', 0)),
      publishPendingPayment,
    )
    .when(
      Condition.and(
        Condition.stringEquals(status, 'PENDING_PAYMENT'),
        Condition.isPresent('$.outcome.limitReached'),
        Condition.booleanEquals('$.outcome.limitReached', true),
      ),
      paymentStillPending,
    )
    .when(Condition.stringEquals(status, 'PENDING_PAYMENT'), waitForPayment)
    .when(Condition.stringEquals(status, 'FAILED'), publishFailed)
    .otherwise(unexpectedStatus);
  checkOrder.next(checkOrderStatus);

  // `checks: 0` starts the payment check count that CheckOrder carries on.
  const createOrder = invoke('CreateOrder', functions.CreateOrder, {
    payload: { purchaseId },
    resultSelector: {
      purchaseId: JsonPath.stringAt('$.purchaseId'),
      status: JsonPath.stringAt('$.status'),
      record: JsonPath.objectAt('$.record'),
      checks: 0,
    },
    resultPath: '$.outcome',
  })
    .addRetry(PARTNER_API_RETRY)
    .addRetry(SUBMISSION_IN_PROGRESS_RETRY)
    .addRetry(RECONCILIATION_RETRY)
    .addCatch(recordUnknown, { errors: ['ReconciliationPendingError'], resultPath: ERROR_PATH })
    .addCatch(recordFailure, catchToFailure)
    .next(checkOrderStatus);

  const quote = invoke('Quote', functions.Quote, { payload: { purchaseId }, resultPath: '$.outcome' })
    .addRetry(PARTNER_API_RETRY)
    .addCatch(recordFailure, catchToFailure)
    .next(purchaseQuoted);

  const isDryRun = new Choice(scope, 'IsDryRun')
    .when(
      Condition.and(Condition.isPresent('$.request.dryRun'), Condition.booleanEquals('$.request.dryRun', true)),
      quote,
    )
    .otherwise(createOrder);

  // Resolution: catalogue entry and billing contact in parallel, merged into one object.
  const resolveInput = { purchaseId, request: JsonPath.objectAt('$.request') };
  const resolve = new Parallel(scope, 'Resolve', {
    resultSelector: { resolved: JsonPath.jsonMerge(JsonPath.objectAt('$[0]'), JsonPath.objectAt('$[1]')) },
    resultPath: '$.resolution',
  })
    .branch(invoke('ResolveItems', functions.ResolveItems, { payload: resolveInput }).addRetry(PARTNER_API_RETRY))
    .branch(
      invoke('ResolveBillingContact', functions.ResolveBillingContact, { payload: resolveInput }).addRetry(PARTNER_API_RETRY),
    )
    .addCatch(recordFailure, catchToFailure);

  const recordResolution = invoke('RecordResolution', functions.RecordResolution, {
    payload: { purchaseId, resolved: JsonPath.objectAt('$.resolution.resolved') },
    resultPath: JsonPath.DISCARD,
  })
    .addCatch(recordFailure, catchToFailure)
    .next(isDryRun);
  resolve.next(recordResolution);

  // Start: validate, record, and stop early on a duplicate or a conflict.
  const checkDuplicate = new Choice(scope, 'CheckDuplicate')
    .when(Condition.stringEquals('$.recorded.outcome', 'duplicate'), purchaseDuplicate)
    .when(Condition.stringEquals('$.recorded.outcome', 'conflict'), purchaseConflict)
    .otherwise(resolve);

  const recordPurchase = invoke('RecordPurchase', functions.RecordPurchase, {
    payload: {
      purchaseId,
      requestHash: JsonPath.stringAt('$.requestHash'),
      request: JsonPath.objectAt('$.request'),
      executionId: JsonPath.executionId,
    },
    resultPath: '$.recorded',
  }).next(checkDuplicate);

  // The whole execution input is the request; the validated request replaces it.
  return invoke('ValidateRequest', functions.ValidateRequest)
    .addCatch(requestInvalid, { errors: ['InvalidRequestError'] })
    .next(recordPurchase);
}

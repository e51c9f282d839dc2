/**
 * The purchases event bus. Callers put "Purchase Requested" events on it to start a
 * purchase; the workflow puts the outcome events on it.
 */
import { Duration } from 'aws-cdk-lib';
import { EventBus, Match, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** `source` of the events that the workflow publishes. */
export const OUTCOME_EVENT_SOURCE = 'yeastar.partner-purchases';

/** `detail-type` of an event that starts a purchase; its `detail` is the purchase request. */
export const PURCHASE_REQUESTED = 'Purchase Requested';

/** `detail-type` of each outcome event; the `detail` is the purchase record. */
export const OUTCOME_DETAIL_TYPES = {
  succeeded: 'Purchase Succeeded',
  failed: 'Purchase Failed',
  pendingPayment: 'Purchase Pending Payment',
  unknown: 'Purchase Outcome Unknown',
} as const;

export class PurchaseEvents extends Construct {
  readonly bus: EventBus;
  /** Requests that EventBridge could not deliver to the state machine after its retries. */
  readonly deadLetterQueue: Queue;
  requestRule?: Rule;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.bus = new EventBus(this, 'Bus', {
      description: 'Yeastar partner purchases: "Purchase Requested" in, purchase outcomes out',
    });

    this.deadLetterQueue = new Queue(this, 'RequestDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
  }

  /**
   * Starts the state machine for every "Purchase Requested" event, with the event's
   * `detail` as execution input. Any source is accepted except the workflow's own, because
   * the callers are other systems with their own source names. Permission to put events on
   * this bus controls who may start a purchase.
   *
   * EventBridge names each execution itself, so a repeated event starts a second execution,
   * which RecordPurchase ends as a duplicate.
   */
  startOnPurchaseRequested(stateMachine: IStateMachine): Rule {
    this.requestRule = new Rule(this, 'PurchaseRequestedRule', {
      eventBus: this.bus,
      description: 'Starts a purchase for each "Purchase Requested" event',
      eventPattern: {
        detailType: [PURCHASE_REQUESTED],
        source: Match.anythingBut(OUTCOME_EVENT_SOURCE),
      },
    });

    this.requestRule.addTarget(
      new SfnStateMachine(stateMachine, {
        input: RuleTargetInput.fromEventPath('$.detail'),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(2),
      }),
    );
    return this.requestRule;
  }
}

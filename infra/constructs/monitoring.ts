/**
 * Alarms that need an operator, sent to one encrypted SNS topic: failed executions,
 * purchases whose outcome is unknown, undelivered purchase requests and a token refresher
 * that keeps failing.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventField, type IEventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

import { OUTCOME_DETAIL_TYPES, OUTCOME_EVENT_SOURCE } from './events.js';

export interface PurchaseMonitoringProps {
  stateMachine: IStateMachine;
  eventBus: IEventBus;
  deadLetterQueue: IQueue;
  tokenRefresher: IFunction;
  tokenRefreshMinutes: number;
}

export class PurchaseMonitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  /** Sends each "Purchase Outcome Unknown" event to the alarm topic. */
  readonly unknownOutcomeRule: Rule;

  constructor(scope: Construct, id: string, props: PurchaseMonitoringProps) {
    super(scope, id);

    // CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key,
    // so the topic has its own key that lets CloudWatch use it.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the purchases alarm topic',
      enableKeyRotation: true,
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    topicKey.grant(new ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Yeastar partner purchases alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });

    this.addAlarm('ExecutionsFailed', {
      description: 'A purchase execution failed, an invalid request or a conflict included. Its execution history and record show why.',
      metric: props.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
    this.addAlarm('ExecutionsTimedOut', {
      description: 'A purchase execution timed out; its record may still be SUBMITTING or PENDING_PAYMENT.',
      metric: props.stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
    // An UNKNOWN outcome needs a person: the rule sends the purchaseId to the topic at once,
    // and the alarm keeps the state visible among the stack's alarms.
    this.unknownOutcomeRule = new Rule(this, 'UnknownOutcomeRule', {
      eventBus: props.eventBus,
      description: 'Notifies operators of each purchase whose outcome is unknown',
      eventPattern: { source: [OUTCOME_EVENT_SOURCE], detailType: [OUTCOME_DETAIL_TYPES.unknown] },
    });
    this.unknownOutcomeRule.addTarget(
      new SnsTopic(this.alarmTopic, {
        message: RuleTargetInput.fromText(
          `Purchase ${EventField.fromPath('$.detail.purchaseId')} ended UNKNOWN: the Partner API may or may not have created its order. Look for the order in the partner portal order list, then settle the record.`,
        ),
      }),
    );
    this.addAlarm('PurchasesUnknown', {
      description:
        'A purchase ended UNKNOWN: the Partner API may or may not have created the order. Check the partner portal order list and settle the record by hand.',
      metric: new Metric({
        namespace: 'AWS/Events',
        metricName: 'TriggeredRules',
        dimensionsMap: { EventBusName: props.eventBus.eventBusName, RuleName: this.unknownOutcomeRule.ruleName },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
    });
    this.addAlarm('RequestsDeadLettered', {
      description: 'EventBridge could not start the state machine for a "Purchase Requested" event; the event is in the dead-letter queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    });
    // At the default 10-minute schedule, two failed runs in a row leave the token about 10 minutes of life.
    this.addAlarm('TokenRefreshFailing', {
      description: 'The token refresher failed twice in a row; the Partner API token expires 30 minutes after the last renewal.',
      metric: props.tokenRefresher.metricErrors({ period: Duration.minutes(props.tokenRefreshMinutes), statistic: 'Sum' }),
      evaluationPeriods: 2,
    });
  }

  private addAlarm(id: string, options: { description: string; metric: Metric; evaluationPeriods?: number }): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}

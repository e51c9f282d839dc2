/**
 * cdk-nag wiring: the AwsSolutions rule pack runs on every synthesis, and each finding that
 * remains on purpose is acknowledged here with its reason. Wildcard findings
 * (`AwsSolutions-IAM5[...]`) are acknowledged one by one, so a new wildcard fails the synth.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

import { PurchaseFunction } from './constructs/purchase-function.js';
import type { PurchasesStack } from './stack.js';

/** Runs the AwsSolutions checks on every stack of the app when it synthesizes. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Acknowledges the findings that the stack keeps on purpose. */
export function acknowledgeFindings(stack: PurchasesStack): void {
  const functions = stack.node.findAll().filter((node): node is PurchaseFunction => node instanceof PurchaseFunction);

  for (const purchaseFunction of functions) {
    acknowledge(
      purchaseFunction.function,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the handlers are built and tested for; moving to a newer runtime is a deliberate upgrade.',
    );
    acknowledge(
      purchaseFunction.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource other than *.',
    );
  }

  const stateMachine = stack.workflow.stateMachine;
  acknowledge(
    stateMachine,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing and delivery of execution logs to CloudWatch Logs use actions that support no resource other than *.',
  );
  for (const task of new Set(Object.values(stack.workflow.tasks))) {
    const logicalId = Stack.of(task).getLogicalId(task.function.node.defaultChild as CfnFunction);
    acknowledge(
      stateMachine,
      `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      `The Lambda task grant also covers versions and aliases of the ${task.entry} function; the state machine invokes its unqualified ARN only.`,
    );
  }

  acknowledge(
    stack.tokens.credentialsSecret,
    'AwsSolutions-SMG4',
    'The client id and secret are issued in the Yeastar Partner Portal, where they are also renewed; the operator then stores the new pair. Secrets Manager cannot rotate them.',
  );
  acknowledge(
    stack.tokens.tokenSecret,
    'AwsSolutions-SMG4',
    'The token refresher replaces this value on a schedule, well within the 30-minute lifetime of the access token; rotation would add nothing.',
  );
  acknowledge(
    stack.events.deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue of the "Purchase Requested" rule target; an alarm watches its depth.',
  );
}

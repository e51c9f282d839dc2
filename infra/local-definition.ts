/**
 * The synthesized purchase state machine definition as plain JSON, for the local runtime.
 *
 * CloudFormation receives the definition as an `Fn::Join` with references to the stack's
 * resources. This module synthesizes the stack with bundling skipped and replaces those
 * references with fake but well-formed names and ARNs that contain each resource's logical
 * id. It also lists the target of each Task state, so that the local runtime can attach its
 * own handler to each state name.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

import { PurchaseFunction } from './constructs/purchase-function.js';
import type { PurchasesSettings } from './settings.js';
import { PurchasesStack } from './stack.js';

export const LOCAL_PARTITION = 'aws';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';
const LOCAL_STACK_NAME = 'YeastarPartnerPurchases';

/** A Task state that invokes one of the product's Lambda functions (`payloadResponseOnly`). */
export interface LocalLambdaTask {
  kind: 'lambda';
  /** CloudFormation logical id of the function. */
  logicalId: string;
  /** The fake ARN that the definition's `Resource` holds. */
  functionArn: string;
  /** Handler module below `functions/`, for example `tasks/create-order`. */
  entry: string;
  /** Absolute path of the handler's source file. */
  entryPath: string;
}

/** A Task state that puts events on the purchases bus (`arn:aws:states:::events:putEvents`). */
export interface LocalPutEventsTask {
  kind: 'putEvents';
  resource: string;
}

export type LocalTask = LocalLambdaTask | LocalPutEventsTask;

export interface LocalDefinition {
  /** The state machine definition, free of CloudFormation intrinsics. */
  definition: Record<string, unknown>;
  stateMachineName: string;
  stateMachineArn: string;
  /** Target of each Task state by state name, Parallel branches included. */
  tasks: Record<string, LocalTask>;
  /** The fake name that the putEvents tasks use as `EventBusName` target, and its ARN. */
  eventBusName: string;
  eventBusArn: string;
  settings: PurchasesSettings;
}

type TemplateResources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/**
 * Synthesizes the purchases stack with bundling skipped and returns its state machine
 * definition with every CloudFormation reference resolved.
 */
export function synthesizeLocalDefinition(options: { settings?: Partial<PurchasesSettings> } = {}): LocalDefinition {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PurchasesStack(app, LOCAL_STACK_NAME, { settings: options.settings });
  const resources = Template.fromStack(stack).toJSON().Resources as TemplateResources;

  const stateMachineId = stack.getLogicalId(stack.workflow.stateMachine.node.defaultChild as never);
  const definitionString = resources[stateMachineId]?.Properties?.DefinitionString;
  const definition = JSON.parse(resolveIntrinsic(definitionString, resources)) as Record<string, unknown>;

  const functionsByArn = new Map<string, PurchaseFunction>();
  for (const node of stack.node.findAll()) {
    if (node instanceof PurchaseFunction) {
      const logicalId = stack.getLogicalId(node.function.node.defaultChild as never);
      functionsByArn.set(fakeArn(logicalId, 'AWS::Lambda::Function'), node);
    }
  }

  const tasks: Record<string, LocalTask> = {};
  for (const [stateName, state] of listStates(definition)) {
    if (state.Type !== 'Task') continue;
    const resource = String(state.Resource);
    const purchaseFunction = functionsByArn.get(resource);
    if (purchaseFunction) {
      tasks[stateName] = {
        kind: 'lambda',
        logicalId: stack.getLogicalId(purchaseFunction.function.node.defaultChild as never),
        functionArn: resource,
        entry: purchaseFunction.entry,
        entryPath: purchaseFunction.entryPath,
      };
    } else if (resource.endsWith(':states:::events:putEvents')) {
      tasks[stateName] = { kind: 'putEvents', resource };
    } else {
      throw new Error(`Task state ${stateName} runs ${resource}, which the local runtime cannot run: only Lambda functions of this stack and events:putEvents are supported.`);
    }
  }

  const busId = stack.getLogicalId(stack.events.bus.node.defaultChild as never);
  return {
    definition,
    stateMachineName: stateMachineId,
    stateMachineArn: fakeArn(stateMachineId, 'AWS::StepFunctions::StateMachine'),
    tasks,
    eventBusName: busId,
    eventBusArn: fakeArn(busId, 'AWS::Events::EventBus'),
    settings: stack.settings,
  };
}

/** Yields each state with its name, including the states inside Parallel branches and Map processors. */
function* listStates(machine: Record<string, unknown>): Generator<[string, Record<string, unknown>]> {
  const states = (machine.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, state] of Object.entries(states)) {
    yield [name, state];
    for (const branch of (state.Branches ?? []) as Record<string, unknown>[]) yield* listStates(branch);
    const processor = (state.ItemProcessor ?? state.Iterator) as Record<string, unknown> | undefined;
    if (processor) yield* listStates(processor);
  }
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': LOCAL_PARTITION,
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT_ID,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': LOCAL_STACK_NAME,
};

/** Resolves the intrinsics that CDK puts into a state machine definition to plain strings. */
function resolveIntrinsic(value: unknown, resources: TemplateResources): string {
  if (typeof value === 'string') return value;

  if (value !== null && typeof value === 'object') {
    const intrinsic = value as Record<string, unknown>;
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => resolveIntrinsic(part, resources)).join(separator);
    }
    if ('Ref' in intrinsic) {
      const name = String(intrinsic.Ref);
      const pseudo = PSEUDO_PARAMETERS[name];
      if (pseudo !== undefined) return pseudo;
      requireResource(name, resources);
      // Ref of a function, bus, queue or table returns its name, and the logical id is the fake name.
      return name;
    }
    if ('Fn::GetAtt' in intrinsic) {
      const [logicalId, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
      const type = requireResource(logicalId, resources);
      return attribute === 'Arn' ? fakeArn(logicalId, type) : logicalId;
    }
  }

  throw new Error(`Cannot resolve ${JSON.stringify(value)} in the state machine definition: only Fn::Join, Ref and Fn::GetAtt are supported.`);
}

function requireResource(logicalId: string, resources: TemplateResources): string {
  const resource = resources[logicalId];
  if (!resource) throw new Error(`The state machine definition refers to ${logicalId}, which is not a resource of the stack.`);
  return resource.Type;
}

/** Builds a well-formed ARN for a resource of the given CloudFormation type, named by its logical id. */
function fakeArn(logicalId: string, type: string): string {
  const prefix = `arn:${LOCAL_PARTITION}`;
  const scope = `${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}`;
  switch (type) {
    case 'AWS::Lambda::Function':
      return `${prefix}:lambda:${scope}:function:${logicalId}`;
    case 'AWS::Events::EventBus':
      return `${prefix}:events:${scope}:event-bus/${logicalId}`;
    case 'AWS::StepFunctions::StateMachine':
      return `${prefix}:states:${scope}:stateMachine:${logicalId}`;
    case 'AWS::DynamoDB::Table':
      return `${prefix}:dynamodb:${scope}:table/${logicalId}`;
    case 'AWS::SQS::Queue':
      return `${prefix}:sqs:${scope}:${logicalId}`;
    default: {
      const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
      return `${prefix}:${service}:${scope}:${logicalId}`;
    }
  }
}

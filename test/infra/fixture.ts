/**
 * Synthesizes the purchases stack for the infrastructure tests, with bundling skipped, and
 * reads IAM grants out of the template in a form that tests can compare.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

import type { PurchasesSettings } from '../../infra/settings.js';
import { PurchasesStack } from '../../infra/stack.js';

export interface SynthesizedStack {
  app: App;
  stack: PurchasesStack;
  template: Template;
}

export function synthesizeStack(settings?: Partial<PurchasesSettings>): SynthesizedStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PurchasesStack(app, 'TestPurchases', { settings });
  return { app, stack, template: Template.fromStack(stack) };
}

let defaultStack: SynthesizedStack | undefined;

/** Returns the stack with default settings, synthesized once per test file. */
export function getDefaultStack(): SynthesizedStack {
  defaultStack ??= synthesizeStack();
  return defaultStack;
}

export function logicalIdOf(construct: IConstruct): string {
  const child = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(child as never);
}

interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/**
 * Returns every statement of the IAM policies attached to a role, as `action on resource`
 * strings, with resources replaced by the labels given (logical id -> label). A resource
 * without a label appears as its JSON.
 */
export function grantsOfRole(template: Template, roleLogicalId: string, labels: Record<string, string>): string[] {
  const grants: string[] = [];
  const policies = template.findResources('AWS::IAM::Policy');

  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles ?? []) as { Ref: string }[];
    if (!roles.some((role) => role.Ref === roleLogicalId)) continue;

    for (const statement of policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const action of actions) {
        for (const resource of resources) {
          const condition = statement.Condition ? ' if ' + JSON.stringify(statement.Condition) : '';
          grants.push(`${statement.Effect === 'Allow' ? '' : 'deny '}${action} on ${labelResource(resource, labels)}${condition}`);
        }
      }
    }
  }
  return grants.sort();
}

function labelResource(resource: unknown, labels: Record<string, string>): string {
  if (typeof resource === 'string') return resource;

  const intrinsic = resource as Record<string, unknown>;
  if (typeof intrinsic.Ref === 'string') return labels[intrinsic.Ref] ?? JSON.stringify(resource);

  const getAtt = intrinsic['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt?.[1] === 'Arn') return labels[getAtt[0]] ?? JSON.stringify(resource);

  const join = intrinsic['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map((part) => labelResource(part, labels)).join(join[0]);

  return JSON.stringify(resource);
}

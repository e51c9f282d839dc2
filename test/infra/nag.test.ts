import { App } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';

import { addNagChecks } from '../../infra/nag.js';
import { PurchasesStack } from '../../infra/stack.js';

function appWithNag(): { app: App; stack: PurchasesStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PurchasesStack(app, 'NagPurchases');
  addNagChecks(app);
  return { app, stack };
}

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes with no unacknowledged finding', () => {
    const { app } = appWithNag();

    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth on a new wildcard grant', () => {
    const { app, stack } = appWithNag();
    const role = new Role(stack, 'ExtraRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5/);
  });

  it('fails the synth on a new wildcard grant to a function role', () => {
    const { app, stack } = appWithNag();
    stack.workflow.tasks.CreateOrder.role.addToPolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::bucket'] }));

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });
});

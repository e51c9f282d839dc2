/**
 * CDK app entry (`cdk.json`: `npx tsx infra/app.ts`). Synthesizes the purchases stack and
 * runs the cdk-nag AwsSolutions checks on it; an unacknowledged finding fails the synth.
 *
 * The stack name is `YeastarPartnerPurchases` unless context `stackName` sets another.
 */
import { App } from 'aws-cdk-lib';

import { addNagChecks } from './nag.js';
import { PurchasesStack } from './stack.js';

const app = new App();
const stackName = String(app.node.tryGetContext('stackName') ?? 'YeastarPartnerPurchases');

new PurchasesStack(app, stackName, {
  description: 'Buys Yeastar Partner Portal plans and services through the Partner OpenAPI',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
addNagChecks(app);

app.synth();

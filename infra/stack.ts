/**
 * The purchases stack: storage, Partner API token refresh, the purchase workflow, the
 * event bus, the HTTP API and the alarms.
 *
 * Settings (stack prop `settings`, or CDK context with the same key, else the default):
 * - `partnerApiBaseUrl`: Partner OpenAPI base URL, default https://openapi.partner.yeastar.com
 * - `defaultBillingContactId`: billing contact for requests that name none, default empty
 *   (the partner's only billing contact)
 * - `paymentWaitSeconds`: seconds between payment checks of a PENDING_PAYMENT order, default 300
 * - `paymentCheckLimit`: payment checks before the workflow stops waiting, default 48
 * - `tokenRefreshMinutes`: minutes between scheduled token refreshes, default 10
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

import { PurchaseApi } from './constructs/api.js';
import { PurchaseEvents } from './constructs/events.js';
import { PurchaseMonitoring } from './constructs/monitoring.js';
import { PurchaseStorage } from './constructs/storage.js';
import { TokenRefresh } from './constructs/token-refresh.js';
import { PurchaseWorkflow } from './constructs/workflow.js';
import { acknowledgeFindings } from './nag.js';
import { type PurchasesSettings, resolveSettings } from './settings.js';

export interface PurchasesStackProps extends StackProps {
  settings?: Partial<PurchasesSettings>;
}

export class PurchasesStack extends Stack {
  readonly settings: PurchasesSettings;
  readonly storage: PurchaseStorage;
  readonly tokens: TokenRefresh;
  readonly events: PurchaseEvents;
  readonly workflow: PurchaseWorkflow;
  readonly api: PurchaseApi;
  readonly monitoring: PurchaseMonitoring;

  constructor(scope: Construct, id: string, props: PurchasesStackProps = {}) {
    super(scope, id, props);
    this.settings = resolveSettings(this.node, props.settings);

    this.storage = new PurchaseStorage(this, 'Storage');
    this.tokens = new TokenRefresh(this, 'TokenRefresh', { settings: this.settings, storage: this.storage });
    this.events = new PurchaseEvents(this, 'Events');
    this.workflow = new PurchaseWorkflow(this, 'Workflow', {
      settings: this.settings,
      storage: this.storage,
      tokens: this.tokens,
      eventBus: this.events.bus,
    });
    this.events.startOnPurchaseRequested(this.workflow.stateMachine);
    this.api = new PurchaseApi(this, 'Api', {
      storage: this.storage,
      tokens: this.tokens,
      stateMachine: this.workflow.stateMachine,
    });
    this.monitoring = new PurchaseMonitoring(this, 'Monitoring', {
      stateMachine: this.workflow.stateMachine,
      eventBus: this.events.bus,
      deadLetterQueue: this.events.deadLetterQueue,
      tokenRefresher: this.tokens.refresher.function,
      tokenRefreshMinutes: this.settings.tokenRefreshMinutes,
    });

    acknowledgeFindings(this);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
    new CfnOutput(this, 'PurchasesTableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'CredentialsSecretArn', {
      description: 'Store {"clientId","clientSecret"} here after the first deployment.',
      value: this.tokens.credentialsSecret.secretArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
  }
}

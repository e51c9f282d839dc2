import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import { PurchaseFunction } from '../../infra/constructs/purchase-function.js';
import { PurchasesStack } from '../../infra/stack.js';
import { getDefaultStack, logicalIdOf, synthesizeStack } from './fixture.js';

const { stack, template } = getDefaultStack();
const functions = stack.node.findAll().filter((node): node is PurchaseFunction => node instanceof PurchaseFunction);

function functionProperties(purchaseFunction: PurchaseFunction): Record<string, any> {
  return template.toJSON().Resources[logicalIdOf(purchaseFunction.function)].Properties;
}

function environmentOf(entry: string): Record<string, unknown> {
  const purchaseFunction = functions.find((fn) => fn.entry === entry);
  if (!purchaseFunction) throw new Error(`No function for ${entry}`);
  return functionProperties(purchaseFunction).Environment.Variables;
}

describe('Lambda functions', () => {
  it('has sixteen functions, one per handler', () => {
    template.resourceCountIs('AWS::Lambda::Function', 16);
    expect(functions).toHaveLength(16);
  });

  it.each(functions.map((fn) => [fn.entry, fn] as const))('%s runs Node.js 22 on arm64 with tracing', (_entry, fn) => {
    const properties = functionProperties(fn);

    expect(properties.Runtime).toBe('nodejs22.x');
    expect(properties.Architectures).toEqual(['arm64']);
    expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(properties.Handler).toBe('index.handler');
    expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalIdOf(fn.logGroup) } });
    expect(properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'yeastar-partner-purchases',
      POWERTOOLS_METRICS_NAMESPACE: 'YeastarPartnerPurchases',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    expect(properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
  });

  it('gives each function its own log group with retention', () => {
    for (const fn of functions) {
      const logGroup = template.toJSON().Resources[logicalIdOf(fn.logGroup)];

      expect(logGroup.Properties.RetentionInDays, fn.entry).toBe(30);
      expect(logGroup.DeletionPolicy, fn.entry).toBe('Retain');
    }
    expect(new Set(functions.map((fn) => logicalIdOf(fn.logGroup))).size).toBe(functions.length);
  });

  it('gives create-order more time than the other steps', () => {
    const timeouts = Object.fromEntries(functions.map((fn) => [fn.entry, functionProperties(fn).Timeout]));

    expect(timeouts['tasks/create-order']).toBe(120);
    expect(timeouts['http/create-order']).toBe(120);
    expect(timeouts['tasks/quote']).toBe(30);
    expect(timeouts['tasks/validate-request']).toBe(10);
  });

  it('sets the variables each handler reads', () => {
    const tableName = { Ref: logicalIdOf(stack.storage.table) };
    const tokenSecretArn = { Ref: logicalIdOf(stack.tokens.tokenSecret) };
    const refresherName = { Ref: logicalIdOf(stack.tokens.refresher.function) };
    const partnerApi = {
      PARTNER_API_BASE_URL: 'https://openapi.partner.yeastar.com',
      TOKEN_SECRET_ARN: tokenSecretArn,
      TOKEN_REFRESHER_FUNCTION_NAME: refresherName,
    };

    expect(environmentOf('tasks/create-order')).toMatchObject({ PURCHASES_TABLE_NAME: tableName, ...partnerApi });
    expect(environmentOf('tasks/resolve-items')).toMatchObject({ PURCHASES_TABLE_NAME: tableName, ...partnerApi });
    expect(environmentOf('tasks/check-order')).toMatchObject({ PAYMENT_CHECK_LIMIT: '48' });
    expect(environmentOf('tasks/record-purchase')).toMatchObject({ PURCHASES_TABLE_NAME: tableName });
    expect(environmentOf('tasks/record-purchase')).not.toHaveProperty('TOKEN_SECRET_ARN');
    expect(environmentOf('tasks/validate-request')).not.toHaveProperty('PURCHASES_TABLE_NAME');
    expect(environmentOf('http/start-purchase')).toMatchObject({
      PURCHASES_TABLE_NAME: tableName,
      STATE_MACHINE_ARN: { Ref: logicalIdOf(stack.workflow.stateMachine) },
    });
    expect(environmentOf('scheduled/refresh-token')).toMatchObject({
      PURCHASES_TABLE_NAME: tableName,
      TOKEN_SECRET_ARN: tokenSecretArn,
      CREDENTIALS_SECRET_ARN: { Ref: logicalIdOf(stack.tokens.credentialsSecret) },
      PARTNER_API_BASE_URL: 'https://openapi.partner.yeastar.com',
    });
  });

  it('names the credentials secret to the refresher only', () => {
    const withCredentials = functions.filter((fn) => 'CREDENTIALS_SECRET_ARN' in functionProperties(fn).Environment.Variables);

    expect(withCredentials.map((fn) => fn.entry)).toEqual(['scheduled/refresh-token']);
  });

  it('applies configured settings to the steps', () => {
    expect(environmentOf('tasks/resolve-billing-contact')).not.toHaveProperty('DEFAULT_BILLING_CONTACT_ID');

    const configured = synthesizeStack({ defaultBillingContactId: '3197218168379846218', paymentCheckLimit: 3 });
    const resolveBillingContact = configured.stack.workflow.tasks.ResolveBillingContact;
    const variables = configured.template.toJSON().Resources[logicalIdOf(resolveBillingContact.function)].Properties.Environment.Variables;

    expect(variables.DEFAULT_BILLING_CONTACT_ID).toBe('3197218168379846218');

    const checkOrder = configured.stack.workflow.tasks.CheckOrder;
    const checkOrderVariables = configured.template.toJSON().Resources[logicalIdOf(checkOrder.function)].Properties.Environment.Variables;
    expect(checkOrderVariables.PAYMENT_CHECK_LIMIT).toBe('3');
  });
});

describe('purchases table', () => {
  it('is on demand with recovery, deletion protection, encryption and TTL', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('has the byProductNo index sorted by createdAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byProductNo',
          KeySchema: [
            { AttributeName: 'productNo', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });
});

describe('secrets and token refresh', () => {
  it('has the credentials and token secrets', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
  });

  it('starts the refresher every 10 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack.tokens.refresher.function), 'Arn'] } })],
    });
  });
});

describe('event bus', () => {
  it('starts the state machine on Purchase Requested with the detail as input', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalIdOf(stack.events.bus) },
      EventPattern: {
        'detail-type': ['Purchase Requested'],
        source: [{ 'anything-but': ['yeastar.partner-purchases'] }],
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: logicalIdOf(stack.workflow.stateMachine) },
          InputPath: '$.detail',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(stack.events.deadLetterQueue), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
  });

  it('encrypts the dead-letter queue and denies requests without TLS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('HTTP API', () => {
  const routes = [
    'POST /purchases',
    'GET /purchases/{purchaseId}',
    'GET /purchases',
    'GET /catalog/{productId}',
    'GET /billing-contacts',
    'POST /orders',
  ];

  it('has every route, each with IAM authorization', () => {
    const found = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);

    expect(found.map((route) => route.RouteKey).sort()).toEqual([...routes].sort());
    for (const route of found) expect(route.AuthorizationType).toBe('AWS_IAM');
  });

  it('throttles the default stage and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalIdOf(stack.api.accessLogGroup), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });
});

describe('state machine', () => {
  it('is a Standard workflow with tracing and logs without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });
});

describe('monitoring', () => {
  it('has the operator alarms, all sent to the alarm topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    const topicRef = { Ref: logicalIdOf(stack.monitoring.alarmTopic) };

    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'TriggeredRules',
    ]);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topicRef]);
  });

  it('sends Purchase Outcome Unknown events to the alarm topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['yeastar.partner-purchases'], 'detail-type': ['Purchase Outcome Unknown'] },
      Targets: [Match.objectLike({ Arn: { Ref: logicalIdOf(stack.monitoring.alarmTopic) } })],
    });
  });

  it('encrypts the alarm topic with a rotated key', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('settings', () => {
  it('reads settings from CDK context', () => {
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        partnerApiBaseUrl: 'http://127.0.0.1:4010',
        paymentWaitSeconds: '60',
        tokenRefreshMinutes: 5,
      },
    });
    const contextStack = new PurchasesStack(app, 'ContextPurchases');

    expect(contextStack.settings).toMatchObject({
      partnerApiBaseUrl: 'http://127.0.0.1:4010',
      paymentWaitSeconds: 60,
      tokenRefreshMinutes: 5,
      paymentCheckLimit: 48,
    });
  });

  it('prefers stack props over context', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], paymentWaitSeconds: '60' } });
    const propsStack = new PurchasesStack(app, 'PropsPurchases', { settings: { paymentWaitSeconds: 30 } });

    expect(propsStack.settings.paymentWaitSeconds).toBe(30);
  });

  it('rejects a payment wait that is not a whole number of seconds', () => {
    expect(() => synthesizeStack({ paymentWaitSeconds: 1.5 })).toThrow(/paymentWaitSeconds/);
  });

  it('rejects a billing contact id that is not decimal', () => {
    expect(() => synthesizeStack({ defaultBillingContactId: 'abc' })).toThrow(/defaultBillingContactId/);
  });
});

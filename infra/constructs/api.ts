/**
 * The HTTP API: one Lambda function per route, every route behind IAM authorization
 * (callers sign requests with SigV4 and need `execute-api:Invoke` on the route).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

import { PurchaseFunction } from './purchase-function.js';
import type { PurchaseStorage } from './storage.js';
import type { TokenRefresh } from './token-refresh.js';

export interface PurchaseApiProps {
  storage: PurchaseStorage;
  tokens: TokenRefresh;
  stateMachine: IStateMachine;
  /** Steady-state requests per second for the whole API. @default 20 */
  throttleRateLimit?: number;
  /** Burst of requests the API accepts above the rate. @default 40 */
  throttleBurstLimit?: number;
}

/** A route of the HTTP API and the access of its function. */
interface RouteSpec {
  method: HttpMethod;
  path: string;
  entry: string;
  description: string;
  store: 'none' | 'read' | 'write';
  partnerApi: boolean;
  timeout?: Duration;
}

export const ROUTES: Record<string, RouteSpec> = {
  StartPurchase: { method: HttpMethod.POST, path: '/purchases', entry: 'http/start-purchase', description: 'POST /purchases: starts a purchase', store: 'read', partnerApi: false },
  GetPurchase: { method: HttpMethod.GET, path: '/purchases/{purchaseId}', entry: 'http/get-purchase', description: 'GET /purchases/{purchaseId}: returns a purchase record', store: 'read', partnerApi: false },
  ListPurchases: { method: HttpMethod.GET, path: '/purchases', entry: 'http/list-purchases', description: 'GET /purchases?productNo=: lists the purchases of one PBX', store: 'read', partnerApi: false },
  GetCatalog: { method: HttpMethod.GET, path: '/catalog/{productId}', entry: 'http/get-catalog', description: 'GET /catalog/{productId}: lists plans and services', store: 'none', partnerApi: true },
  ListBillingContacts: { method: HttpMethod.GET, path: '/billing-contacts', entry: 'http/list-billing-contacts', description: 'GET /billing-contacts: lists billing contacts', store: 'none', partnerApi: true },
  // API Gateway ends the request after 30 seconds at most, but the function may keep running
  // to finish a `save` and its reconciliation. The purchase record then shows the outcome.
  CreateOrder: { method: HttpMethod.POST, path: '/orders', entry: 'http/create-order', description: 'POST /orders: places an order from resolved ids', store: 'write', partnerApi: true, timeout: Duration.seconds(120) },
};

export class PurchaseApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly routeFunctions: Record<string, PurchaseFunction> = {};

  constructor(scope: Construct, id: string, props: PurchaseApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Yeastar partner purchases',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRateLimit ?? 20, burstLimit: props.throttleBurstLimit ?? 40 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            caller: '$context.identity.caller',
            userArn: '$context.identity.userArn',
            sourceIp: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    for (const [name, route] of Object.entries(ROUTES)) {
      const routeFunction = new PurchaseFunction(this, `${name}Function`, {
        entry: route.entry,
        description: route.description,
        timeout: route.timeout,
      });

      if (route.store !== 'none') routeFunction.function.addEnvironment('PURCHASES_TABLE_NAME', props.storage.table.tableName);
      if (route.store === 'read') props.storage.grantRecordRead(routeFunction.function);
      if (route.store === 'write') props.storage.grantRecordWrite(routeFunction.function);
      if (route.partnerApi) props.tokens.grantPartnerApiAccess(routeFunction);

      this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${name}Integration`, routeFunction.function),
      });
      this.routeFunctions[name] = routeFunction;
    }

    const startPurchase = this.routeFunctions.StartPurchase!;
    props.stateMachine.grantStartExecution(startPurchase.function);
    startPurchase.function.addEnvironment('STATE_MACHINE_ARN', props.stateMachine.stateMachineArn);
  }

  /** Base URL of the API, for example `https://abc123.execute-api.eu-west-1.amazonaws.com`. */
  get url(): string {
    return this.stage.url;
  }
}

/**
 * The Partner API credentials and token secrets, and the scheduled token refresher.
 *
 * The operator stores the partner's client id and secret in the credentials secret, and
 * only the refresher reads it. The refresher writes the access token to the token secret
 * on a schedule. Functions that call the Partner API read the token, and they may invoke
 * the refresher synchronously when the token is close to expiry or rejected.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

import type { PurchasesSettings } from '../settings.js';
import { PurchaseFunction } from './purchase-function.js';
import type { PurchaseStorage } from './storage.js';

export interface TokenRefreshProps {
  settings: PurchasesSettings;
  storage: PurchaseStorage;
}

export class TokenRefresh extends Construct {
  /** `{ "clientId": "...", "clientSecret": "..." }`, set by the operator after deployment. */
  readonly credentialsSecret: Secret;
  /** The current access token and refresh token, written by the refresher only. */
  readonly tokenSecret: Secret;
  readonly refresher: PurchaseFunction;
  readonly schedule: Rule;
  private readonly partnerApiBaseUrl: string;

  constructor(scope: Construct, id: string, props: TokenRefreshProps) {
    super(scope, id);
    this.partnerApiBaseUrl = props.settings.partnerApiBaseUrl;

    this.credentialsSecret = new Secret(this, 'ClientCredentials', {
      description: 'Yeastar Partner API client credentials as {"clientId","clientSecret"}; set by the operator.',
    });
    this.tokenSecret = new Secret(this, 'AccessToken', {
      description: 'Yeastar Partner API access token; written by the token refresher only.',
    });

    this.refresher = new PurchaseFunction(this, 'Refresher', {
      entry: 'scheduled/refresh-token',
      description: 'Renews the Yeastar Partner API access token before it expires',
      timeout: Duration.seconds(30),
      environment: {
        CREDENTIALS_SECRET_ARN: this.credentialsSecret.secretArn,
        TOKEN_SECRET_ARN: this.tokenSecret.secretArn,
        PARTNER_API_BASE_URL: props.settings.partnerApiBaseUrl,
        PURCHASES_TABLE_NAME: props.storage.table.tableName,
      },
    });
    this.credentialsSecret.grantRead(this.refresher.function);
    this.tokenSecret.grantRead(this.refresher.function);
    this.refresher.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:PutSecretValue'], resources: [this.tokenSecret.secretArn] }),
    );
    props.storage.grantTokenLease(this.refresher.function);

    this.schedule = new Rule(this, 'Schedule', {
      description: 'Starts the token refresher well before the 30-minute access token expires',
      schedule: Schedule.rate(Duration.minutes(props.settings.tokenRefreshMinutes)),
    });
    this.schedule.addTarget(
      new LambdaFunction(this.refresher.function, { retryAttempts: 2, maxEventAge: Duration.minutes(5) }),
    );
  }

  /**
   * Lets a function call the Partner API: read the token secret and invoke the refresher,
   * and sets the environment variables that name them. It gets no access to the
   * credentials secret.
   */
  grantPartnerApiAccess(consumer: PurchaseFunction): void {
    this.tokenSecret.grantRead(consumer.function);
    consumer.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.refresher.function.functionArn] }),
    );

    consumer.function.addEnvironment('PARTNER_API_BASE_URL', this.partnerApiBaseUrl);
    consumer.function.addEnvironment('TOKEN_SECRET_ARN', this.tokenSecret.secretArn);
    consumer.function.addEnvironment('TOKEN_REFRESHER_FUNCTION_NAME', this.refresher.function.functionName);
  }
}

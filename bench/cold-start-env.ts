/**
 * The servers and data that a cold-started handler needs for its first invocation:
 * dynalite with the purchases table, moto_server with the credentials and token secrets,
 * the sandbox, and a stub for the AWS services that have no local server. Every server
 * listens on 127.0.0.1.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

import { DynamoPurchaseStore } from '../functions/aws/purchase-store.js';
import { purchasesTableDefinition } from '../functions/aws/purchases-table.js';
import { systemClock } from '../functions/core/ports.js';
import type { StepDeps } from '../functions/core/settings.js';
import { PartnerApiClient } from '../functions/partner-api/client.js';
import { OAuthTokenManager } from '../functions/partner-api/oauth.js';
import { startLocalDynamo, type LocalDynamo } from '../local/dynamo.js';
import { startSandbox, type RunningSandbox } from '../local/sandbox/server.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, TUTORIAL_BILLING_CONTACT_ID } from '../local/sandbox/seed.js';
import { startAwsStub, type AwsStub } from './aws-stub.js';
import { startMotoServer, type MotoServer } from './moto.js';

const REGION = 'us-east-1';
const TABLE_NAME = 'bench-purchases';
const FAKE_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const USER_AGENT = 'OpenAPI yeastar-partner-purchases (bench)';

export interface ColdStartEnvironment {
  /** Environment variables of every cold-started process. */
  env: Record<string, string>;
  /** Steps run in this process against the same table and sandbox, to prepare records. */
  deps: StepDeps;
  sandbox: RunningSandbox;
  stub: AwsStub;
  close(): Promise<void>;
}

export async function startColdStartEnvironment(): Promise<ColdStartEnvironment> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };

  try {
    const sandbox: RunningSandbox = await startSandbox({ port: 0 });
    closers.push(() => sandbox.close());
    const dynamo: LocalDynamo = await startLocalDynamo();
    closers.push(() => dynamo.close());
    const moto: MotoServer = await startMotoServer();
    closers.push(() => moto.close());
    const stub = await startAwsStub();
    closers.push(() => stub.close());

    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials: FAKE_CREDENTIALS });
    closers.push(async () => dynamoClient.destroy());
    await dynamoClient.send(new CreateTableCommand(purchasesTableDefinition(TABLE_NAME)));

    const secrets = new SecretsManagerClient({ endpoint: moto.url, region: REGION, credentials: FAKE_CREDENTIALS });
    closers.push(async () => secrets.destroy());
    const credentialsSecret = await secrets.send(
      new CreateSecretCommand({ Name: 'bench/partner-credentials', SecretString: JSON.stringify({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }) }),
    );
    // The stack creates the token secret with a placeholder; the refresher writes the first token.
    const tokenSecret = await secrets.send(new CreateSecretCommand({ Name: 'bench/partner-token', SecretString: 'placeholder' }));

    const deps: StepDeps = {
      store: new DynamoPurchaseStore({ tableName: TABLE_NAME, client: dynamoClient }),
      partnerApi: new PartnerApiClient({
        baseUrl: sandbox.url,
        userAgent: USER_AGENT,
        tokens: new OAuthTokenManager({ baseUrl: sandbox.url, clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET, userAgent: USER_AGENT }),
      }),
      clock: systemClock,
      settings: { defaultBillingContactId: TUTORIAL_BILLING_CONTACT_ID },
    };

    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      // The stack's function environment.
      POWERTOOLS_SERVICE_NAME: 'yeastar-partner-purchases',
      POWERTOOLS_METRICS_NAMESPACE: 'YeastarPartnerPurchases',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      PURCHASES_TABLE_NAME: TABLE_NAME,
      TOKEN_SECRET_ARN: tokenSecret.ARN!,
      CREDENTIALS_SECRET_ARN: credentialsSecret.ARN!,
      PARTNER_API_BASE_URL: sandbox.url,
      DEFAULT_BILLING_CONTACT_ID: TUTORIAL_BILLING_CONTACT_ID,
      STATE_MACHINE_ARN: `arn:aws:states:${REGION}:000000000000:stateMachine:bench`,
      EVENT_BUS_NAME: 'bench-purchases',
      TOKEN_REFRESHER_FUNCTION_NAME: 'bench-refresh-token',
      // Fake account and loopback endpoints only: no request may leave this machine.
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: stub.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.url,
    };

    return { env, deps, sandbox, stub, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The local runtime: the product's handlers and the synthesized state machine, run in this
 * process against embedded DynamoDB, a token file and, by default, the Partner Portal
 * sandbox. Nothing here needs an AWS account; every server listens on 127.0.0.1.
 */
import './polyfills.js';

import { join } from 'node:path';

import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';

import { StepFunctionsStarter } from '../functions/aws/execution-starter.js';
import { logPartnerApiRetry, logger } from '../functions/aws/observability.js';
import { DynamoPurchaseStore } from '../functions/aws/purchase-store.js';
import { purchasesTableDefinition } from '../functions/aws/purchases-table.js';
import { SharedTokenProvider } from '../functions/aws/shared-token-provider.js';
import { DynamoTokenLease } from '../functions/aws/token-lease.js';
import { refreshSharedToken, type TokenRefresherDeps } from '../functions/aws/token-refresher.js';
import { systemClock } from '../functions/core/ports.js';
import type { PurchaseSettings, StepDeps } from '../functions/core/settings.js';
import { CachedLookups } from '../functions/partner-api/cached-lookups.js';
import { PartnerApiClient } from '../functions/partner-api/client.js';
import { startLocalDynamo, type LocalDynamo } from './dynamo.js';
import { LocalEventBus } from './event-bus.js';
import { startLocalHttpApi, type LocalHttpApi } from './http-api.js';
import { buildHttpRoutes } from './local-routes.js';
import { buildTaskHandlers } from './local-tasks.js';
import { loadLocalDefinition } from './local-definition.js';
import { startSandbox, type RunningSandbox, type SandboxSettings } from './sandbox/server.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, TUTORIAL_BILLING_CONTACT_ID } from './sandbox/seed.js';
import { localSfnClient } from './sfn-client.js';
import { LocalStepFunctions } from './step-functions.js';
import { FileTokenStore } from './token-file-store.js';

export const LOCAL_USER_AGENT = 'OpenAPI yeastar-partner-purchases (local)';
export const LOCAL_TABLE_NAME = 'purchases';
/** How long closing the runtime waits for running executions before it stops them, in ms. */
const DEFAULT_STOP_GRACE_MS = 10_000;

export interface LocalRuntimeOptions {
  /** Folder for purchase records, and for the token of a real Partner API; memory only when absent. */
  dataDir?: string;
  /** Port of the HTTP API; 0 picks a free one. */
  apiPort?: number;
  /** Partner API base URL. When absent, the sandbox starts in this process. */
  partnerApiBaseUrl?: string;
  /** Client credentials for `partnerApiBaseUrl`; the sandbox's when absent. */
  credentials?: { clientId: string; clientSecret: string };
  /** Port of the embedded sandbox; 0 picks a free one. */
  sandboxPort?: number;
  sandboxSettings?: Partial<SandboxSettings>;
  defaultBillingContactId?: string;
  stepSettings?: Partial<PurchaseSettings>;
  /** Wait state durations in ms, by state name (tests shorten the payment follow-up). */
  waitTimeOverrides?: Record<string, number>;
  /** Retry pauses in ms, by state name. */
  retryIntervalOverrides?: Record<string, number | number[]>;
  /**
   * How long `close` waits for running executions before it stops them, in ms. Default
   * 10 s. Executions live in memory only, so a stopped payment follow-up does not resume.
   */
  stopGraceMs?: number;
}

export interface LocalRuntime {
  apiUrl: string;
  partnerApiBaseUrl: string;
  sandbox?: RunningSandbox;
  stepFunctions: LocalStepFunctions;
  eventBus: LocalEventBus;
  store: DynamoPurchaseStore;
  stepDeps: StepDeps;
  /** Sends a "Purchase Requested" event, as another system would with PutEvents. */
  putPurchaseRequestedEvent(detail: unknown): void;
  close(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) {
      await closer().catch(() => undefined);
    }
  };

  try {
    const sandbox = options.partnerApiBaseUrl
      ? undefined
      : await startSandbox({ port: options.sandboxPort ?? 0, ...(options.sandboxSettings ? { settings: options.sandboxSettings } : {}) });
    if (sandbox) closers.push(() => sandbox.close());
    const partnerApiBaseUrl = options.partnerApiBaseUrl ?? sandbox!.url;

    const dynamo: LocalDynamo = await startLocalDynamo(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {});
    closers.push(() => dynamo.close());
    const dynamoClient = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    closers.push(async () => dynamoClient.destroy());
    await ensureTable(dynamoClient, LOCAL_TABLE_NAME);

    const store = new DynamoPurchaseStore({ tableName: LOCAL_TABLE_NAME, client: dynamoClient });
    // A sandbox started here issues tokens that die with it, so only a token of a real
    // Partner API is kept on disk for the next run.
    const keepToken = options.dataDir !== undefined && options.partnerApiBaseUrl !== undefined;
    const tokenStore = new FileTokenStore(keepToken ? join(options.dataDir!, 'secrets', 'partner-token.json') : undefined);
    const credentials = options.credentials ?? { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET };
    const refresherDeps: TokenRefresherDeps = {
      store: tokenStore,
      lease: new DynamoTokenLease({ tableName: LOCAL_TABLE_NAME, client: dynamoClient }),
      readCredentials: async () => credentials,
      baseUrl: partnerApiBaseUrl,
      userAgent: LOCAL_USER_AGENT,
      log: logger,
    };

    const partnerApi = new PartnerApiClient({
      baseUrl: partnerApiBaseUrl,
      userAgent: LOCAL_USER_AGENT,
      tokens: new SharedTokenProvider({
        store: tokenStore,
        requestRefresh: async (request) => {
          await refreshSharedToken(request, refresherDeps);
        },
      }),
      onRetry: logPartnerApiRetry,
    });

    const defaultBillingContactId =
      options.defaultBillingContactId ?? (options.partnerApiBaseUrl ? undefined : TUTORIAL_BILLING_CONTACT_ID);
    const stepDeps: StepDeps = {
      store,
      partnerApi: new CachedLookups(partnerApi),
      clock: systemClock,
      settings: { ...(defaultBillingContactId ? { defaultBillingContactId } : {}), ...options.stepSettings },
    };

    let eventBus: LocalEventBus | undefined;
    const { definition, stateMachineArn, tasks } = await loadLocalDefinition();
    const stepFunctions = new LocalStepFunctions({
      definition,
      stateMachineArn,
      handlers: await buildTaskHandlers(tasks, stepDeps, (entries) => eventBus!.putEvents(entries)),
      ...(options.waitTimeOverrides ? { waitTimeOverrides: options.waitTimeOverrides } : {}),
      ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
    });
    closers.push(() => stepFunctions.stopAll(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS));
    eventBus = new LocalEventBus((detail) => {
      stepFunctions.startExecution({ input: detail });
    });

    const starter = new StepFunctionsStarter({ stateMachineArn, store, client: localSfnClient(stepFunctions) });
    const api: LocalHttpApi = await startLocalHttpApi(buildHttpRoutes({ stepDeps, starter }), { port: options.apiPort ?? 0 });
    closers.push(() => api.close());

    return {
      apiUrl: api.url,
      partnerApiBaseUrl,
      ...(sandbox ? { sandbox } : {}),
      stepFunctions,
      eventBus,
      store,
      stepDeps,
      putPurchaseRequestedEvent: (detail) => {
        eventBus!.putEvents([{ Source: 'local', DetailType: 'Purchase Requested', Detail: detail }]);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(purchasesTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) {
      throw error;
    }
  }
}

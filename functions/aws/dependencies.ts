/**
 * Builds the AWS clients and adapters from the environment, once per container. Each
 * getter reads only the variables it needs, so a handler fails at its first use with the
 * names of the missing variables, and importing a handler module reads nothing.
 *
 * Variables: PURCHASES_TABLE_NAME, TOKEN_SECRET_ARN, CREDENTIALS_SECRET_ARN,
 * PARTNER_API_BASE_URL, DEFAULT_BILLING_CONTACT_ID (optional), STATE_MACHINE_ARN,
 * EVENT_BUS_NAME, TOKEN_REFRESHER_FUNCTION_NAME.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

import { systemClock } from '../core/ports.js';
import type { StepDeps } from '../core/settings.js';
import { CachedLookups } from '../partner-api/cached-lookups.js';
import { PartnerApiClient } from '../partner-api/client.js';
import { secretsManagerCredentials } from './credentials-secret.js';
import { EventBridgePublisher } from './event-publisher.js';
import { StepFunctionsStarter } from './execution-starter.js';
import { logger, logPartnerApiRetry } from './observability.js';
import { DynamoPurchaseStore } from './purchase-store.js';
import { lambdaRefreshRequester } from './refresh-requester.js';
import { SharedTokenProvider } from './shared-token-provider.js';
import { DynamoTokenLease } from './token-lease.js';
import type { TokenRefresherDeps } from './token-refresher.js';
import { SecretsManagerTokenStore } from './token-secret.js';

/** A required environment variable is missing or empty. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** The `User-Agent` of every Partner API request; the API requires a non-empty value. */
export const USER_AGENT = 'OpenAPI yeastar-partner-purchases';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`Missing environment variable ${name}: set it in the function configuration`);
  }
  return value;
}

/**
 * Returns a getter that builds the value at its first call. Getters below are marked
 * `@__PURE__`, so esbuild drops the ones a handler never uses, with their SDK clients.
 */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

const dynamoClient = /* @__PURE__ */ once(() => new DynamoDBClient({}));
const secretsClient = /* @__PURE__ */ once(() => new SecretsManagerClient({}));

export const purchaseStore = /* @__PURE__ */ once(
  () => new DynamoPurchaseStore({ tableName: requireEnv('PURCHASES_TABLE_NAME'), client: dynamoClient() }),
);

export const tokenStore = /* @__PURE__ */ once(() => new SecretsManagerTokenStore({ secretId: requireEnv('TOKEN_SECRET_ARN'), client: secretsClient() }));

/** The Partner API client of the step functions: shared token, refreshed by the refresher function. */
export const partnerApiClient = /* @__PURE__ */ once(
  () =>
    new PartnerApiClient({
      baseUrl: requireEnv('PARTNER_API_BASE_URL'),
      userAgent: USER_AGENT,
      tokens: new SharedTokenProvider({
        store: tokenStore(),
        requestRefresh: lambdaRefreshRequester({ functionName: requireEnv('TOKEN_REFRESHER_FUNCTION_NAME') }),
      }),
      onRetry: logPartnerApiRetry,
    }),
);

/** The steps' client: catalogue and billing-contact responses are reused for a few minutes per function instance. */
export const cachedPartnerApi = /* @__PURE__ */ once(() => new CachedLookups(partnerApiClient()));

/** Dependencies of the purchase steps. */
export const stepDeps = /* @__PURE__ */ once((): StepDeps => {
  const defaultBillingContactId = process.env.DEFAULT_BILLING_CONTACT_ID?.trim();
  const paymentCheckLimit = readPositiveInteger('PAYMENT_CHECK_LIMIT');
  return {
    store: purchaseStore(),
    partnerApi: cachedPartnerApi(),
    clock: systemClock,
    settings: {
      ...(defaultBillingContactId ? { defaultBillingContactId } : {}),
      ...(paymentCheckLimit !== undefined ? { maxOrderChecks: paymentCheckLimit } : {}),
    },
  };
});

/** Reads an optional whole-number variable; a value that is not a positive integer is a configuration error. */
function readPositiveInteger(name: string): number | undefined {
  const value = process.env[name]?.trim();
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!/^[1-9]\d*$/.test(value)) {
    throw new ConfigurationError(`Invalid environment variable ${name}="${value}": expected a positive whole number`);
  }
  return Number(value);
}

/** Returns a stand-in that throws `ConfigurationError` on any use, for a dependency a function does not have. */
export function unavailable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      throw new ConfigurationError(`This function has no ${name}, but its code used ${name}.${String(property)}`);
    },
  });
}

/** Dependencies of the purchase steps that call no Partner API (the record steps). */
export const storeOnlyStepDeps = /* @__PURE__ */ once(
  (): StepDeps => ({ store: purchaseStore(), partnerApi: unavailable('partnerApi'), clock: systemClock }),
);

/** Dependencies of a step that uses neither the store nor the Partner API (validation). */
export const noStepDeps = /* @__PURE__ */ once(
  (): StepDeps => ({ store: unavailable('store'), partnerApi: unavailable('partnerApi'), clock: systemClock }),
);

/** Dependencies of the token refresher: the only reader of the credentials secret. */
export const tokenRefresherDeps = /* @__PURE__ */ once(
  (): TokenRefresherDeps => ({
    store: tokenStore(),
    lease: new DynamoTokenLease({ tableName: requireEnv('PURCHASES_TABLE_NAME'), client: dynamoClient() }),
    readCredentials: secretsManagerCredentials(requireEnv('CREDENTIALS_SECRET_ARN')),
    baseUrl: requireEnv('PARTNER_API_BASE_URL'),
    userAgent: USER_AGENT,
    log: logger,
  }),
);

export const purchaseStarter = /* @__PURE__ */ once(
  () => new StepFunctionsStarter({ stateMachineArn: requireEnv('STATE_MACHINE_ARN'), store: purchaseStore() }),
);

export const eventPublisher = /* @__PURE__ */ once(() => new EventBridgePublisher({ eventBusName: requireEnv('EVENT_BUS_NAME') }));

import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { secretsManagerCredentials } from '../../functions/aws/credentials-secret.js';
import { SharedTokenProvider } from '../../functions/aws/shared-token-provider.js';
import { DynamoTokenLease } from '../../functions/aws/token-lease.js';
import { refreshSharedToken } from '../../functions/aws/token-refresher.js';
import type { TokenRefresherDeps } from '../../functions/aws/token-refresher.js';
import { SecretsManagerTokenStore } from '../../functions/aws/token-secret.js';
import type { StoredToken } from '../../functions/aws/token-store.js';
import { PartnerApiClient } from '../../functions/partner-api/client.js';
import { requestAccessToken } from '../../functions/partner-api/oauth.js';
import { createRefreshTokenHandler } from '../../functions/scheduled/refresh-token.js';
import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, TUTORIAL_BILLING_CONTACT_ID } from '../../local/sandbox/seed.js';
import { startDynalite } from './support/dynalite.js';
import type { LocalDynamo } from './support/dynalite.js';
import { startMoto, useLocalAwsEnvironment } from './support/moto.js';
import type { RunningMoto } from './support/moto.js';

const USER_AGENT = 'OpenAPI test';
const MINUTE = 60_000;

let moto: RunningMoto;
let dynamo: LocalDynamo;
let sandbox: RunningSandbox;
let secrets: SecretsManagerClient;
let credentialsSecretId: string;
let secretCounter = 0;

/** A fresh token secret, table and lease for each test, so that tests do not share a generation. */
let store: SecretsManagerTokenStore;
let deps: TokenRefresherDeps;

async function createSecret(value: string): Promise<string> {
  secretCounter += 1;
  const output = await secrets.send(new CreateSecretCommand({ Name: `test/token-${secretCounter}`, SecretString: value }));
  return output.ARN!;
}

async function tokenCalls(): Promise<number> {
  const response = await fetch(`${sandbox.url}/__sandbox/requests`);
  const body = (await response.json()) as { requests: { route: string }[] };
  return body.requests.filter((request) => request.route === 'token').length;
}

/** Logs in to the sandbox and stores the token with the given overrides (such as an expired `expiresAt`). */
async function storeLoggedInToken(overrides: Partial<StoredToken>): Promise<StoredToken> {
  const details = await requestAccessToken({
    baseUrl: sandbox.url,
    clientId: SANDBOX_CLIENT_ID,
    clientSecret: SANDBOX_CLIENT_SECRET,
    userAgent: USER_AGENT,
  });
  const token: StoredToken = {
    token: details.token,
    tokenHead: details.tokenHead,
    refreshToken: details.refreshToken,
    expiresAt: Date.now() + details.expiresInSeconds * 1000,
    refreshExpiresAt: Date.now() + 15 * 24 * 60 * MINUTE,
    generation: 5,
    ...overrides,
  };
  await store.write(token);
  return token;
}

function providerFor(index: number): SharedTokenProvider {
  return new SharedTokenProvider({
    store: new SecretsManagerTokenStore({ secretId: storeSecretId }),
    requestRefresh: async (request) => {
      await refreshSharedToken(request, { ...deps, ownerId: `caller-${index}` });
    },
  });
}

let storeSecretId: string;

/** Runs `action` and returns everything written to stdout and stderr meanwhile. */
async function captureOutput(action: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const capture = (chunk: unknown): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await action().catch(() => undefined);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return chunks.join('');
}

const lambdaContext = {
  functionName: 'token-refresher',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:token-refresher',
  memoryLimitInMB: '256',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/token-refresher',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAwsEnvironment({ secretsManager: moto.endpoint });
  secrets = new SecretsManagerClient({});
  dynamo = await startDynalite();
  sandbox = await startSandbox();
  credentialsSecretId = await createSecret(JSON.stringify({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET }));
});

afterAll(async () => {
  secrets?.destroy();
  await sandbox?.close();
  await dynamo?.close();
  await moto?.stop();
});

beforeEach(async () => {
  storeSecretId = await createSecret('placeholder');
  store = new SecretsManagerTokenStore({ secretId: storeSecretId });
  deps = {
    store,
    lease: new DynamoTokenLease({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client }),
    readCredentials: secretsManagerCredentials(credentialsSecretId),
    baseUrl: sandbox.url,
    userAgent: USER_AGENT,
    settings: { pollIntervalMs: 50 },
  };
});

describe('refreshSharedToken', () => {
  it('logs in when no token is stored', async () => {
    const before = await tokenCalls();

    const result = await refreshSharedToken({ reason: 'missing' }, deps);

    expect(result.method).toBe('login');
    expect(result.generation).toBe(1);
    expect(await tokenCalls()).toBe(before + 1);
    expect((await store.read({ forceFetch: true }))?.generation).toBe(1);
  });

  it('refreshes an expiring token with its refresh token', async () => {
    const old = await storeLoggedInToken({ expiresAt: Date.now() + MINUTE });
    const before = await tokenCalls();

    const result = await refreshSharedToken({ staleGeneration: 5, reason: 'expiring' }, deps);

    const stored = await store.read({ forceFetch: true });
    expect(result.method).toBe('refresh');
    expect(result.generation).toBe(6);
    expect(await tokenCalls()).toBe(before + 1);
    expect(stored?.token).not.toBe(old.token);
  });

  it('falls back to login when the refresh token is rejected', async () => {
    await storeLoggedInToken({ expiresAt: Date.now() - MINUTE, refreshToken: 'revoked-refresh-token' });
    const before = await tokenCalls();

    const result = await refreshSharedToken({ staleGeneration: 5, reason: 'rejected' }, deps);

    expect(result.method).toBe('login');
    expect(result.generation).toBe(6);
    expect(await tokenCalls()).toBe(before + 2);
  });

  it('logs in when the refresh token expired', async () => {
    await storeLoggedInToken({ expiresAt: Date.now() - MINUTE, refreshExpiresAt: Date.now() - MINUTE });
    const before = await tokenCalls();

    const result = await refreshSharedToken({ reason: 'expiring' }, deps);

    expect(result.method).toBe('login');
    expect(await tokenCalls()).toBe(before + 1);
  });

  it('keeps a token that a scheduled run finds fresh', async () => {
    await storeLoggedInToken({});
    const before = await tokenCalls();

    const result = await refreshSharedToken({ reason: 'scheduled' }, deps);

    expect(result).toMatchObject({ method: 'current', generation: 5 });
    expect(await tokenCalls()).toBe(before);
  });

  it('renews a scheduled token within the scheduled margin', async () => {
    await storeLoggedInToken({ expiresAt: Date.now() + 10 * MINUTE });

    const result = await refreshSharedToken({ reason: 'scheduled' }, deps);

    expect(result.method).toBe('refresh');
  });

  it('reuses a newer generation than the stale one', async () => {
    await storeLoggedInToken({ generation: 9 });
    const before = await tokenCalls();

    const result = await refreshSharedToken({ staleGeneration: 8, reason: 'rejected' }, deps);

    expect(result).toMatchObject({ method: 'current', generation: 9 });
    expect(await tokenCalls()).toBe(before);
  });
});

describe('SharedTokenProvider', () => {
  it('makes one token call for 10 concurrent callers', async () => {
    await storeLoggedInToken({ expiresAt: Date.now() - MINUTE });
    const before = await tokenCalls();

    const tokens = await Promise.all(Array.from({ length: 10 }, (_, index) => providerFor(index).getAccessToken()));

    expect(await tokenCalls()).toBe(before + 1);
    expect(new Set(tokens.map((token) => token.generation))).toEqual(new Set(['6']));
    expect(new Set(tokens.map((token) => token.token)).size).toBe(1);
  });

  it('serves the stored token without a refresh', async () => {
    const stored = await storeLoggedInToken({});
    const before = await tokenCalls();

    const token = await providerFor(0).getAccessToken();

    expect(token).toEqual({ token: stored.token, tokenHead: stored.tokenHead, expiresAt: stored.expiresAt, generation: '5' });
    expect(await tokenCalls()).toBe(before);
  });

  it('renews a rejected token once for two callers', async () => {
    const stored = await storeLoggedInToken({});
    const rejected = { token: stored.token, tokenHead: stored.tokenHead, expiresAt: stored.expiresAt, generation: '5' };
    const before = await tokenCalls();

    const first = await providerFor(0).renewAfterRejection(rejected);
    const second = await providerFor(1).renewAfterRejection(rejected);

    expect(first.generation).toBe('6');
    expect(second).toEqual(first);
    expect(await tokenCalls()).toBe(before + 1);
  });

  it('authorizes Partner API calls', async () => {
    await storeLoggedInToken({ expiresAt: Date.now() - MINUTE });
    const client = new PartnerApiClient({ baseUrl: sandbox.url, userAgent: USER_AGENT, tokens: providerFor(0) });

    const contacts = await client.listBillingContacts();

    expect(contacts.map((contact) => contact.billingContactId)).toContain(TUTORIAL_BILLING_CONTACT_ID);
  });
});

describe('refresh-token handler', () => {
  it('returns the generation without the token', async () => {
    const handler = createRefreshTokenHandler(deps);

    const output = await handler({ reason: 'missing' }, lambdaContext);

    const stored = await store.read({ forceFetch: true });
    expect(output).toMatchObject({ generation: 1, method: 'login' });
    expect(JSON.stringify(output)).not.toContain(stored!.token);
    expect(JSON.stringify(output)).not.toContain(stored!.refreshToken);
  });

  it('treats a scheduled event as a scheduled run', async () => {
    await storeLoggedInToken({});
    const handler = createRefreshTokenHandler(deps);

    const output = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, lambdaContext);

    expect(output).toMatchObject({ generation: 5, method: 'current' });
  });

  it('rejects an invalid staleGeneration', async () => {
    const handler = createRefreshTokenHandler(deps);

    await expect(handler({ staleGeneration: 'abc' }, lambdaContext)).rejects.toThrow(/staleGeneration/);
  });

  it('logs no token or secret', async () => {
    const old = await storeLoggedInToken({ expiresAt: Date.now() - MINUTE, refreshToken: 'revoked-refresh-token-value' });
    const handler = createRefreshTokenHandler({ ...deps, log: (await import('../../functions/aws/observability.js')).logger });

    const output = await captureOutput(() => handler({ staleGeneration: 5, reason: 'rejected' }, lambdaContext));

    const renewed = await store.read({ forceFetch: true });
    expect(renewed?.generation).toBe(6);
    expect(output).toContain('Renewed the Partner API token');
    for (const secret of [old.token, 'revoked-refresh-token-value', renewed!.token, renewed!.refreshToken, SANDBOX_CLIENT_SECRET]) {
      expect(output).not.toContain(secret);
    }
  });

  it('logs a failed login without the client secret', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'token', kind: 'status', status: 401, times: 1 }),
    });
    const handler = createRefreshTokenHandler({ ...deps, log: (await import('../../functions/aws/observability.js')).logger });
    let thrown: unknown;

    const output = await captureOutput(async () => {
      thrown = await handler({ reason: 'missing' }, lambdaContext).catch((error: unknown) => error);
    });
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' });

    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).stack).not.toContain('.ts:');
    expect(output).toContain('Token refresh failed');
    expect(output).not.toContain(SANDBOX_CLIENT_SECRET);
    expect((thrown as Error).message).not.toContain(SANDBOX_CLIENT_SECRET);
  });
});

describe('logger', () => {
  it('redacts token attributes', async () => {
    const { logger } = await import('../../functions/aws/observability.js');

    const output = await captureOutput(async () => {
      logger.info('attribute check', { token: 'visible-token-value', nested: { refreshToken: 'visible-refresh-value' }, generation: 3 });
    });

    expect(output).toContain('attribute check');
    expect(output).toContain('"generation":3');
    expect(output).not.toContain('visible-token-value');
    expect(output).not.toContain('visible-refresh-value');
  });
});

import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { secretsManagerCredentials } from '../../functions/aws/credentials-secret.js';
import { CredentialsSecretError } from '../../functions/aws/token-errors.js';
import { DynamoTokenLease } from '../../functions/aws/token-lease.js';
import { SecretsManagerTokenStore } from '../../functions/aws/token-secret.js';
import type { StoredToken } from '../../functions/aws/token-store.js';
import { startDynalite } from './support/dynalite.js';
import type { LocalDynamo } from './support/dynalite.js';
import { startMoto, useLocalAwsEnvironment } from './support/moto.js';
import type { RunningMoto } from './support/moto.js';

let moto: RunningMoto;
let dynamo: LocalDynamo;
let secrets: SecretsManagerClient;
let secretCounter = 0;

const TOKEN: StoredToken = {
  token: 'header.payload.signature',
  tokenHead: 'Bearer ',
  refreshToken: 'refresh-1',
  expiresAt: 1_800_000_000_000,
  refreshExpiresAt: 1_801_000_000_000,
  generation: 7,
};

async function createSecret(value?: string): Promise<string> {
  secretCounter += 1;
  const output = await secrets.send(
    new CreateSecretCommand({ Name: `test/secret-${secretCounter}`, ...(value === undefined ? {} : { SecretString: value }) }),
  );
  return output.ARN!;
}

beforeAll(async () => {
  moto = await startMoto();
  useLocalAwsEnvironment({ secretsManager: moto.endpoint });
  secrets = new SecretsManagerClient({});
  dynamo = await startDynalite();
});

afterAll(async () => {
  secrets?.destroy();
  await dynamo?.close();
  await moto?.stop();
});

describe('SecretsManagerTokenStore', () => {
  it('reads back a written token', async () => {
    const store = new SecretsManagerTokenStore({ secretId: await createSecret('{}') });

    await store.write(TOKEN);

    expect(await store.read({ forceFetch: true })).toEqual(TOKEN);
  });

  it('reads the latest value after a second write', async () => {
    const store = new SecretsManagerTokenStore({ secretId: await createSecret(JSON.stringify(TOKEN)) });
    expect((await store.read())?.generation).toBe(7);

    await store.write({ ...TOKEN, generation: 8 });

    expect((await store.read())?.generation).toBe(7);
    expect((await store.read({ forceFetch: true }))?.generation).toBe(8);
  });

  it.each([
    ['a placeholder that is not JSON', 'placeholder'],
    ['an empty object', '{}'],
    ['a token without refreshToken', JSON.stringify({ ...TOKEN, refreshToken: undefined })],
  ])('returns undefined for %s', async (_case, value) => {
    const store = new SecretsManagerTokenStore({ secretId: await createSecret(value) });

    expect(await store.read({ forceFetch: true })).toBeUndefined();
  });

  it('returns undefined for a secret without a value', async () => {
    const store = new SecretsManagerTokenStore({ secretId: await createSecret() });

    expect(await store.read({ forceFetch: true })).toBeUndefined();
  });
});

describe('secretsManagerCredentials', () => {
  it('reads clientId and clientSecret', async () => {
    const read = secretsManagerCredentials(await createSecret(JSON.stringify({ clientId: 'id-1', clientSecret: 'secret-1' })));

    expect(await read()).toEqual({ clientId: 'id-1', clientSecret: 'secret-1' });
  });

  it.each([
    ['no value', undefined],
    ['invalid JSON', 'not-json-secret-value'],
    ['a missing clientSecret', JSON.stringify({ clientId: 'id-1' })],
  ])('rejects %s without echoing the value', async (_case, value) => {
    const read = secretsManagerCredentials(await createSecret(value));

    const error = await read().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CredentialsSecretError);
    expect((error as Error).message).toContain('clientSecret');
    expect((error as Error).message).not.toContain('not-json-secret-value');
  });
});

describe('DynamoTokenLease', () => {
  it('grants the lease to one of 10 owners', async () => {
    const lease = new DynamoTokenLease({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client });

    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => lease.acquire(`owner-${index}`, 10_000)));

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('grants the lease again after release', async () => {
    const lease = new DynamoTokenLease({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client });
    await lease.acquire('first', 10_000);

    await lease.release('first');

    expect(await lease.acquire('second', 10_000)).toBe(true);
  });

  it('keeps the lease when another owner releases', async () => {
    const lease = new DynamoTokenLease({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client });
    await lease.acquire('first', 10_000);

    await lease.release('second');

    expect(await lease.acquire('third', 10_000)).toBe(false);
  });

  it('grants an expired lease to another owner', async () => {
    let now = 1_000_000;
    const lease = new DynamoTokenLease({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client, clock: { now: () => now } });
    await lease.acquire('crashed', 10_000);

    now += 10_001;

    expect(await lease.acquire('next', 10_000)).toBe(true);
  });
});

/**
 * The shared Partner API token in a Secrets Manager secret, as JSON
 * `{token, tokenHead, refreshToken, expiresAt, refreshExpiresAt, generation}`.
 *
 * Reads without `forceFetch` go through the Powertools parameters cache, so a container
 * that runs one invocation at a time calls Secrets Manager for them about once per
 * `maxAgeSeconds`.
 */
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

import { parseJson } from '../partner-api/json.js';
import { parseStoredToken } from './token-store.js';
import type { StoredToken, TokenReadOptions, TokenStore } from './token-store.js';

export interface SecretsManagerTokenStoreOptions {
  /** Name or ARN of the token secret. */
  secretId: string;
  /** How long a read value is served from the cache, in seconds. Default 5. */
  maxAgeSeconds?: number;
  client?: SecretsManagerClient;
}

export class SecretsManagerTokenStore implements TokenStore {
  private readonly secretId: string;
  private readonly maxAgeSeconds: number;
  private readonly client: SecretsManagerClient;

  constructor(options: SecretsManagerTokenStoreOptions) {
    this.secretId = options.secretId;
    this.maxAgeSeconds = options.maxAgeSeconds ?? 5;
    this.client = options.client ?? new SecretsManagerClient({});
  }

  async read(options: TokenReadOptions = {}): Promise<StoredToken | undefined> {
    const text = await readSecretString(this.secretId, { maxAgeSeconds: this.maxAgeSeconds, forceFetch: options.forceFetch ?? false });
    if (text === undefined) {
      return undefined;
    }
    try {
      return parseStoredToken(parseJson(text));
    } catch {
      // A placeholder value that is not JSON means that no token was written yet.
      return undefined;
    }
  }

  async write(token: StoredToken): Promise<void> {
    await this.client.send(new PutSecretValueCommand({ SecretId: this.secretId, SecretString: JSON.stringify(token) }));
  }
}

/**
 * Reads the AWSCURRENT value of a secret through the Powertools cache. Returns `undefined`
 * when the secret has no value yet; other failures are thrown.
 */
export async function readSecretString(
  secretId: string,
  options: { maxAgeSeconds: number; forceFetch: boolean },
): Promise<string | undefined> {
  try {
    const value = await getSecret(secretId, {
      maxAge: options.maxAgeSeconds,
      forceFetch: options.forceFetch,
      // Without an explicit stage, some implementations return the previous value for a
      // moment after PutSecretValue moved AWSCURRENT.
      sdkOptions: { VersionStage: 'AWSCURRENT' },
    });
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : new TextDecoder().decode(value);
  } catch (error) {
    if (isResourceNotFound(error)) return undefined;
    throw error;
  }
}

function isResourceNotFound(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return (
    (error instanceof Error && error.name === 'ResourceNotFoundException') ||
    (cause instanceof Error && cause.name === 'ResourceNotFoundException')
  );
}

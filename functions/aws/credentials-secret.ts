/**
 * The Partner API client credentials in a Secrets Manager secret, as JSON
 * `{clientId, clientSecret}`. Only the token refresher reads it.
 */
import * as z from 'zod';

import { parseJson } from '../partner-api/json.js';
import { CredentialsSecretError } from './token-errors.js';
import { readSecretString } from './token-secret.js';

const credentialsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type ClientCredentials = z.infer<typeof credentialsSchema>;

/**
 * Returns a reader of the credentials secret, cached for `maxAgeSeconds` (default 300).
 * Throws `CredentialsSecretError` when the secret is missing or is not `{clientId, clientSecret}`;
 * the message never contains the secret value.
 */
export function secretsManagerCredentials(
  secretId: string,
  options: { maxAgeSeconds?: number } = {},
): () => Promise<ClientCredentials> {
  return async () => {
    const text = await readSecretString(secretId, { maxAgeSeconds: options.maxAgeSeconds ?? 300, forceFetch: false });
    const expected = 'set it to JSON {"clientId": "...", "clientSecret": "..."} from the Partner Portal page System > API';
    if (text === undefined) {
      throw new CredentialsSecretError(`Credentials secret ${secretId} has no value: ${expected}`);
    }

    let value: unknown;
    try {
      value = parseJson(text);
    } catch {
      throw new CredentialsSecretError(`Credentials secret ${secretId} is not valid JSON: ${expected}`);
    }

    const result = credentialsSchema.safeParse(value);
    if (!result.success) {
      const fields = result.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
      throw new CredentialsSecretError(`Credentials secret ${secretId} is missing or has invalid fields (${fields}): ${expected}`);
    }
    return result.data;
  };
}

/**
 * The shared Partner API token as it is stored between functions, and the interface of
 * its store. On AWS the store is a Secrets Manager secret (`token-secret.ts`); the local
 * runtime may keep it in a file.
 */
import * as z from 'zod';

import type { AccessToken } from '../partner-api/token.js';

/** The stored token: the JSON value of the token secret. Times are epoch milliseconds. */
export const storedTokenSchema = z.object({
  token: z.string().min(1),
  tokenHead: z.string(),
  refreshToken: z.string().min(1),
  expiresAt: z.number().int(),
  refreshExpiresAt: z.number().int(),
  /** Counts the tokens written so far; each refresh or login writes the next number. */
  generation: z.number().int().nonnegative(),
});
export type StoredToken = z.infer<typeof storedTokenSchema>;

export interface TokenReadOptions {
  /** Skips any cache and reads the stored value. */
  forceFetch?: boolean;
}

export interface TokenStore {
  /** Returns the stored token, or `undefined` when none is stored or the stored value is not a token. */
  read(options?: TokenReadOptions): Promise<StoredToken | undefined>;
  write(token: StoredToken): Promise<void>;
}

/** Parses a stored value; anything that is not a complete token counts as no token. */
export function parseStoredToken(value: unknown): StoredToken | undefined {
  const result = storedTokenSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** Converts a stored token to the fields the Partner API client needs, without the refresh token. */
export function toAccessToken(stored: StoredToken): AccessToken {
  return {
    token: stored.token,
    tokenHead: stored.tokenHead,
    expiresAt: stored.expiresAt,
    generation: String(stored.generation),
  };
}

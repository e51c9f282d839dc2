/**
 * Errors of the shared token machinery. None of them carries a token, a refresh token or
 * a client secret. Each `name` equals the class name so that Step Functions can match it.
 */

/** No usable Partner API token could be obtained from the shared store. */
export class TokenUnavailableError extends Error {
  override name = 'TokenUnavailableError';
}

/** Waiting for another caller's token refresh timed out. */
export class TokenRefreshTimeoutError extends Error {
  override name = 'TokenRefreshTimeoutError';
}

/** The token refresher function failed; `refresherError` is the name of its error. */
export class TokenRefreshFailedError extends Error {
  override name = 'TokenRefreshFailedError';

  constructor(
    message: string,
    readonly refresherError?: string,
  ) {
    super(message);
  }
}

/** The client-credentials secret is missing or does not contain `{clientId, clientSecret}`. */
export class CredentialsSecretError extends Error {
  override name = 'CredentialsSecretError';
}

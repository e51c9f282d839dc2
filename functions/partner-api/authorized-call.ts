/**
 * One authorized Partner API call with the client's retry policy: the token is taken
 * from the provider, an authentication failure renews it once and repeats the call, and
 * retryable failures are repeated with backoff.
 */
import type * as z from 'zod';
import { PartnerApiAuthenticationError, PartnerApiError } from './errors.js';
import { sendRequest, type PartnerRequest, type Transport } from './http.js';
import { retryDelay, type ResolvedRetryOptions, type RetryInfo } from './retry.js';
import { authorizationHeader, type AccessToken, type AccessTokenProvider } from './token.js';

/** A request without the token-dependent parts, which the call fills in per attempt. */
export type UnauthorizedRequest = Omit<PartnerRequest, 'authorization' | 'secrets' | 'isTokenCall'>;

export interface CallContext {
  transport: Transport;
  tokens: AccessTokenProvider;
  retry: ResolvedRetryOptions;
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

/** Sends `request` until it succeeds or fails in a way the retry policy does not repeat. */
export async function callWithRetries<S extends z.ZodType>(context: CallContext, request: UnauthorizedRequest, resultSchema: S): Promise<z.output<S>> {
  let attempt = 1;
  let retries = 0;
  let renewed = false;
  let rejectedToken: AccessToken | undefined;

  for (;;) {
    let token: AccessToken | undefined;
    try {
      // A failed renewal goes through the retry policy below, like any other failure.
      token = rejectedToken === undefined ? await context.tokens.getAccessToken() : await context.tokens.renewAfterRejection(rejectedToken);
      rejectedToken = undefined;
      return await sendRequest(
        context.transport,
        { ...request, authorization: authorizationHeader(token), secrets: [token.token], isTokenCall: false },
        resultSchema,
      );
    } catch (error) {
      // A token the API rejected is renewed once; a failed token call is not an API rejection.
      if (error instanceof PartnerApiAuthenticationError && error.route === request.route && token !== undefined && !renewed) {
        renewed = true;
        rejectedToken = token;
        attempt += 1;
        context.onRetry?.({ route: request.route, attempt, delayMs: 0, error });
        continue;
      }

      retries += 1;
      const delayMs = retryDelay(error, retries, context.retry);
      if (delayMs === undefined || !(error instanceof PartnerApiError)) {
        throw error;
      }

      attempt += 1;
      context.onRetry?.({ route: request.route, attempt, delayMs, error });
      await context.retry.sleep(delayMs);
    }
  }
}

/** Requests a coordinated token refresh by invoking the refresher function synchronously. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

import { parseJson } from '../partner-api/json.js';
import type { RefreshRequester } from './shared-token-provider.js';
import { TokenRefreshFailedError } from './token-errors.js';

export interface LambdaRefreshRequesterOptions {
  /** Name or ARN of the refresher function. */
  functionName: string;
  client?: LambdaClient;
}

/**
 * Returns a `RefreshRequester` that invokes the refresher function with
 * `{staleGeneration, reason}` and waits for it. Throws `TokenRefreshFailedError` with the
 * name of the refresher's error when the function failed.
 */
export function lambdaRefreshRequester(options: LambdaRefreshRequesterOptions): RefreshRequester {
  const client = options.client ?? new LambdaClient({});

  return async (request) => {
    const output = await client.send(
      new InvokeCommand({
        FunctionName: options.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    if (output.FunctionError === undefined) {
      return;
    }

    const refresherError = errorTypeOf(output.Payload);
    throw new TokenRefreshFailedError(
      `Token refresher ${options.functionName} failed with ${refresherError ?? output.FunctionError}; check its logs`,
      refresherError,
    );
  };
}

/** Reads `errorType` from a Lambda error payload; the message is left out because it is not needed here. */
function errorTypeOf(payload: Uint8Array | undefined): string | undefined {
  if (payload === undefined) return undefined;
  try {
    const body = parseJson(new TextDecoder().decode(payload)) as { errorType?: unknown };
    return typeof body.errorType === 'string' ? body.errorType : undefined;
  } catch {
    return undefined;
  }
}

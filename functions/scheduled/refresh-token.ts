/**
 * The token refresher function. A schedule invokes it every few minutes to renew the
 * shared Partner API token ahead of expiry. Step functions invoke it synchronously with
 * `{staleGeneration, reason}` when their token is missing, expiring or rejected. It
 * returns the generation and expiry, never the token.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';

import { tokenRefresherDeps } from '../aws/dependencies.js';
import { errorFields, logger, metrics, metricsMiddleware, MetricUnit } from '../aws/observability.js';
import { refreshSharedToken } from '../aws/token-refresher.js';
import type { RefreshResult, TokenRefresherDeps } from '../aws/token-refresher.js';
import { toTaskError } from '../tasks/task-handler.js';

/**
 * A request from a step function, or a schedule's event (which carries neither field and
 * counts as `scheduled`). Other fields of scheduled events are ignored.
 */
const refreshEventSchema = z.looseObject({
  staleGeneration: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  reason: z.enum(['scheduled', 'missing', 'expiring', 'rejected']).optional(),
});

export interface RefreshTokenOutput {
  generation: number;
  expiresAt: string;
  method: RefreshResult['method'];
}

export function createRefreshTokenHandler(deps: TokenRefresherDeps | (() => TokenRefresherDeps)) {
  const run = async (event: unknown): Promise<RefreshTokenOutput> => {
    const parsed = refreshEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw toTaskError(new TypeError(`Invalid token refresh request: invalid ${fields}; send {staleGeneration?: integer, reason?}`));
    }
    const { staleGeneration, reason = 'scheduled' } = parsed.data;

    try {
      const result = await refreshSharedToken(
        staleGeneration === undefined ? { reason } : { staleGeneration, reason },
        typeof deps === 'function' ? deps() : deps,
      );
      metrics.addMetric(result.method === 'current' ? 'TokenReused' : 'TokenRenewed', MetricUnit.Count, 1);
      return { generation: result.generation, expiresAt: new Date(result.expiresAt).toISOString(), method: result.method };
    } catch (error) {
      logger.error('Token refresh failed', { reason, staleGeneration, ...errorFields(error) });
      metrics.addMetric('TokenRefreshFailed', MetricUnit.Count, 1);
      throw toTaskError(error);
    }
  };

  return middy<unknown, RefreshTokenOutput, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metricsMiddleware())
    .handler(run);
}

export const handler = createRefreshTokenHandler(tokenRefresherDeps);

/**
 * Powertools Logger and Metrics shared by every handler of a container.
 *
 * Handlers append `purchaseId` for the length of an invocation (`logger.appendKeys`, reset
 * by `injectLambdaContext({ resetKeys: true })`), and the Yeastar `requestId` of a failed
 * Partner API call is logged with that failure. Nothing here logs an event, a token or a
 * secret: log lines carry ids, names and statuses only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'partner-purchases';

/** Log attribute names whose string values are replaced, as a second guard after not logging them. */
const SENSITIVE_KEY = /^(?:token|accessToken|refreshToken|clientSecret|authorization|secretString)$/i;

export const logger = new Logger({
  serviceName,
  jsonReplacerFn: (key, value) => (SENSITIVE_KEY.test(key) && typeof value === 'string' ? '[redacted]' : value),
});

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'YeastarPartnerPurchases',
});

/** Details the Partner API client passes to `onRetry` before it retries a call. */
export interface RetryInfo {
  route: string;
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * The purchase an invocation works on. Lambda runs one invocation per instance at a time,
 * but the local runtime runs many in one process, where the logger's appended keys of one
 * invocation would label another's lines.
 */
const purchaseContext = new AsyncLocalStorage<{ purchaseId: string }>();

/** Runs `work` with `purchaseId` as the purchase that retry log lines name. */
export function withPurchaseId<T>(purchaseId: string | undefined, work: () => Promise<T>): Promise<T> {
  return purchaseId === undefined ? work() : purchaseContext.run({ purchaseId }, work);
}

/** Logs one line per Partner API retry and counts it; pass it as the client's `onRetry`. */
export function logPartnerApiRetry(info: RetryInfo): void {
  const purchaseId = purchaseContext.getStore()?.purchaseId;
  logger.warn('Retrying Partner API call', {
    ...(purchaseId === undefined ? {} : { purchaseId }),
    route: info.route,
    attempt: info.attempt,
    delayMs: info.delayMs,
    ...errorFields(info.error),
  });
  metrics.addMetric('PartnerApiRetries', MetricUnit.Count, 1);
}

/**
 * Returns the loggable fields of an error: its name and message, plus the Yeastar
 * `requestId`, route and HTTP status of a Partner API error. No stack trace is included.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    return { errorName: typeof error };
  }
  const fields: Record<string, unknown> = { errorName: error.name, errorMessage: error.message };
  const details = error as Error & { requestId?: unknown; route?: unknown; httpStatus?: unknown };
  if (typeof details.requestId === 'string') fields.requestId = details.requestId;
  if (typeof details.route === 'string') fields.route = details.route;
  if (typeof details.httpStatus === 'number') fields.httpStatus = details.httpStatus;
  return fields;
}

export { MetricUnit };

/**
 * Returns Powertools' logMetrics middleware, or one that does nothing when metrics are
 * switched off (POWERTOOLS_METRICS_DISABLED=true, as the local runtime and the tests run).
 * Handlers running concurrently in one process share `metrics`, so one would publish and
 * clear the other's metrics and Powertools would warn about empty metrics.
 */
export function metricsMiddleware(): MiddlewareObj {
  return process.env.POWERTOOLS_METRICS_DISABLED === 'true' ? { before: () => undefined } : logMetrics(metrics);
}

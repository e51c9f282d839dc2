/**
 * The shared shape of the HTTP API handlers (API Gateway HTTP API, payload format 2.0):
 * run the route, write JSON with ids as strings, and turn errors into
 * `{ "error": { "code", "message", "details" } }` without a stack trace.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

import { errorFields, logger, metrics, metricsMiddleware, MetricUnit } from '../aws/observability.js';
import { stringifyJson } from '../partner-api/json.js';
import { toHttpError } from './http-errors.js';

export interface HttpResult {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type HttpRoute = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

export type HttpHandler = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;

/** Dependencies, or a function that builds them at the first request. */
export type DepsSource<T> = T | (() => T | Promise<T>);

export async function resolveDeps<T>(source: DepsSource<T>): Promise<T> {
  return typeof source === 'function' ? await (source as () => T | Promise<T>)() : source;
}

export function jsonResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.statusCode,
    headers: { 'content-type': 'application/json', ...result.headers },
    body: stringifyJson(result.body),
  };
}

export function createHttpHandler(routeName: string, route: HttpRoute): HttpHandler {
  const run = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const result = await route(event, context);
      metrics.addMetric('HttpRequests', MetricUnit.Count, 1);
      return jsonResponse(result);
    } catch (error) {
      const httpError = toHttpError(error);
      if (httpError !== undefined) {
        logger.info('Request failed', { route: routeName, statusCode: httpError.statusCode, ...errorFields(error) });
        metrics.addMetric(httpError.statusCode >= 500 ? 'HttpServerErrors' : 'HttpClientErrors', MetricUnit.Count, 1);
        return jsonResponse({
          statusCode: httpError.statusCode,
          headers: httpError.headers,
          body: { error: { code: httpError.code, message: httpError.message, details: httpError.details } },
        });
      }

      logger.error('Unexpected error', { route: routeName, ...errorFields(error) });
      metrics.addMetric('HttpServerErrors', MetricUnit.Count, 1);
      return jsonResponse({
        statusCode: 500,
        body: {
          error: {
            code: 'internal_error',
            message: `Internal error; quote request id ${context.awsRequestId ?? 'unknown'} when reporting it`,
            details: {},
          },
        },
      });
    }
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metricsMiddleware())
    .use({
      before: () => {
        // With metrics switched off (the local runtime runs many handlers concurrently in
        // one process), a shared dimension would only produce overwrite warnings.
        if (process.env.POWERTOOLS_METRICS_DISABLED !== 'true') {
          metrics.addDimension('route', routeName);
        }
      },
    })
    .handler(run);
}

/** API Gateway HTTP API (payload format 2.0) events and a Lambda context for handler tests. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

import { parseJson } from '../../../functions/partner-api/json.js';

export interface EventOptions {
  method: 'GET' | 'POST';
  path: string;
  routeKey: string;
  body?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  isBase64Encoded?: boolean;
}

export function httpEvent(options: EventOptions): APIGatewayProxyEventV2 {
  const query = new URLSearchParams(options.queryStringParameters ?? {}).toString();
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: options.path,
    rawQueryString: query,
    headers: { host: 'api.example.test', 'user-agent': 'test', ...options.headers },
    ...(options.queryStringParameters === undefined ? {} : { queryStringParameters: options.queryStringParameters }),
    ...(options.pathParameters === undefined ? {} : { pathParameters: options.pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test-api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method: options.method, path: options.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: options.routeKey,
      stage: '$default',
      time: '04/Dec/2026:20:00:00 +0000',
      timeEpoch: 1_796_414_400_000,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

/** Builds a POST event with a JSON body. */
export function postJson(path: string, routeKey: string, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return httpEvent({
    method: 'POST',
    path,
    routeKey,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'test-function',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test-function',
  memoryLimitInMB: '256',
  awsRequestId: 'test-invocation',
  logGroupName: '/aws/lambda/test-function',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

export interface ParsedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: Record<string, any>;
}

export function parseResponse(result: APIGatewayProxyStructuredResultV2): ParsedResponse {
  return {
    statusCode: result.statusCode ?? 0,
    headers: (result.headers ?? {}) as Record<string, unknown>,
    body: parseJson(result.body ?? 'null') as Record<string, any>,
  };
}

/**
 * The HTTP API on loopback: turns each request into an API Gateway HTTP API (payload
 * version 2.0) event and runs the same handler that the stack deploys for the route.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string>;

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Path with `{name}` parameters, as in the stack's route keys. */
  path: string;
  handler: HttpHandler;
}

/** Bodies above this size are rejected before a handler runs, as API Gateway rejects over 10 MB. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface LocalHttpApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startLocalHttpApi(routes: readonly HttpRoute[], options: { port?: number } = {}): Promise<LocalHttpApi> {
  const server = createServer((request, response) => {
    handle(routes, request, response).catch(() => {
      if (!response.headersSent) {
        sendError(response, 500, 'InternalError', 'The local HTTP API failed to run the handler; see the runtime log.');
      } else {
        response.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(routes: readonly HttpRoute[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  const match = matchRoute(routes, method, url.pathname);

  if (!match) {
    const pathExists = routes.some((route) => matchPath(route.path, url.pathname));
    if (pathExists) {
      sendError(response, 405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}.`);
    } else {
      sendError(response, 404, 'NotFound', `No route for ${method} ${url.pathname}.`);
    }
    return;
  }

  const body = await readBody(request);
  if (body === undefined) {
    sendError(response, 413, 'PayloadTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    return;
  }

  const event = toEvent(request, url, match.route, match.pathParameters, body);
  const result = await match.route.handler(event, fakeContext(match.route));
  const structured: APIGatewayProxyStructuredResultV2 = typeof result === 'string' ? { statusCode: 200, body: result } : result;

  response.writeHead(structured.statusCode ?? 200, { 'content-type': 'application/json', ...stringHeaders(structured.headers) });
  response.end(structured.body ?? '');
}

function matchRoute(routes: readonly HttpRoute[], method: string, pathname: string) {
  for (const route of routes) {
    if (route.method !== method) {
      continue;
    }
    const pathParameters = matchPath(route.path, pathname);
    if (pathParameters) {
      return { route, pathParameters };
    }
  }
  return undefined;
}

function matchPath(template: string, pathname: string): Record<string, string> | undefined {
  const templateParts = template.split('/');
  const pathParts = pathname.replace(/\/+$/, '').split('/');
  if (templateParts.length !== pathParts.length) {
    return undefined;
  }

  const parameters: Record<string, string> = {};
  for (const [index, part] of templateParts.entries()) {
    const actual = pathParts[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (actual === '') {
        return undefined;
      }
      parameters[part.slice(1, -1)] = decodeURIComponent(actual);
    } else if (part !== actual) {
      return undefined;
    }
  }
  return parameters;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  route: HttpRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
  }

  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = queryStringParameters[name] === undefined ? value : `${queryStringParameters[name]},${value}`;
  }

  const routeKey = `${route.method} ${route.path}`;
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  };
}

/** Builds a Lambda context for handlers that run in this process. */
export function fakeContext(route: { path: string } | string): Context {
  const name = typeof route === 'string' ? route : route.path;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${name.replace(/[^A-Za-z0-9-]/g, '-')}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function stringHeaders(headers: APIGatewayProxyStructuredResultV2['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    result[name] = String(value);
  }
  return result;
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { code, message, details: {} } }));
}

/**
 * A loopback stand-in for the AWS services that the cold-start runs have no local server
 * for (Step Functions, Lambda, EventBridge). It returns a minimal success response to each call
 * and counts the calls by `X-Amz-Target` or path, so that no handler sends a request to AWS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsStub {
  url: string;
  /** Calls received, by operation. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

function answer(target: string | undefined, path: string): unknown {
  if (target?.endsWith('.StartExecution')) {
    return { executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bench:bench', startDate: Date.now() / 1000 };
  }
  if (target?.endsWith('.PutEvents')) {
    return { Entries: [{ EventId: 'bench' }], FailedEntryCount: 0 };
  }
  if (path.includes('/functions/') && path.endsWith('/invocations')) {
    return { generation: 0, expiresAt: new Date().toISOString(), method: 'current' };
  }
  return {};
}

export async function startAwsStub(): Promise<AwsStub> {
  const calls = new Map<string, number>();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = request.headers['x-amz-target'] as string | undefined;
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const operation = target ?? `${request.method} ${path}`;
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      const body = JSON.stringify(answer(target, path));
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(Buffer.byteLength(body)) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Runs moto_server as a subprocess on 127.0.0.1 and points the AWS SDK at it through the
 * environment, with a fake region and fake credentials.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RunningMoto {
  endpoint: string;
  stop(): Promise<void>;
}

/** Sets the environment that keeps every SDK client on loopback with fake credentials. */
export function useLocalAwsEnvironment(endpoints: { secretsManager?: string; dynamodb?: string }): void {
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  if (endpoints.secretsManager !== undefined) process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoints.secretsManager;
  if (endpoints.dynamodb !== undefined) process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts moto_server and waits until it responds. Throws when moto_server is not installed. */
export async function startMoto(): Promise<RunningMoto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`moto_server could not be started (${error.message}); install moto[server] 5.x`)));
    child.once('exit', (code) => reject(new Error(`moto_server exited with code ${code} before it was ready`)));
  });
  failed.catch(() => undefined);

  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await Promise.race([isResponding(endpoint), failed]);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`moto_server on ${endpoint} did not respond within 20 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    endpoint,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

async function isResponding(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`);
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

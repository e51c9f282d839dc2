/** moto_server as a subprocess on 127.0.0.1, for Secrets Manager. Stopped by its PID. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

const READY_TIMEOUT_MS = 20_000;

export interface MotoServer {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}

/** Starts moto_server and waits, at most 20 s, for its first HTTP response. Throws when it is missing or never responds. */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]);
    if (failed !== undefined) {
      throw new Error(`moto_server could not start (${failed.message}); install it with pip install 'moto[server]==5.2.1'`);
    }
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with status ${child.exitCode}: ${stderr.trim()}`);
    }
    const ready = await fetch(`${url}/moto-api/`).then(
      (response) => response.status < 500,
      () => false,
    );
    if (ready) return { url, close: () => stop(child) };
  }
  await stop(child);
  throw new Error(`moto_server did not respond on ${url} within ${READY_TIMEOUT_MS} ms; check that it runs with: moto_server -H 127.0.0.1 -p 0. Output: ${stderr.trim()}`);
}

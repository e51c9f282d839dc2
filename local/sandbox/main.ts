/**
 * Command line entry of the Partner Portal sandbox:
 * `npx tsx local/sandbox/main.ts [--port 4010]` serves it until SIGINT or SIGTERM.
 */

import { parseArgs } from 'node:util';

import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './seed.js';
import { startSandbox } from './server.js';

const DEFAULT_PORT = 4010;

const USAGE = `Usage: npm run sandbox -- [--port PORT]

Serves the Yeastar Partner Portal sandbox on 127.0.0.1.

Options:
  --port PORT   TCP port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --help        show this help`;

function readPort(): number | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      options: { port: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`sandbox: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.values.help === true) {
    console.log(USAGE);
    return undefined;
  }

  const raw = parsed.values.port ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65_535) {
    console.error(`sandbox: invalid --port "${raw}": expected an integer from 0 to 65535\n\n${USAGE}`);
    process.exit(2);
  }
  return Number(raw);
}

async function main(): Promise<void> {
  const port = readPort();
  if (port === undefined) {
    return;
  }

  const sandbox = await startSandbox({ port });
  console.log(`Partner Portal sandbox listening on ${sandbox.url}`);
  console.log(`  client id:     ${SANDBOX_CLIENT_ID}`);
  console.log(`  client secret: ${SANDBOX_CLIENT_SECRET}`);
  console.log(`  control API:   ${sandbox.url}/__sandbox/`);

  const stop = (signal: string): void => {
    console.log(`sandbox: ${signal} received, stopping`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox: failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const { code, port } = error as { code?: string; port?: number };
  if (code === 'EADDRINUSE') {
    console.error(`sandbox: port ${String(port)} on 127.0.0.1 is already in use: stop what listens there, or choose another with --port`);
    process.exit(2);
  }
  console.error(`sandbox: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

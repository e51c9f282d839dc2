/** `ypp start`: serves the local HTTP API, with the sandbox, until SIGINT or SIGTERM. */
import { readPort, UsageError, type CliOptions } from './args.js';
import { startEmbeddedRuntime } from './backend.js';
import type { Output } from './output.js';

export const DEFAULT_API_PORT = 3000;
export const DEFAULT_SANDBOX_PORT = 4010;

export async function startCommand(options: CliOptions, output: Output): Promise<number> {
  const apiPort = readPort(options.port, '--port', DEFAULT_API_PORT);
  const sandboxPort = readPort(options['sandbox-port'], '--sandbox-port', DEFAULT_SANDBOX_PORT);

  let runtime;
  try {
    runtime = await startEmbeddedRuntime(options, { apiPort, sandboxPort });
  } catch (error) {
    const { code, port } = error as { code?: string; port?: number };
    if (code === 'EADDRINUSE') {
      const option = port === sandboxPort ? '--sandbox-port' : '--port';
      throw new UsageError(`Port ${String(port)} on 127.0.0.1 is already in use: stop what listens there, or choose another port with ${option}.`);
    }
    throw error;
  }
  output.out(`Purchases HTTP API   ${runtime.apiUrl}`);
  output.out(`Partner API          ${runtime.partnerApiBaseUrl}${runtime.sandbox ? ' (sandbox)' : ''}`);
  output.out(`Data directory       ${options['data-dir'] ?? '.local'}`);
  output.out('');
  output.out(`Try: curl -s -X POST ${runtime.apiUrl}/purchases -H 'content-type: application/json' \\`);
  output.out(`       -d '{"productNo":"3631E0997265","recipe":"appliance-hotel-pms"}'`);
  output.out('Stop with Ctrl+C.');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  output.out('Stopping...');
  await runtime.close();
  return 0;
}

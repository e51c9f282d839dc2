/**
 * The Partner Portal sandbox: a local stand-in for the Yeastar Partner OpenAPI, served with
 * node:http on 127.0.0.1, plus a control API under `/__sandbox/`.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { handleControlRequest } from './control.js';
import { handlePartnerRequest } from './routing.js';
import { parseSettings } from './settings.js';
import type { SandboxSettings } from './settings.js';
import { SandboxState } from './state.js';

export type { SandboxSettings } from './settings.js';
export { DEFAULT_SETTINGS } from './settings.js';

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free port. */
  port?: number;
  /** Settings that apply from start and after every reset. */
  settings?: Partial<SandboxSettings>;
}

export interface RunningSandbox {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts a sandbox. Throws `InvalidSettingError` for an unknown or invalid setting. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = new SandboxState(parseSettings(options.settings ?? {}));

  const server = createServer((request, response) => {
    const isControl = (request.url ?? '').startsWith('/__sandbox/');
    const handled = isControl
      ? handleControlRequest(state, request, response)
      : handlePartnerRequest(state, request, response);
    handled.catch((error: unknown) => {
      console.error('sandbox: request failed:', error);
      request.socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

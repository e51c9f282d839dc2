/**
 * The backend of a CLI command: the embedded runtime (started for the command and stopped
 * after it) or a running HTTP API given by `--api-url`.
 */
import type { LocalRuntime } from '../runtime.js';
import { PurchasesApiClient } from './api-client.js';
import { readUrl, UsageError, type CliOptions } from './args.js';
import { iamSigner, isLoopbackUrl, regionFor } from './iam-signer.js';

export const DEFAULT_DATA_DIR = '.local';

export interface Backend {
  api: PurchasesApiClient;
  /** Present in embedded mode. */
  runtime?: LocalRuntime;
  /** The API listens on this machine. */
  loopback: boolean;
}

/** Runs `work` against the backend the options select, and stops what it started. */
export async function withBackend<T>(options: CliOptions, work: (backend: Backend) => Promise<T>): Promise<T> {
  const apiUrl = readUrl(options['api-url'], '--api-url');
  if (apiUrl) {
    // The stack's HTTP API uses IAM authorization; the local one needs no signature.
    const loopback = isLoopbackUrl(apiUrl);
    const signer = loopback ? undefined : iamSigner(regionFor(apiUrl));
    return work({ api: new PurchasesApiClient(apiUrl, signer), loopback });
  }

  // Nothing waits for a payment follow-up after the command, so closing stops it at once.
  const runtime = await startEmbeddedRuntime(options, { apiPort: 0, stopGraceMs: 0 });
  try {
    return await work({ api: new PurchasesApiClient(runtime.apiUrl), runtime, loopback: true });
  } finally {
    await runtime.close();
  }
}

/** Starts the local runtime with the data directory and Partner API the options name. */
export async function startEmbeddedRuntime(
  options: CliOptions,
  ports: { apiPort: number; sandboxPort?: number; stopGraceMs?: number },
): Promise<LocalRuntime> {
  const { startLocalRuntime } = await import('../runtime.js');
  const partnerApiBaseUrl = readUrl(options['partner-api-url'], '--partner-api-url');
  const credentials = partnerApiBaseUrl ? readCredentialsFromEnv() : undefined;

  return startLocalRuntime({
    dataDir: options['data-dir'] ?? DEFAULT_DATA_DIR,
    apiPort: ports.apiPort,
    ...(ports.stopGraceMs !== undefined ? { stopGraceMs: ports.stopGraceMs } : {}),
    ...(ports.sandboxPort !== undefined ? { sandboxPort: ports.sandboxPort } : {}),
    ...(partnerApiBaseUrl ? { partnerApiBaseUrl } : {}),
    ...(credentials ? { credentials } : {}),
    ...(process.env.YEASTAR_DEFAULT_BILLING_CONTACT_ID ? { defaultBillingContactId: process.env.YEASTAR_DEFAULT_BILLING_CONTACT_ID } : {}),
  });
}

function readCredentialsFromEnv(): { clientId: string; clientSecret: string } {
  const clientId = process.env.YEASTAR_CLIENT_ID?.trim();
  const clientSecret = process.env.YEASTAR_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) {
    throw new UsageError(
      'Missing Partner API credentials: with --partner-api-url, set YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET to the client id and secret from the Partner Portal (System > API).',
    );
  }
  return { clientId, clientSecret };
}

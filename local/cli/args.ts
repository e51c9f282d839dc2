/**
 * Command-line parsing shared by every command. Invalid usage raises UsageError, which the
 * entry point prints with the usage text and turns into exit status 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_SUCCEEDED = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;

export const USAGE = `Usage: ypp COMMAND [options]

Commands:
  purchase --product-no SN [--recipe NAME] [--service NAME | --plan NAME]
           [--billing-contact ID] [--po-number TEXT] [--idempotency-key KEY]
           [--quantity N] [--billing-cycle once|monthly|annually] [--multi-cycle N]
           [--connection-plan-id ID] [--dry-run] [--json]
                          Run one purchase (recipe appliance-hotel-pms by default)
                          and print its record.
  status PURCHASE_ID      Print one purchase record.
  list --product-no SN    List the purchases for one PBX.
  catalog PRODUCT_ID [--product-no SN]
                          List the plans and services that a product offers.
  contacts                List the billing contacts.
  recipes                 List the purchases that a recipe name selects.
  start [--port 3000] [--sandbox-port 4010]
                          Serve the local HTTP API until Ctrl+C.

Options for every command:
  --data-dir DIR          Folder for local purchase records and the token (default .local).
  --api-url URL           Use a running HTTP API instead of the embedded runtime.
  --partner-api-url URL   Partner API base URL for the embedded runtime (default: the built-in sandbox).
  --json                  Print JSON only.
  --help                  Print this text.

Exit status: 0 succeeded, 1 the purchase failed, 2 invalid input.`;

const OPTIONS = {
  'product-no': { type: 'string' },
  recipe: { type: 'string' },
  service: { type: 'string' },
  plan: { type: 'string' },
  quantity: { type: 'string' },
  'billing-cycle': { type: 'string' },
  'multi-cycle': { type: 'string' },
  'connection-plan-id': { type: 'string' },
  'billing-contact': { type: 'string' },
  'po-number': { type: 'string' },
  'idempotency-key': { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'api-url': { type: 'string' },
  'partner-api-url': { type: 'string' },
  port: { type: 'string' },
  'sandbox-port': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export type CliOptions = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export interface ParsedCommand {
  command: string;
  positionals: string[];
  options: CliOptions;
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const unknownOption = /Unknown option '([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
    if (unknownOption !== undefined) {
      throw new UsageError(`Unknown option ${unknownOption}.`);
    }
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  const [command = '', ...positionals] = parsed.positionals;
  return { command, positionals, options: parsed.values as CliOptions };
}

/** Reads a TCP port option; `fallback` when absent. */
export function readPort(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) {
    throw new UsageError(`Invalid ${option} "${value}": expected a port number from 0 to 65535.`);
  }
  return port;
}

/** Reads an http(s) URL option. */
export function readUrl(value: string | undefined, option: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`Invalid ${option} "${value}": expected an http:// or https:// URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`Invalid ${option} "${value}": expected an http:// or https:// URL.`);
  }
  return value.replace(/\/+$/, '');
}

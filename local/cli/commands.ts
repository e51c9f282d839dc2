/** The CLI commands. Each returns the process exit status. */
import { RECIPES } from '../../functions/core/recipes.js';
import { ApiResponseError } from './api-client.js';
import { EXIT_FAILED, EXIT_INVALID_INPUT, EXIT_SUCCEEDED, UsageError, type CliOptions } from './args.js';
import { withBackend, type Backend } from './backend.js';
import type { ExecutionHistoryEvent } from '../step-functions.js';
import { printRecord, stepPrinter, type Output } from './output.js';

export const DEFAULT_RECIPE = 'appliance-hotel-pms';

/** Statuses after which the CLI stops waiting. PENDING_PAYMENT means the order exists and awaits payment. */
const SETTLED = new Set(['SUCCEEDED', 'FAILED', 'UNKNOWN', 'QUOTED', 'PENDING_PAYMENT']);
/** Pause between status reads of a running API: short on loopback, gentler on a deployed stack. */
const REMOTE_POLL_MS = 2_000;
const LOOPBACK_POLL_MS = 100;
const REMOTE_WAIT_MS = 15 * 60_000;

export async function purchaseCommand(options: CliOptions, output: Output): Promise<number> {
  const body = purchaseBody(options);

  return withBackend(options, async (backend) => {
    const watcher = watchSteps(backend, options.json ? undefined : stepPrinter(output));
    try {
      const started = await backend.api.startPurchase(body);
      const purchaseId = String(started.body.purchaseId);
      if (!options.json) {
        const pbx = body.productNo === undefined ? '' : ` for PBX ${String(body.productNo)}`;
        const item = body.serviceName ?? body.planName;
        output.out(`Purchase ${purchaseId}${pbx} (recipe ${String(body.recipe)}${item === undefined ? '' : `, "${String(item)}"`})`);
      }
      watcher.follow(purchaseId);
      const record = await waitForRecord(backend, purchaseId, options, output);
      return finish(record, options, output);
    } finally {
      watcher.stop();
    }
  });
}

function finish(record: Record<string, unknown>, options: CliOptions, output: Output): number {
  {
    if (options.json) {
      output.out(JSON.stringify(record, null, 2));
    } else {
      printRecord(output, record);
    }
    return ['SUCCEEDED', 'QUOTED', 'PENDING_PAYMENT'].includes(String(record.status)) ? EXIT_SUCCEEDED : EXIT_FAILED;
  }
}

/**
 * Collects the embedded runtime's state events from before the purchase starts, because
 * the execution begins inside the POST, and prints those of the followed execution.
 */
function watchSteps(backend: Backend, print: ((event: ExecutionHistoryEvent) => void) | undefined) {
  const buffered: Array<[string, ExecutionHistoryEvent]> = [];
  let followed: string | undefined;
  const stop =
    backend.runtime && print
      ? backend.runtime.stepFunctions.onHistoryEvent((name, event) => {
          if (followed === undefined) buffered.push([name, event]);
          else if (name === followed) print(event);
        })
      : () => undefined;

  return {
    follow(executionName: string) {
      followed = executionName;
      for (const [name, event] of buffered.splice(0)) {
        if (name === executionName) print?.(event);
      }
    },
    stop,
  };
}

/** Builds the purchase request from the options; the HTTP API validates it. */
function purchaseBody(options: CliOptions): Record<string, unknown> {
  if (options['product-no'] === undefined && options.recipe === undefined) {
    throw new UsageError('Missing --product-no: give the PBX serial number (SN), such as --product-no 3631E0997265.');
  }

  const body: Record<string, unknown> = { recipe: options.recipe ?? DEFAULT_RECIPE };
  const recipe = RECIPES[String(body.recipe)];
  if (options['product-no'] !== undefined) body.productNo = options['product-no'];
  if (options.service !== undefined) body.serviceName = options.service;
  if (options.plan !== undefined) body.planName = options.plan;
  if (options['billing-contact'] !== undefined) body.billingContactId = options['billing-contact'];
  if (options['po-number'] !== undefined) body.poNumber = options['po-number'];
  if (options['idempotency-key'] !== undefined) body.idempotencyKey = options['idempotency-key'];
  if (options['billing-cycle'] !== undefined) body.billingCycle = options['billing-cycle'];
  if (options['connection-plan-id'] !== undefined) body.connectionPlanId = options['connection-plan-id'];
  if (options.quantity !== undefined) body.quantity = readWholeNumber(options.quantity, '--quantity');
  if (options['multi-cycle'] !== undefined) body.multiCycle = readWholeNumber(options['multi-cycle'], '--multi-cycle');
  if (options['dry-run']) body.dryRun = true;

  if (recipe && options.service !== undefined && recipe.catalogueName.field === 'planName') {
    throw new UsageError(`Recipe ${recipe.name} buys a plan: name it with --plan, not --service.`);
  }
  return body;
}

function readWholeNumber(value: string, option: string): number {
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`Invalid ${option} "${value}": expected a whole number.`);
  }
  return Number(value);
}

async function waitForRecord(backend: Backend, purchaseId: string, options: CliOptions, output: Output): Promise<Record<string, unknown>> {
  const { runtime } = backend;
  if (runtime) {
    // An order awaiting payment keeps its execution in Wait states for hours, so the
    // command returns as soon as the record shows PENDING_PAYMENT.
    const execution = runtime.stepFunctions.describeExecution(purchaseId);
    let closed = execution === undefined;
    void runtime.stepFunctions.waitForExecution(purchaseId).then(
      () => (closed = true),
      () => (closed = true),
    );
    for (;;) {
      if (closed) return backend.api.getPurchase(purchaseId);
      const record = await backend.api.getPurchase(purchaseId).catch(() => undefined);
      if (record?.status === 'PENDING_PAYMENT') return record;
      await new Promise((resolve) => setTimeout(resolve, LOOPBACK_POLL_MS));
    }
  }

  const deadline = Date.now() + REMOTE_WAIT_MS;
  let lastStatus = '';
  for (;;) {
    const record = await backend.api.getPurchase(purchaseId).catch((error: unknown) => {
      if (error instanceof ApiResponseError && error.status === 404) return undefined;
      throw error;
    });
    const status = String(record?.status ?? 'STARTING');
    if (status !== lastStatus && !options.json) output.out(`  status   ${status}`);
    lastStatus = status;
    if (record && SETTLED.has(status)) return record;
    if (Date.now() > deadline) {
      throw new Error(`Purchase ${purchaseId} is still ${status} after ${REMOTE_WAIT_MS / 60_000} minutes; check it later with: ypp status ${purchaseId}`);
    }
    await new Promise((resolve) => setTimeout(resolve, backend.loopback ? LOOPBACK_POLL_MS : REMOTE_POLL_MS));
  }
}

export async function statusCommand(positionals: string[], options: CliOptions, output: Output): Promise<number> {
  const [purchaseId] = positionals;
  if (!purchaseId) {
    throw new UsageError('Missing PURCHASE_ID: run ypp status PURCHASE_ID.');
  }
  return withBackend(options, async ({ api }) => {
    const record = await api.getPurchase(purchaseId);
    if (options.json) output.out(JSON.stringify(record, null, 2));
    else printRecord(output, record);
    return EXIT_SUCCEEDED;
  });
}

export async function listCommand(options: CliOptions, output: Output): Promise<number> {
  const productNo = options['product-no'];
  if (!productNo) {
    throw new UsageError('Missing --product-no: run ypp list --product-no SN.');
  }
  return withBackend(options, async ({ api }) => {
    const result = await api.listPurchases(productNo);
    printJsonOrLines(output, options, result, 'purchases', (item) => `${String(item.purchaseId).padEnd(36)} ${String(item.status).padEnd(16)} ${String(item.createdAt ?? '')}`);
    return EXIT_SUCCEEDED;
  });
}

export async function catalogCommand(positionals: string[], options: CliOptions, output: Output): Promise<number> {
  const [productId] = positionals;
  if (!productId) {
    throw new UsageError('Missing PRODUCT_ID: run ypp catalog PRODUCT_ID [--product-no SN], for example ypp catalog 11 --product-no 3631E0997265.');
  }
  return withBackend(options, async ({ api }) => {
    const result = await api.getCatalog(productId, options['product-no']);
    printJsonOrLines(output, options, result, 'items', (item) => `${String(item.kind).padEnd(8)} ${String(item.id).padEnd(20)} ${String(item.name)}`);
    return EXIT_SUCCEEDED;
  });
}

export async function contactsCommand(options: CliOptions, output: Output): Promise<number> {
  return withBackend(options, async ({ api }) => {
    const result = await api.listBillingContacts();
    printJsonOrLines(output, options, result, 'billingContacts', (item) =>
      `${String(item.billingContactId).padEnd(20)} ${[item.firstName, item.lastName].filter(Boolean).join(' ')}${item.company ? `, ${String(item.company)}` : ''}`,
    );
    return EXIT_SUCCEEDED;
  });
}

export function recipesCommand(options: CliOptions, output: Output): number {
  const recipes = Object.values(RECIPES);
  if (options.json) {
    output.out(JSON.stringify(recipes, null, 2));
    return EXIT_SUCCEEDED;
  }
  for (const recipe of recipes) {
    output.out(`${recipe.name.padEnd(36)} product ${recipe.productId.padEnd(3)} ${recipe.operationType.padEnd(17)} ${recipe.description}`);
  }
  return EXIT_SUCCEEDED;
}

function printJsonOrLines(
  output: Output,
  options: CliOptions,
  result: Record<string, unknown>,
  listField: string,
  line: (item: Record<string, unknown>) => string,
): void {
  if (options.json) {
    output.out(JSON.stringify(result, null, 2));
    return;
  }
  const items = (result[listField] ?? []) as Array<Record<string, unknown>>;
  if (items.length === 0) {
    output.out('(none)');
  }
  for (const item of items) {
    output.out(line(item));
  }
}

/** Maps an error to the exit status and prints it without a stack trace. */
export function reportError(error: unknown, output: Output): number {
  if (error instanceof UsageError) {
    output.err(`Error: ${error.message}`);
    output.err('Run with --help for the usage.');
    return EXIT_INVALID_INPUT;
  }
  if (error instanceof ApiResponseError) {
    output.err(`Error: ${error.body.message} (${error.body.code}, HTTP ${error.status})`);
    if (error.body.details && Object.keys(error.body.details as object).length > 0) {
      output.err(`Details: ${JSON.stringify(error.body.details)}`);
    }
    return error.status >= 400 && error.status < 500 ? EXIT_INVALID_INPUT : EXIT_FAILED;
  }
  output.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT_FAILED;
}

/** Human-readable output of the CLI. JSON output is the record as the HTTP API returns it. */
import type { ExecutionHistoryEvent } from '../step-functions.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Prints one line per finished, retried or failed state of an execution. */
export function stepPrinter(output: Output): (event: ExecutionHistoryEvent) => void {
  const entered = new Map<string, number>();

  return (event) => {
    const state = event.state as { name?: string; type?: string } | undefined;
    const name = state?.name ?? '';
    if (state?.type === 'Choice' || state?.type === 'Succeed' || state?.type === 'Fail') {
      return;
    }

    if (event.type === 'StateEntered') {
      entered.set(name, event.timestamp);
    } else if (event.type === 'StateExited') {
      const started = entered.get(name) ?? event.timestamp;
      output.out(`  done     ${name.padEnd(24)} ${event.timestamp - started} ms`);
    } else if (event.type === 'StateRetried') {
      output.out(`  retry    ${name.padEnd(24)} after an error that is safe to retry`);
    } else if (event.type === 'StateFailed' || event.type === 'StateCaught') {
      if (event.type === 'StateFailed') {
        output.out(`  failed   ${name.padEnd(24)} ${String(event.Error ?? '')}: ${String(event.Cause ?? '')}`);
      }
    }
  };
}

/** Prints a purchase record as a short summary. */
export function printRecord(output: Output, record: Record<string, unknown>): void {
  const resolved = (record.resolved ?? {}) as Record<string, unknown>;
  const order = (record.order ?? {}) as Record<string, unknown>;
  const error = (record.error ?? undefined) as Record<string, unknown> | undefined;

  output.out(`Purchase ${String(record.purchaseId)}: ${String(record.status)}`);
  if (record.productNo) output.out(`  PBX (productNo)   ${String(record.productNo)}`);
  if (resolved.serviceName) output.out(`  Item              ${String(resolved.serviceName)} (id ${String(resolved.serviceId)}, product ${String(resolved.productId)})`);
  if (resolved.billingId) output.out(`  Billing contact   ${String(resolved.billingId)}${resolved.billingContactName ? ` (${String(resolved.billingContactName)})` : ''}`);
  if (record.poNumber) output.out(`  PO number         ${String(record.poNumber)}`);
  if (order.orderNo) {
    output.out(`  Order             ${String(order.orderNo)} (status ${String(order.orderStatus)})`);
    if (order.transactionNo) output.out(`  Transaction       ${String(order.transactionNo)}`);
    if (order.instanceId) output.out(`  Instance          ${String(order.instanceId)}`);
  }
  const prices = ((record.quote as { prices?: unknown } | undefined)?.prices ?? []) as Array<Record<string, unknown>>;
  for (const price of prices) {
    const name = price.serviceName ?? price.planName ?? price.name ?? price.serviceId ?? price.planId;
    output.out(`  Price             ${String(price.price)} ${String(price.currencyCode ?? '')} for ${String(name)}`);
  }
  if (record.quote && prices.length === 0) output.out('  Quote             no price listed for this item');
  if (error) {
    const requestId = error.requestId ? ` (Yeastar requestId ${String(error.requestId)})` : '';
    output.out(`  Error             ${String(error.code)}: ${String(error.message)}${requestId}`);
  }
  if (record.status === 'FAILED') {
    output.out('  A FAILED purchase is final for the same request: after fixing the cause, run it');
    output.out('  again with a new --idempotency-key (or a changed request).');
  }
  if (record.status === 'UNKNOWN') {
    output.out(`  Check the Partner Portal orders for customReferenceNo ${String(record.poNumber)} before buying again.`);
  }
}

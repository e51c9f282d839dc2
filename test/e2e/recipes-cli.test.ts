/**
 * Every recipe bought through the CLI's purchase command against the local HTTP API and
 * the sandbox, with the sandbox's order checked for each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RECIPE_NAMES } from '../../functions/core/recipes.js';
import { purchaseCommand } from '../../local/cli/commands.js';
import type { CliOptions } from '../../local/cli/args.js';
import type { Output } from '../../local/cli/output.js';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.js';
import { TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';

/** CLI options per recipe, for PBXs, plans and services of the sandbox seed. */
const OPTIONS: Record<string, CliOptions> = {
  'appliance-hotel-pms': { 'product-no': TUTORIAL_PRODUCT_NO },
  'appliance-hotel-module': { 'product-no': TUTORIAL_PRODUCT_NO },
  'appliance-plan': { 'product-no': '3632F1103348', plan: 'Standard Plan', 'billing-cycle': 'annually', 'multi-cycle': '2' },
  'appliance-switch-plan': { 'product-no': TUTORIAL_PRODUCT_NO, plan: 'Ultimate Plan', 'billing-cycle': 'annually', 'multi-cycle': '1' },
  'appliance-renew-plan': { 'product-no': TUTORIAL_PRODUCT_NO, plan: 'Enterprise Plan', 'billing-cycle': 'annually', 'multi-cycle': '1' },
  'linkus-cloud-purchase': { 'product-no': '3659A1020035', plan: 'Linkus Cloud Service', 'multi-cycle': '3' },
  'linkus-cloud-switch': { 'product-no': '3659A1020034', plan: 'Linkus Cloud Service Pro', 'multi-cycle': '1' },
  'pse-hotel-pms': { 'product-no': '5070C0021101', 'connection-plan-id': '3048563941501911040' },
  'pse-switch-plan': { 'product-no': '5070C0021101', plan: 'Ultimate Plan', 'multi-cycle': '1' },
  'rm-trial': {},
  'rm-renew': { 'product-no': '8120R0003301' },
  'rm-additional-connections': { 'product-no': '8120R0003301', quantity: '5', 'connection-plan-id': '3048580442247081984' },
  'rm-premium-purchase': { quantity: '10' },
  'rm-premium-additional-connections': { 'product-no': '9630P0000091', quantity: '5' },
  'rm-premium-trial': { service: 'Additional Connections' },
  'turnkey-trial': { plan: 'Standard Plan' },
  'ycm-white-label-renew': { 'product-no': '9410Y0000071' },
};

function captureOutput(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

describe('purchase command for every recipe', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime();
  });

  afterAll(async () => {
    await runtime.close();
  });

  it('has CLI options for every recipe', () => {
    expect(Object.keys(OPTIONS).sort()).toEqual([...RECIPE_NAMES].sort());
  });

  it.each(RECIPE_NAMES)('%s succeeds with one order', async (name) => {
    const ordersBefore = await sandboxOrderNumbers(runtime);
    const output = captureOutput();

    const exitCode = await purchaseCommand(
      { recipe: name, 'api-url': runtime.apiUrl, json: true, 'idempotency-key': `cli-${name}`, ...OPTIONS[name] },
      output,
    );

    const record = JSON.parse(output.lines.join('\n')) as { status: string; order?: { orderNo: string } };
    const ordersAfter = await sandboxOrderNumbers(runtime);
    expect(output.errors).toEqual([]);
    expect(exitCode).toBe(0);
    expect(record.status).toBe('SUCCEEDED');
    expect(ordersAfter).toHaveLength(ordersBefore.length + 1);
    expect(record.order?.orderNo).toBe(ordersAfter.at(-1));
  });
});

async function sandboxOrderNumbers(runtime: LocalRuntime): Promise<string[]> {
  const response = await fetch(`${runtime.sandbox!.url}/__sandbox/orders`);
  const { orders } = (await response.json()) as { orders: Array<{ orderNo: string }> };
  return orders.map((order) => order.orderNo);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getRecipe, RECIPE_NAMES, RECIPES } from '../../functions/core/recipes.js';
import { createOrder } from '../../functions/core/steps/index.js';
import { TUTORIAL_BILLING_CONTACT_ID, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import { resolvePurchase, startHarness, type Harness } from './harness.js';

/** A request per recipe, for PBXs, plans and services of the sandbox seed. */
const REQUESTS: Record<string, Record<string, unknown>> = {
  'appliance-hotel-pms': { productNo: TUTORIAL_PRODUCT_NO },
  'appliance-hotel-module': { productNo: TUTORIAL_PRODUCT_NO },
  'appliance-plan': { productNo: '3632F1103348', planName: 'Standard Plan', billingCycle: 'annually', multiCycle: 2 },
  'appliance-switch-plan': { productNo: TUTORIAL_PRODUCT_NO, planName: 'Ultimate Plan', billingCycle: 'annually', multiCycle: 1 },
  'appliance-renew-plan': { productNo: TUTORIAL_PRODUCT_NO, planName: 'Enterprise Plan', billingCycle: 'annually', multiCycle: 1 },
  'linkus-cloud-purchase': { productNo: '3659A1020035', planName: 'Linkus Cloud Service', multiCycle: 3 },
  'linkus-cloud-switch': { productNo: '3659A1020034', planName: 'Linkus Cloud Service Pro', multiCycle: 1 },
  'pse-hotel-pms': { productNo: '5070C0021101', connectionPlanId: '3048563941501911040' },
  'pse-switch-plan': { productNo: '5070C0021101', planName: 'Ultimate Plan', multiCycle: 1 },
  'rm-trial': {},
  'rm-renew': { productNo: '8120R0003301' },
  'rm-additional-connections': { productNo: '8120R0003301', quantity: 5, connectionPlanId: '3048580442247081984' },
  'rm-premium-purchase': { quantity: 10 },
  'rm-premium-additional-connections': { productNo: '9630P0000091', quantity: 5 },
  'rm-premium-trial': { serviceName: 'Additional Connections' },
  'turnkey-trial': { planName: 'Standard Plan' },
  'ycm-white-label-renew': { productNo: '9410Y0000071' },
};

describe('RECIPES', () => {
  it('has a kebab-case name and a one-line description each', () => {
    for (const recipe of Object.values(RECIPES)) {
      expect(recipe.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(recipe.description).toMatch(/^[A-Z].*\.$/);
      expect(recipe.description).not.toContain('\n');
    }
  });

  it('returns undefined for an unknown or inherited name', () => {
    expect(getRecipe('appliance-hotel-pms')?.productId).toBe('11');
    expect(getRecipe('nope')).toBeUndefined();
    expect(getRecipe('toString')).toBeUndefined();
    expect(getRecipe('__proto__')).toBeUndefined();
  });

  it('matches the Hotel PMS tutorial', () => {
    expect(getRecipe('appliance-hotel-pms')).toMatchObject({
      productId: '11',
      operationType: 'purchase_service',
      serviceType: 'service',
      purchaseType: 'purchase',
      billingModel: 'once',
      billing: [{ billingCycle: 'once', multiCycle: 0 }],
      productNo: 'required',
    });
  });

  it('has a sandbox request for every recipe', () => {
    expect(Object.keys(REQUESTS).sort()).toEqual([...RECIPE_NAMES].sort());
  });
});

describe('every recipe against the sandbox', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it.each(RECIPE_NAMES)('%s places an order the sandbox accepts', async (name) => {
    const recipe = getRecipe(name)!;
    const billing = recipe.billingContact ? { billingContactId: TUTORIAL_BILLING_CONTACT_ID } : {};
    const request: Record<string, unknown> = { recipe: name, idempotencyKey: `recipe-${name}`, ...billing, ...REQUESTS[name] };

    const purchaseId = await resolvePurchase(harness.deps, request);
    const result = await createOrder({ purchaseId }, harness.deps);

    expect(result.status).toBe('SUCCEEDED');
    const orders = await harness.orders();
    const order = orders.find((candidate) => candidate.poNumber === purchaseId) as { request: Record<string, unknown> } | undefined;
    expect(order).toBeDefined();

    const body = order!.request as { operationType: string; productId: unknown; billingId?: unknown; serviceList: Array<Record<string, unknown>> };
    expect(body.operationType).toBe(recipe.operationType);
    expect(String(body.productId)).toBe(recipe.productId);
    expect(body.billingId === undefined).toBe(!recipe.billingContact);

    const [item] = body.serviceList;
    const option = recipe.billing.length === 1 ? recipe.billing[0]! : recipe.billing.find((candidate) => candidate.billingCycle === request.billingCycle)!;
    expect(item).toMatchObject({ serviceType: recipe.serviceType, purchaseType: recipe.purchaseType });
    expect(item?.billingModel).toBe(recipe.billingModel);
    expect(item?.billingCycle).toBe(option.billingCycle);
    expect(item?.multiCycle).toBe(typeof option.multiCycle === 'number' ? option.multiCycle : (request.multiCycle ?? option.multiCycle.default));
    expect(item?.quantity).toBe(request.quantity);
    expect(item?.connectionPlanId === undefined ? undefined : String(item.connectionPlanId)).toBe(request.connectionPlanId);
  });
});

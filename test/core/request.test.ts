import { describe, expect, it } from 'vitest';

import { InvalidRequestError } from '../../functions/core/errors.js';
import { computePurchaseId, parsePurchaseRequest } from '../../functions/core/request.js';

const HOTEL_PMS = {
  productNo: '3631E0997265',
  recipe: 'appliance-hotel-pms',
  billingContactId: '3197218168379846218',
  poNumber: 'HOTEL-42',
  idempotencyKey: 'crm-order-8812',
  dryRun: false,
};

function issuesOf(input: unknown): Array<{ field: string; message: string }> {
  try {
    parsePurchaseRequest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).name).toBe('InvalidRequestError');
    return (error as InvalidRequestError).issues;
  }
  throw new Error('expected InvalidRequestError');
}

describe('parsePurchaseRequest', () => {
  it('accepts the Hotel PMS request unchanged', () => {
    expect(parsePurchaseRequest(HOTEL_PMS)).toEqual(HOTEL_PMS);
  });

  it('normalizes text, serial numbers and ids', () => {
    const request = parsePurchaseRequest({
      productNo: '  3631e0997265 ',
      recipe: 'appliance-hotel-pms',
      billingContactId: ' 0003197218168379846218'.replace('000', ''),
      poNumber: '  HOTEL-42  ',
    });

    expect(request.productNo).toBe('3631E0997265');
    expect(request.billingContactId).toBe('3197218168379846218');
    expect(request.poNumber).toBe('HOTEL-42');
    expect(request.dryRun).toBe(false);
  });

  it('writes ids without leading zeros', () => {
    const request = parsePurchaseRequest({ ...HOTEL_PMS, billingContactId: '007' });
    expect(request.billingContactId).toBe('7');
  });

  it('is idempotent for every form', () => {
    const inputs = [
      HOTEL_PMS,
      { productNo: ' abc-1 ', recipe: 'appliance-plan', planName: ' Standard Plan ', billingCycle: 'annually', multiCycle: 2, billingContactId: '012' },
      { productId: '011', operationType: 'purchase_service', productNo: 'x1', items: [{ serviceName: 'Hotel PMS Integration' }, { serviceId: '0042', quantity: 3 }], dryRun: true },
      { recipe: 'rm-trial', partnerId: '3076913644890832897' },
    ];
    for (const input of inputs) {
      const once = parsePurchaseRequest(input);
      const twice = parsePurchaseRequest(once);
      expect(twice).toEqual(once);
      expect(computePurchaseId(twice)).toEqual(computePurchaseId(once));
    }
  });

  it('accepts the explicit form', () => {
    const request = parsePurchaseRequest({
      productId: '11',
      operationType: 'purchase_service',
      productNo: '3631E0997265',
      items: [{ serviceId: '3131184659391672320', serviceType: 'service', billingCycle: 'once', multiCycle: 0 }],
      billingContactId: '3197218168379846218',
    });
    expect(request.items?.[0]?.serviceId).toBe('3131184659391672320');
  });

  const badInputs: Array<[string, unknown, string, RegExp]> = [
    ['not an object', 'hello', '(request)', /JSON object/],
    ['null', null, '(request)', /JSON object/],
    ['an array', [HOTEL_PMS], '(request)', /JSON object/],
    ['an id as a JSON number', { ...HOTEL_PMS, billingContactId: 3197218168379846218 }, 'billingContactId', /as a JSON string.*lost digits/],
    ['a small id as a JSON number', { ...HOTEL_PMS, billingContactId: 42 }, 'billingContactId', /as a JSON string/],
    ['an id with letters', { ...HOTEL_PMS, billingContactId: '31972x' }, 'billingContactId', /1 to 19 digits/],
    ['an id of 20 digits', { ...HOTEL_PMS, billingContactId: '31972181683798462180' }, 'billingContactId', /1 to 19 digits/],
    ['an id above the Long range', { ...HOTEL_PMS, billingContactId: '9999999999999999999' }, 'billingContactId', /must not exceed/],
    ['an empty id', { ...HOTEL_PMS, billingContactId: '' }, 'billingContactId', /1 to 19 digits/],
    ['an unknown field', { ...HOTEL_PMS, colour: 'red' }, 'colour', /unknown field/],
    ['an unknown item field', { productId: '11', operationType: 'purchase_service', productNo: 'A', items: [{ serviceId: '1', price: 3 }] }, 'items[0].price', /unknown field/],
    ['a __proto__ key', JSON.parse('{"recipe":"appliance-hotel-pms","productNo":"A","__proto__":{"admin":true}}'), '__proto__', /not allowed/],
    ['a constructor key', { ...HOTEL_PMS, constructor: { prototype: {} } }, 'constructor', /not allowed/],
    ['a nested prototype key', { productId: '11', operationType: 'purchase_service', productNo: 'A', items: [{ serviceId: '1', prototype: 1 }] }, 'items[0].prototype', /not allowed/],
    ['a newline in poNumber', { ...HOTEL_PMS, poNumber: 'HOTEL\n42' }, 'poNumber', /control character/],
    ['a NUL in productNo', { ...HOTEL_PMS, productNo: '3631\u0000E' }, 'productNo', /control character/],
    ['a C1 control in a plan name', { ...HOTEL_PMS, recipe: 'appliance-plan', planName: 'Std\u0085', billingCycle: 'monthly' }, 'planName', /control character/],
    ['a poNumber too long', { ...HOTEL_PMS, poNumber: 'P'.repeat(65) }, 'poNumber', /at most 64/],
    ['a blank poNumber', { ...HOTEL_PMS, poNumber: '   ' }, 'poNumber', /must not be empty/],
    ['a productNo with spaces inside', { ...HOTEL_PMS, productNo: '3631 E099' }, 'productNo', /serial number/],
    ['an idempotency key with a dot', { ...HOTEL_PMS, idempotencyKey: 'crm.8812' }, 'idempotencyKey', /A-Z, a-z, 0-9/],
    ['an idempotency key too long', { ...HOTEL_PMS, idempotencyKey: 'k'.repeat(65) }, 'idempotencyKey', /1 to 64/],
    ['dryRun as a string', { ...HOTEL_PMS, dryRun: 'yes' }, 'dryRun', /true or false/],
    ['an unknown recipe', { ...HOTEL_PMS, recipe: 'hotel-pms' }, 'recipe', /unknown recipe "hotel-pms".*appliance-hotel-pms/],
    ['neither recipe nor explicit form', { productNo: 'A' }, 'recipe', /is required unless/],
    ['a recipe and the explicit form', { ...HOTEL_PMS, productId: '11' }, 'productId', /either a recipe or the explicit form/],
    ['an explicit form without items', { productId: '11', operationType: 'purchase_service', productNo: 'A' }, 'items', /is required in the explicit form/],
    ['empty items', { productId: '11', operationType: 'purchase_service', items: [] }, 'items', /at least one/],
    ['an array of 1000 items', { productId: '11', operationType: 'purchase_service', items: Array.from({ length: 1000 }, () => ({ serviceId: '1' })) }, 'items', /more than 100/],
    ['an object of 200 keys', Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`k${index}`, 1])), '(request)', /more than 100/],
    ['21 items', { productId: '11', operationType: 'purchase_service', items: Array.from({ length: 21 }, () => ({ serviceId: '1' })) }, 'items', /at most 20/],
    ['an item with both id and name', { productId: '11', operationType: 'purchase_service', items: [{ serviceId: '1', serviceName: 'x' }] }, 'items[0].serviceId', /exactly one/],
    ['an item with neither id nor name', { productId: '11', operationType: 'purchase_service', items: [{ quantity: 2 }] }, 'items[0].serviceId', /exactly one/],
    ['a recipe field in the explicit form', { productId: '11', operationType: 'purchase_service', items: [{ serviceId: '1' }], quantity: 2 }, 'quantity', /applies to recipes only/],
    ['an unknown operationType', { productId: '11', operationType: 'buy', items: [{ serviceId: '1' }] }, 'operationType', /one of: trial_plan/],
    ['an unknown billingCycle', { productId: '11', operationType: 'purchase_plan', items: [{ serviceId: '1', billingCycle: 'weekly' }] }, 'items[0].billingCycle', /one of: annually, monthly, once/],
    ['a fractional quantity', { productId: '11', operationType: 'purchase_service', items: [{ serviceId: '1', quantity: 1.5 }] }, 'items[0].quantity', /whole number/],
    ['a billing contact on a trial', { productId: '15', operationType: 'trial_plan', items: [{ serviceId: '1' }], billingContactId: '1' }, 'billingContactId', /no billing contact/],
    ['a recipe without its productNo', { recipe: 'appliance-hotel-pms' }, 'productNo', /needs productNo/],
    ['a recipe without its plan name', { recipe: 'appliance-plan', productNo: 'A', billingCycle: 'monthly' }, 'planName', /needs planName/],
    ['a plan recipe given serviceName', { recipe: 'appliance-plan', productNo: 'A', planName: 'Standard Plan', serviceName: 'x', billingCycle: 'monthly' }, 'serviceName', /give its name as planName/],
    ['a recipe without its billing cycle', { recipe: 'appliance-plan', productNo: 'A', planName: 'Standard Plan' }, 'billingCycle', /needs billingCycle, one of: monthly, annually/],
    ['a cycle the recipe does not offer', { ...HOTEL_PMS, billingCycle: 'annually' }, 'billingCycle', /does not offer "annually"; use one of: once/],
    ['a cycle on a trial recipe', { recipe: 'rm-trial', billingCycle: 'once' }, 'billingCycle', /sends no billing cycle/],
    ['an annual plan without years', { recipe: 'appliance-plan', productNo: 'A', planName: 'Standard Plan', billingCycle: 'annually' }, 'multiCycle', /needs multiCycle for annually/],
    ['years out of range', { recipe: 'linkus-cloud-purchase', productNo: 'A', planName: 'Linkus Cloud Service', multiCycle: 6 }, 'multiCycle', /at most 10|from 1 to 5/],
    ['years beyond the recipe', { recipe: 'linkus-cloud-purchase', productNo: 'A', planName: 'Linkus Cloud Service', multiCycle: 7 }, 'multiCycle', /from 1 to 5/],
    ['a fixed multiCycle changed', { ...HOTEL_PMS, multiCycle: 2 }, 'multiCycle', /sends multiCycle 0/],
    ['a recipe without quantity', { recipe: 'rm-premium-purchase' }, 'quantity', /needs quantity/],
    ['a quantity the recipe forbids', { ...HOTEL_PMS, quantity: 2 }, 'quantity', /does not use quantity/],
    ['a recipe without connectionPlanId', { recipe: 'rm-additional-connections', quantity: 5 }, 'connectionPlanId', /needs connectionPlanId/],
    ['a billing contact on a trial recipe', { recipe: 'rm-premium-trial', serviceName: 'Additional Connections', billingContactId: '1' }, 'billingContactId', /trial order/],
  ];

  it.each(badInputs)('rejects %s', (_case, input, field, message) => {
    const issues = issuesOf(input);
    const issue = issues.find((candidate) => candidate.field === field);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('names the field and the fix in the message', () => {
    try {
      parsePurchaseRequest({ ...HOTEL_PMS, billingContactId: 3197218168379846218, colour: 'red' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid purchase request: billingContactId: send the id as a JSON string/);
      expect(message).toContain('colour');
      expect(message).not.toContain('\n');
    }
  });

  it('lists every issue, not only the first', () => {
    const issues = issuesOf({ recipe: 'appliance-plan' });
    expect(issues.map((issue) => issue.field).sort()).toEqual(['billingCycle', 'planName', 'productNo']);
  });
});

describe('computePurchaseId', () => {
  it('uses the idempotency key', () => {
    expect(computePurchaseId(parsePurchaseRequest(HOTEL_PMS)).purchaseId).toBe('crm-order-8812');
  });

  it('hashes a request without a key', () => {
    const { idempotencyKey: _key, ...withoutKey } = HOTEL_PMS;
    const { purchaseId, requestHash } = computePurchaseId(parsePurchaseRequest(withoutKey));

    expect(purchaseId).toMatch(/^p-[0-9a-f]{32}$/);
    expect(requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(purchaseId).toBe(`p-${requestHash.slice(0, 32)}`);
  });

  it('keeps the hash stable across key order and spelling', () => {
    const a = parsePurchaseRequest({ recipe: 'appliance-hotel-pms', productNo: '3631e0997265', billingContactId: '3197218168379846218' });
    const b = parsePurchaseRequest({ billingContactId: ' 3197218168379846218', productNo: '3631E0997265 ', recipe: 'appliance-hotel-pms', dryRun: false });
    expect(computePurchaseId(a)).toEqual(computePurchaseId(b));
  });

  it('keeps a known hash for the Hotel PMS request', () => {
    // A change here changes every purchase id computed so far, so duplicates stop being found.
    const { requestHash } = computePurchaseId(parsePurchaseRequest(HOTEL_PMS));
    expect(requestHash).toBe('a22ad9189ce300af42bc6ab7d900ad6dd6eb2fd6c53f0010baaf1c1d2fc5a82b');
  });

  it('leaves the idempotency key out of the request hash', () => {
    const first = computePurchaseId(parsePurchaseRequest(HOTEL_PMS));
    const second = computePurchaseId(parsePurchaseRequest({ ...HOTEL_PMS, idempotencyKey: 'other-key' }));
    expect(second.requestHash).toBe(first.requestHash);
    expect(second.purchaseId).toBe('other-key');
  });

  it('gives a dry run its own purchase id', () => {
    const { idempotencyKey: _key, ...withoutKey } = HOTEL_PMS;
    const real = computePurchaseId(parsePurchaseRequest(withoutKey));
    const dry = computePurchaseId(parsePurchaseRequest({ ...withoutKey, dryRun: true }));
    expect(dry.purchaseId).not.toBe(real.purchaseId);
  });

  it('changes the hash when the request changes', () => {
    const first = computePurchaseId(parsePurchaseRequest(HOTEL_PMS));
    const second = computePurchaseId(parsePurchaseRequest({ ...HOTEL_PMS, poNumber: 'HOTEL-43' }));
    expect(second.requestHash).not.toBe(first.requestHash);
  });
});

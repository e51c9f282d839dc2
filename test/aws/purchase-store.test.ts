import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { DynamoPurchaseStore } from '../../functions/aws/purchase-store.js';
import { StatusConflictError } from '../../functions/core/ports.js';
import { ALLOWED_MOVES, PURCHASE_STATUSES } from '../../functions/core/purchase.js';
import type { PurchaseRecord, PurchaseStatus } from '../../functions/core/purchase.js';
import { startDynalite } from './support/dynalite.js';
import type { LocalDynamo } from './support/dynalite.js';

const SERVICE_ID = '3131184659391672320';
const BILLING_ID = '3197218168379846218';

let dynamo: LocalDynamo;
let store: DynamoPurchaseStore;
let counter = 0;

function newRecord(overrides: Partial<PurchaseRecord> = {}): PurchaseRecord {
  counter += 1;
  const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString();
  return {
    purchaseId: `purchase-${counter}`,
    requestHash: 'a'.repeat(64),
    status: 'REQUESTED',
    request: { productNo: '3631E0997265', recipe: 'appliance-hotel-pms', billingContactId: BILLING_ID },
    productNo: '3631E0997265',
    poNumber: `PO-${counter}`,
    saveAttempts: 0,
    history: [{ status: 'REQUESTED', at: createdAt }],
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** Stores a new record and moves it step by step to `status`. */
async function recordAt(status: PurchaseStatus): Promise<PurchaseRecord> {
  const paths: Record<PurchaseStatus, PurchaseStatus[]> = {
    REQUESTED: [],
    RESOLVED: ['RESOLVED'],
    QUOTED: ['RESOLVED', 'QUOTED'],
    SUBMITTING: ['RESOLVED', 'SUBMITTING'],
    PENDING_PAYMENT: ['RESOLVED', 'SUBMITTING', 'PENDING_PAYMENT'],
    SUCCEEDED: ['RESOLVED', 'SUBMITTING', 'SUCCEEDED'],
    FAILED: ['FAILED'],
    UNKNOWN: ['RESOLVED', 'SUBMITTING', 'UNKNOWN'],
  };
  let record = (await store.create(newRecord())).record;
  for (const next of paths[status]) {
    record = await store.move(record.purchaseId, { from: [record.status], to: next });
  }
  return record;
}

beforeAll(async () => {
  dynamo = await startDynalite();
});

afterAll(async () => {
  await dynamo.close();
});

beforeEach(async () => {
  store = new DynamoPurchaseStore({ tableName: await dynamo.createPurchasesTable(), client: dynamo.client });
});

describe('DynamoPurchaseStore.create', () => {
  it('stores and reads back every field', async () => {
    const record = newRecord({
      resolved: {
        productId: '11',
        productNo: '3631E0997265',
        operationType: 'purchase_service',
        serviceId: SERVICE_ID,
        serviceName: 'Hotel PMS Integration',
        billingId: BILLING_ID,
        items: [{ serviceType: 'service', serviceId: SERVICE_ID, name: 'Hotel PMS Integration', purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 0 }],
      },
      error: { code: 'X', message: 'y', details: { nested: [1, 'two'] } },
      submittedAt: '2026-01-01T00:00:00.000Z',
      executionId: 'arn:aws:states:us-east-1:000000000000:execution:purchases:purchase-1',
      quote: { price: '10.00', currencyCode: 'USD' },
      order: { orderNo: 'EM1', orderStatus: 'succeed', source: 'save' },
    });

    const result = await store.create(record);
    const stored = await store.get(record.purchaseId);

    expect(result.created).toBe(true);
    expect(stored).toEqual(record);
    expect(stored?.resolved?.serviceId).toBe(SERVICE_ID);
    expect(Object.keys(stored ?? {}).sort()).toEqual(Object.keys(record).sort());
  });

  it('returns the existing record for a second create', async () => {
    const first = newRecord();
    await store.create(first);

    const result = await store.create({ ...first, poNumber: 'OTHER', requestHash: 'b'.repeat(64) });

    expect(result.created).toBe(false);
    expect(result.record).toEqual(first);
  });

  it('creates one record from 20 concurrent creates', async () => {
    const record = newRecord();

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => store.create({ ...record, poNumber: `PO-${index}` })),
    );

    const created = results.filter((result) => result.created);
    expect(created).toHaveLength(1);
    const winner = created[0]!.record.poNumber;
    for (const result of results) {
      expect(result.record.poNumber).toBe(winner);
    }
  });
});

describe('DynamoPurchaseStore.get and listByProductNo', () => {
  it('returns undefined for an unknown purchase', async () => {
    expect(await store.get('missing')).toBeUndefined();
  });

  it('lists one product number newest first', async () => {
    const older = newRecord({ productNo: 'SN-LIST' });
    const newer = newRecord({ productNo: 'SN-LIST' });
    await store.create(older);
    await store.create(newer);
    await store.create(newRecord({ productNo: 'SN-OTHER' }));

    const listed = await store.listByProductNo('SN-LIST');

    expect(listed.map((record) => record.purchaseId)).toEqual([newer.purchaseId, older.purchaseId]);
  });

  it('honours the limit', async () => {
    for (let index = 0; index < 3; index += 1) {
      await store.create(newRecord({ productNo: 'SN-LIMIT' }));
    }

    expect(await store.listByProductNo('SN-LIMIT', 2)).toHaveLength(2);
  });
});

describe('DynamoPurchaseStore.move', () => {
  const moves = PURCHASE_STATUSES.flatMap((from) => PURCHASE_STATUSES.map((to) => ({ from, to })));

  it.each(moves)('$from -> $to follows the allowed moves', async ({ from, to }) => {
    const record = await recordAt(from);
    const allowed = ALLOWED_MOVES[from].includes(to);

    const attempt = store.move(record.purchaseId, { from: [from], to, note: 'test move' });

    if (allowed) {
      const moved = await attempt;
      expect(moved.status).toBe(to);
      expect(moved.history.at(-1)).toMatchObject({ status: to, note: 'test move' });
      expect(moved.history).toHaveLength(record.history.length + 1);
    } else {
      await expect(attempt).rejects.toBeInstanceOf(StatusConflictError);
      expect((await store.get(record.purchaseId))?.status).toBe(from);
    }
  });

  it('rejects a move from another status', async () => {
    const record = await recordAt('RESOLVED');

    const error = await store.move(record.purchaseId, { from: ['REQUESTED'], to: 'RESOLVED' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StatusConflictError);
    expect((error as StatusConflictError).name).toBe('StatusConflictError');
    expect((error as StatusConflictError).current?.status).toBe('RESOLVED');
    expect((error as StatusConflictError).message).toContain(record.purchaseId);
  });

  it('rejects a move of an unknown purchase without a record', async () => {
    const error = await store.move('missing', { from: ['REQUESTED'], to: 'RESOLVED' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StatusConflictError);
    expect((error as StatusConflictError).current).toBeUndefined();
  });

  it('sets fields together with the move', async () => {
    const record = await recordAt('SUBMITTING');

    const moved = await store.move(record.purchaseId, {
      from: ['SUBMITTING'],
      to: 'SUCCEEDED',
      set: { order: { orderNo: 'EM1', orderStatus: 'succeed', source: 'save', transactionNo: 'XO1' } },
    });

    expect(moved.order).toEqual({ orderNo: 'EM1', orderStatus: 'succeed', source: 'save', transactionNo: 'XO1' });
    expect(await store.get(record.purchaseId)).toEqual(moved);
  });

  it('lets one of two concurrent moves win', async () => {
    const record = await recordAt('SUBMITTING');

    const results = await Promise.allSettled([
      store.move(record.purchaseId, { from: ['SUBMITTING'], to: 'SUCCEEDED' }),
      store.move(record.purchaseId, { from: ['SUBMITTING'], to: 'FAILED' }),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect((await store.get(record.purchaseId))?.history).toHaveLength(4);
  });
});

describe('DynamoPurchaseStore.claimSaveAttempt', () => {
  it('counts an attempt while SUBMITTING', async () => {
    const record = await recordAt('SUBMITTING');

    const claimed = await store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z');

    expect(claimed.saveAttempts).toBe(1);
    expect(claimed.submittedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('rejects a stale attempt count', async () => {
    const record = await recordAt('SUBMITTING');
    await store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z');

    const error = await store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:01.000Z').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StatusConflictError);
    expect((error as StatusConflictError).current?.saveAttempts).toBe(1);
  });

  it('rejects a claim outside SUBMITTING', async () => {
    const record = await recordAt('RESOLVED');

    await expect(store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z')).rejects.toBeInstanceOf(StatusConflictError);
  });

  it('lets one of 10 concurrent claims win', async () => {
    const record = await recordAt('SUBMITTING');

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z')),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect((await store.get(record.purchaseId))?.saveAttempts).toBe(1);
  });

  it('stores a new resolution with the claim', async () => {
    const record = await recordAt('SUBMITTING');
    const resolved = { ...record.resolved!, serviceId: '3299326068732223488', serviceName: 'Hotel Module' };

    const claimed = await store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z', resolved);

    expect(claimed.resolved?.serviceId).toBe('3299326068732223488');
    expect((await store.get(record.purchaseId))?.resolved?.serviceName).toBe('Hotel Module');
  });
});

describe('DynamoPurchaseStore.releaseSaveAttempt', () => {
  it('takes back the latest attempt', async () => {
    const record = await recordAt('SUBMITTING');
    await store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z');

    const released = await store.releaseSaveAttempt(record.purchaseId, 1);

    expect(released.saveAttempts).toBe(0);
  });

  it('rejects a count that moved on', async () => {
    const record = await recordAt('SUBMITTING');
    await store.claimSaveAttempt(record.purchaseId, 0, '2026-01-02T00:00:00.000Z');
    await store.claimSaveAttempt(record.purchaseId, 1, '2026-01-02T00:00:01.000Z');

    const error = await store.releaseSaveAttempt(record.purchaseId, 1).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StatusConflictError);
    expect((await store.get(record.purchaseId))?.saveAttempts).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';

import { StatusConflictError, type PurchaseStore } from '../../functions/core/ports.js';
import { ALLOWED_MOVES, PURCHASE_STATUSES, type PurchaseRecord, type PurchaseStatus } from '../../functions/core/purchase.js';
import { describeError, recordFailure, recordResolution } from '../../functions/core/steps/index.js';
import type { StepDeps } from '../../functions/core/settings.js';
import { ManualClock } from './harness.js';
import { MemoryPurchaseStore } from './memory-store.js';

/** Creates the store under test. Change it to run these cases against another PurchaseStore. */
function newStore(): PurchaseStore {
  return new MemoryPurchaseStore();
}

function record(purchaseId: string, status: PurchaseStatus, fields: Partial<PurchaseRecord> = {}): PurchaseRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    purchaseId,
    requestHash: 'a'.repeat(64),
    status,
    request: { recipe: 'appliance-hotel-pms', productNo: 'A', dryRun: false },
    poNumber: purchaseId,
    saveAttempts: 0,
    history: [{ status, at }],
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}

/** Step dependencies without a Partner API: these steps only touch the store. */
function depsWith(store: PurchaseStore): StepDeps {
  return { store, clock: new ManualClock(), partnerApi: {} as StepDeps['partnerApi'] };
}

describe('PurchaseStore moves', () => {
  const pairs = PURCHASE_STATUSES.flatMap((from) => PURCHASE_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s to %s follows ALLOWED_MOVES', async (from, to) => {
    const store = newStore();
    await store.create(record('p1', from));
    const allowed = ALLOWED_MOVES[from].includes(to);

    const move = store.move('p1', { from: [from], to, note: 'test' });

    if (allowed) {
      const moved = await move;
      expect(moved.status).toBe(to);
      expect(moved.history.at(-1)).toMatchObject({ status: to, note: 'test' });
    } else {
      await expect(move).rejects.toBeInstanceOf(StatusConflictError);
      expect((await store.get('p1'))?.status).toBe(from);
    }
  });

  it('rejects a move from a status the caller did not expect', async () => {
    const store = newStore();
    await store.create(record('p1', 'SUBMITTING'));

    const error = await store.move('p1', { from: ['RESOLVED'], to: 'SUBMITTING' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(StatusConflictError);
    expect((error as StatusConflictError).name).toBe('StatusConflictError');
    expect((error as StatusConflictError).current?.status).toBe('SUBMITTING');
  });

  it('claims each save attempt once', async () => {
    const store = newStore();
    await store.create(record('p1', 'SUBMITTING'));

    const claimed = await store.claimSaveAttempt('p1', 0, '2026-01-01T00:00:01.000Z');
    const again = store.claimSaveAttempt('p1', 0, '2026-01-01T00:00:02.000Z');

    expect(claimed).toMatchObject({ saveAttempts: 1, submittedAt: '2026-01-01T00:00:01.000Z' });
    await expect(again).rejects.toBeInstanceOf(StatusConflictError);
  });

  it('claims no save attempt outside SUBMITTING', async () => {
    const store = newStore();
    await store.create(record('p1', 'RESOLVED'));
    await expect(store.claimSaveAttempt('p1', 0, '2026-01-01T00:00:01.000Z')).rejects.toBeInstanceOf(StatusConflictError);
  });

  it('keeps the first record on a second create', async () => {
    const store = newStore();
    await store.create(record('p1', 'REQUESTED'));
    const second = await store.create(record('p1', 'FAILED'));
    expect(second).toMatchObject({ created: false, record: { status: 'REQUESTED' } });
  });
});

describe('recordResolution', () => {
  const resolved = [
    {
      purchaseId: 'p1',
      productId: '11',
      productNo: 'A',
      operationType: 'purchase_service',
      offeringId: '3048558512036749312',
      serviceId: '3131184659391672320',
      serviceName: 'Hotel PMS Integration',
      items: [{ serviceType: 'service', serviceId: '3131184659391672320', name: 'Hotel PMS Integration', purchaseType: 'purchase', billingModel: 'once', billingCycle: 'once', multiCycle: 0 }],
    },
    { purchaseId: 'p1', billingId: '3197218168379846218', billingContactName: 'Alice Nguyen' },
  ];

  it('merges the Parallel outputs and moves to RESOLVED', async () => {
    const store = newStore();
    await store.create(record('p1', 'REQUESTED'));

    const result = await recordResolution({ purchaseId: 'p1', resolved }, depsWith(store));

    expect(result).toEqual({ purchaseId: 'p1', status: 'RESOLVED' });
    const stored = await store.get('p1');
    expect(stored?.resolved).toMatchObject({ productId: '11', billingId: '3197218168379846218', serviceName: 'Hotel PMS Integration' });
    expect(stored?.resolved).not.toHaveProperty('purchaseId');
  });

  it('returns the stored status when repeated', async () => {
    const store = newStore();
    await store.create(record('p1', 'REQUESTED'));
    await recordResolution({ purchaseId: 'p1', resolved }, depsWith(store));

    const again = await recordResolution({ purchaseId: 'p1', resolved }, depsWith(store));

    expect(again.status).toBe('RESOLVED');
    expect((await store.get('p1'))?.history).toHaveLength(2);
  });

  it('rejects resolved values without items', async () => {
    const store = newStore();
    await store.create(record('p1', 'REQUESTED'));
    await expect(recordResolution({ purchaseId: 'p1', resolved: { productId: '11' } }, depsWith(store))).rejects.toMatchObject({
      name: 'InvalidRequestError',
    });
  });
});

describe('recordFailure', () => {
  const lambdaCause = JSON.stringify({ errorType: 'CatalogueLookupError', errorMessage: 'No service named "Hotel PMS"; available: Hotel Module' });

  it('records FAILED with the Lambda error message', async () => {
    const store = newStore();
    await store.create(record('p1', 'REQUESTED'));

    const result = await recordFailure({ purchaseId: 'p1', error: { Error: 'CatalogueLookupError', Cause: lambdaCause } }, depsWith(store));

    expect(result.status).toBe('FAILED');
    expect(result.record?.error).toEqual({ code: 'CatalogueLookupError', message: 'No service named "Hotel PMS"; available: Hotel Module' });
  });

  it('records UNKNOWN when asked after a save attempt', async () => {
    const store = newStore();
    await store.create(record('p1', 'SUBMITTING', { saveAttempts: 1 }));

    const result = await recordFailure({ purchaseId: 'p1', error: { Error: 'ReconciliationPendingError', Cause: 'list unreadable' }, outcome: 'UNKNOWN' }, depsWith(store));

    expect(result.status).toBe('UNKNOWN');
  });

  it('records UNKNOWN instead of FAILED when an order may exist', async () => {
    const store = newStore();
    await store.create(record('p1', 'SUBMITTING', { saveAttempts: 1 }));

    const result = await recordFailure({ purchaseId: 'p1', error: { Error: 'SubmissionInProgressError' } }, depsWith(store));

    expect(result.status).toBe('UNKNOWN');
  });

  it('records FAILED for SUBMITTING before any save attempt', async () => {
    const store = newStore();
    await store.create(record('p1', 'SUBMITTING'));

    const result = await recordFailure({ purchaseId: 'p1', error: { Error: 'PartnerApiUnavailableError' } }, depsWith(store));

    expect(result.status).toBe('FAILED');
  });

  it('falls back to FAILED where UNKNOWN is not a valid move', async () => {
    const store = newStore();
    await store.create(record('p1', 'RESOLVED'));

    const result = await recordFailure({ purchaseId: 'p1', error: { Error: 'States.Timeout' }, outcome: 'UNKNOWN' }, depsWith(store));

    expect(result.status).toBe('FAILED');
  });

  it('leaves a final purchase unchanged', async () => {
    const store = newStore();
    await store.create(record('p1', 'SUCCEEDED'));

    const result = await recordFailure({ purchaseId: 'p1', error: { Error: 'States.TaskFailed' } }, depsWith(store));

    expect(result.status).toBe('SUCCEEDED');
    expect(result.record?.error).toBeUndefined();
  });

  it('reports FAILED without a record for a purchase never recorded', async () => {
    const result = await recordFailure({ purchaseId: 'p-missing', error: { Error: 'InvalidRequestError' } }, depsWith(newStore()));
    expect(result).toEqual({ purchaseId: 'p-missing', status: 'FAILED' });
  });
});

describe('describeError', () => {
  it('removes bearer tokens and JWTs', () => {
    const cause = 'call failed with Authorization: Bearer abc.def-123 and token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const error = describeError('PartnerApiError', cause);
    expect(error.message).not.toContain('abc.def-123');
    expect(error.message).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(error.message).toContain('[redacted]');
  });

  it('reads the requestId from the message', () => {
    const error = describeError('PartnerApiRejectedError', JSON.stringify({ errorMessage: 'rejected (HTTP 400, requestId 7249dc2422a5b3192c06b00fa77d31a2)' }));
    expect(error.requestId).toBe('7249dc2422a5b3192c06b00fa77d31a2');
  });

  it('cuts long messages', () => {
    expect(describeError('X', 'y'.repeat(5000)).message).toHaveLength(1000);
  });

  it('reads the Partner API code and status', () => {
    const message =
      'Partner API purchase_product_info call was rejected (HTTP 404, code pbx_not_found, detailMessage "No PBX \\"X1\\" for product 11", requestId 7249dc2422a5b3192c06b00fa77d31a2)';

    const error = describeError('PartnerApiRejectedError', JSON.stringify({ errorType: 'PartnerApiRejectedError', errorMessage: message }));

    expect(error.code).toBe('PartnerApiRejectedError');
    expect(error.httpStatus).toBe(404);
    expect(error.details).toEqual({ partnerApiCode: 'pbx_not_found', detailMessage: 'No PBX \\"X1\\" for product 11' });
  });

  it('adds no details to other errors', () => {
    expect(describeError('CatalogueLookupError', 'No service named "Hotel PMS" in product 11').details).toBeUndefined();
  });
});

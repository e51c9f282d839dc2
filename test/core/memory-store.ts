/**
 * An in-memory PurchaseStore with the same conditions as the DynamoDB one: conditional
 * create, forward-only moves checked against ALLOWED_MOVES, history on every move, and
 * save-attempt claims that succeed only for the expected count. Records are copied in
 * and out, so a caller can never change a stored record by mutating what it got back.
 */
import { StatusConflictError, type Clock, type PurchaseStore, type StatusMoveRequest } from '../../functions/core/ports.js';
import { ALLOWED_MOVES, type PurchaseRecord, type ResolvedPurchase } from '../../functions/core/purchase.js';

export class MemoryPurchaseStore implements PurchaseStore {
  readonly #records = new Map<string, PurchaseRecord>();
  readonly #clock: Clock;

  constructor(clock: Clock = { now: () => Date.now() }) {
    this.#clock = clock;
  }

  async create(record: PurchaseRecord): Promise<{ created: boolean; record: PurchaseRecord }> {
    const existing = this.#records.get(record.purchaseId);
    if (existing !== undefined) return { created: false, record: structuredClone(existing) };
    this.#records.set(record.purchaseId, structuredClone(record));
    return { created: true, record: structuredClone(record) };
  }

  async get(purchaseId: string): Promise<PurchaseRecord | undefined> {
    const record = this.#records.get(purchaseId);
    return record === undefined ? undefined : structuredClone(record);
  }

  async listByProductNo(productNo: string, limit = 25): Promise<PurchaseRecord[]> {
    return [...this.#records.values()]
      .filter((record) => record.productNo === productNo)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((record) => structuredClone(record));
  }

  async move(purchaseId: string, request: StatusMoveRequest): Promise<PurchaseRecord> {
    const record = this.#records.get(purchaseId);
    if (record === undefined) {
      throw new StatusConflictError(`Purchase ${purchaseId} not found; it cannot move to ${request.to}`);
    }
    if (!request.from.includes(record.status) || !ALLOWED_MOVES[record.status].includes(request.to)) {
      throw new StatusConflictError(`Purchase ${purchaseId} is ${record.status}; it cannot move to ${request.to}`, structuredClone(record));
    }

    const at = new Date(this.#clock.now()).toISOString();
    Object.assign(record, structuredClone(request.set ?? {}));
    record.status = request.to;
    record.history.push(request.note === undefined ? { status: request.to, at } : { status: request.to, at, note: request.note });
    record.updatedAt = at;
    return structuredClone(record);
  }

  async claimSaveAttempt(purchaseId: string, expectedAttempts: number, submittedAt: string, resolved?: ResolvedPurchase): Promise<PurchaseRecord> {
    const record = this.#records.get(purchaseId);
    if (record === undefined || record.status !== 'SUBMITTING' || record.saveAttempts !== expectedAttempts) {
      throw new StatusConflictError(
        `Purchase ${purchaseId}: save attempt ${expectedAttempts + 1} cannot be claimed`,
        record === undefined ? undefined : structuredClone(record),
      );
    }
    record.saveAttempts += 1;
    record.submittedAt = submittedAt;
    if (resolved !== undefined) record.resolved = structuredClone(resolved);
    record.updatedAt = new Date(this.#clock.now()).toISOString();
    return structuredClone(record);
  }

  async releaseSaveAttempt(purchaseId: string, claimedAttempts: number): Promise<PurchaseRecord> {
    const record = this.#records.get(purchaseId);
    if (record === undefined || record.status !== 'SUBMITTING' || record.saveAttempts !== claimedAttempts) {
      throw new StatusConflictError(
        `Purchase ${purchaseId}: save attempt ${claimedAttempts} cannot be released`,
        record === undefined ? undefined : structuredClone(record),
      );
    }
    record.saveAttempts -= 1;
    record.updatedAt = new Date(this.#clock.now()).toISOString();
    return structuredClone(record);
  }
}

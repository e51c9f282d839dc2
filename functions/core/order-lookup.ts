/**
 * Reconciliation: finds the order that a `save` call with a lost response may have created, by its
 * `customReferenceNo` (the `poNumber` sent), PBX serial number and creation time.
 */
import { ReconciliationPendingError } from './errors.js';
import type { OrderListEntry, OrderListPage, PartnerApiPort } from './ports.js';
import type { PlacedOrder, PurchaseRecord } from './purchase.js';
import type { PurchaseSettings } from './settings.js';
import { withoutUndefined } from './without-undefined.js';

/** When the purchase's first `save` attempt could have started: its move to SUBMITTING. */
export function submissionStart(record: PurchaseRecord): number {
  const move = record.history.find((entry) => entry.status === 'SUBMITTING');
  return Date.parse(move?.at ?? record.submittedAt ?? record.createdAt);
}

/**
 * Reads the order list for the purchase's order. Returns the order, or `undefined` when
 * the list was read far enough to show there is none: to its end, or past orders created
 * before the first `save` attempt (minus `clockSkewMs`).
 *
 * Throws `ReconciliationPendingError` when a page cannot be read, when `reconcileMaxPages`
 * pages do not settle the question, or when several orders match.
 */
export async function findOrderInList(
  partnerApi: PartnerApiPort,
  record: PurchaseRecord,
  settings: PurchaseSettings,
): Promise<PlacedOrder | undefined> {
  const cutoff = submissionStart(record) - settings.clockSkewMs;
  const matches = new Map<string, OrderListEntry>();
  const collect = (results: readonly OrderListEntry[]): void => {
    for (const order of results) {
      if (isMatch(order, record, cutoff)) matches.set(order.id || order.orderNo, order);
    }
  };

  const firstPage = await readPage(partnerApi, record.purchaseId, 1, settings.reconcilePageSize);
  let pagesRead = 1;
  collect(firstPage.results);

  // The order list is documented without a sort order: newest first is read from page 1
  // onwards, oldest first from the last page backwards.
  const totalPage = Math.max(1, firstPage.totalPage);
  const oldestFirst = isOldestFirst(firstPage.results);
  let settled = totalPage === 1 || (!oldestFirst && reachesBefore(firstPage.results, cutoff));
  let remaining: number[] = [];
  if (totalPage > 1) {
    remaining = oldestFirst ? range(totalPage, 2) : range(2, totalPage);
  }

  for (const pageNo of remaining) {
    if (settled || pagesRead >= settings.reconcileMaxPages) break;
    const { results } = await readPage(partnerApi, record.purchaseId, pageNo, settings.reconcilePageSize);
    pagesRead += 1;
    collect(results);
    settled = reachesBefore(results, cutoff) || results.length === 0 || pageNo === remaining[remaining.length - 1];
  }

  if (matches.size > 1) {
    const orderNos = [...matches.values()].map((order) => order.orderNo).join(', ');
    throw new ReconciliationPendingError(record.purchaseId, `several orders carry customReferenceNo "${record.poNumber}" (${orderNos}); check them in the Partner Portal`);
  }
  const [match] = matches.values();
  if (match !== undefined) return toPlacedOrder(match);

  if (!settled) {
    throw new ReconciliationPendingError(
      record.purchaseId,
      `${pagesRead} order-list pages did not reach orders created before the first save attempt; raise reconcileMaxPages`,
    );
  }
  return undefined;
}

async function readPage(partnerApi: PartnerApiPort, purchaseId: string, pageNo: number, pageSize: number): Promise<OrderListPage> {
  try {
    return await partnerApi.listOrders({ pageNo, pageSize });
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ReconciliationPendingError(purchaseId, `reading order-list page ${pageNo} failed (${reason})`, { cause: error });
  }
}

function isMatch(order: OrderListEntry, record: PurchaseRecord, cutoff: number): boolean {
  if (order.customReferenceNo !== record.poNumber) return false;
  if (record.productNo !== undefined && order.productNo !== undefined && order.productNo.toUpperCase() !== record.productNo) return false;
  const createdAt = createTimeMs(order);
  return createdAt === undefined || createdAt >= cutoff;
}

/**
 * Returns the order's creation time in epoch milliseconds.
 * NOTE: the Partner API does not state the unit of `createTime`. Values below 10^11 are
 * read as seconds, because as milliseconds they would date from 1973. Read as too old,
 * they would make a placed order look missing.
 */
function createTimeMs(order: OrderListEntry): number | undefined {
  const time = order.createTime;
  if (time === undefined) return undefined;
  return time < 1e11 ? time * 1000 : time;
}

function isOldestFirst(results: readonly OrderListEntry[]): boolean {
  const times = results.map(createTimeMs).filter((time) => time !== undefined);
  const first = times[0];
  const last = times[times.length - 1];
  return first !== undefined && last !== undefined && first < last;
}

function reachesBefore(results: readonly OrderListEntry[], cutoff: number): boolean {
  return results.some((order) => {
    const createdAt = createTimeMs(order);
    return createdAt !== undefined && createdAt < cutoff;
  });
}

function range(from: number, to: number): number[] {
  const step = from <= to ? 1 : -1;
  const numbers: number[] = [];
  for (let value = from; step > 0 ? value <= to : value >= to; value += step) numbers.push(value);
  return numbers;
}

function toPlacedOrder(order: OrderListEntry): PlacedOrder {
  return withoutUndefined({
    orderNo: order.orderNo,
    orderId: order.id,
    orderStatus: order.orderStatus,
    productNo: order.productNo,
    source: 'reconciled' as const,
  });
}

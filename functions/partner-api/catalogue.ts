/**
 * Finding a plan or service in a `purchase_product_info` result by name or id.
 *
 * The Partner API does not publish the catalogue's item fields, so the search is
 * tolerant: plans are read from `planList` (or `plans`), services from `serviceList`
 * (or `services`, `addOnList`) at the top level and nested under each plan, and a name
 * may sit in any of `NAME_FIELDS`. Names match case-insensitively, ignoring surrounding
 * whitespace and runs of inner whitespace.
 */

/** A plan or service of a product's catalogue. */
export interface CatalogueEntry {
  kind: 'plan' | 'service';
  /** The `planId` or `serviceId`, as a decimal string. */
  id: string;
  /** The name, from the first name field present; empty when the item has none. */
  name: string;
  purchaseType?: string;
  billingModel?: string;
  billingCycle?: string;
  multiCycle?: number;
  /** For a service listed under a plan: that plan's id, the `connectionPlanId` of an order. */
  parentPlanId?: string;
}

/** A catalogue search by name, id or both; with both, an entry must match both. */
export interface CatalogueQuery {
  name?: string;
  id?: string;
  kind?: 'plan' | 'service';
}

/** The fields read as an item's name, in order of preference. */
export const NAME_FIELDS = ['serviceName', 'planName', 'name', 'displayName', 'title', 'label'] as const;

const PLAN_LIST_FIELDS = ['planList', 'plans'];
const SERVICE_LIST_FIELDS = ['serviceList', 'services', 'addOnList', 'addonList'];
const PLAN_ID_FIELDS = ['planId', 'pricingPlanId', 'id', 'serviceId'];
const SERVICE_ID_FIELDS = ['serviceId', 'pricingServiceId', 'addOnId', 'id'];

/** No entry, or more than one, matched a catalogue query. */
export class CatalogueLookupError extends Error {
  override name = 'CatalogueLookupError';
  readonly query: CatalogueQuery;
  /** The names of the entries of the requested kind that the catalogue contains. */
  readonly available: string[];
  /** The entries that matched, when there were several. */
  readonly matches: CatalogueEntry[];

  constructor(message: string, query: CatalogueQuery, available: string[], matches: CatalogueEntry[] = []) {
    super(message);
    this.query = query;
    this.available = available;
    this.matches = matches;
  }
}

/** Normalizes a name for comparison: Unicode NFKC, trimmed, inner whitespace collapsed, lower case. */
export function normalizeCatalogueName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Lists every plan and service of a `purchase_product_info` result, each once. */
export function listCatalogueEntries(productInfo: unknown): CatalogueEntry[] {
  return collectItems(productInfo).map((item) => item.entry);
}

interface CatalogueItem {
  entry: CatalogueEntry;
  /** The normalized values of every name field of the item. */
  names: string[];
}

function collectItems(productInfo: unknown): CatalogueItem[] {
  const items = new Map<string, CatalogueItem>();
  const add = (item: CatalogueItem | undefined) => {
    const key = `${item?.entry.kind}:${item?.entry.id}`;
    if (item !== undefined && !items.has(key)) items.set(key, item);
  };

  if (!isRecord(productInfo)) {
    return [];
  }

  for (const plan of readList(productInfo, PLAN_LIST_FIELDS)) {
    const planItem = readItem(plan, 'plan');
    add(planItem);
    for (const service of readList(plan, SERVICE_LIST_FIELDS)) {
      add(readItem(service, 'service', planItem?.entry.id));
    }
  }
  for (const service of readList(productInfo, SERVICE_LIST_FIELDS)) {
    add(readItem(service, 'service'));
  }
  return [...items.values()];
}

/**
 * Finds the one plan or service matching `query`.
 *
 * @throws CatalogueLookupError when nothing or more than one entry matches; it lists the
 *   available names.
 * @throws TypeError when the query has neither a name nor an id.
 */
export function findCatalogueEntry(productInfo: unknown, query: CatalogueQuery): CatalogueEntry {
  const hasName = query.name !== undefined && query.name.trim() !== '';
  const hasId = query.id !== undefined && query.id.trim() !== '';
  if (!hasName && !hasId) {
    throw new TypeError('Invalid catalogue query: give the name or the id of the plan or service');
  }

  const items = collectItems(productInfo).filter((item) => query.kind === undefined || item.entry.kind === query.kind);
  const queryName = hasName ? normalizeCatalogueName(query.name!) : undefined;
  const queryId = hasId ? query.id!.trim() : undefined;
  const matches = items
    .filter((item) => (queryId === undefined || item.entry.id === queryId) && (queryName === undefined || item.names.includes(queryName)))
    .map((item) => item.entry);
  const candidates = items.map((item) => item.entry);

  if (matches.length === 1) {
    return matches[0]!;
  }

  const available = candidates.map((entry) => entry.name).filter((name) => name !== '');
  const description = describeQuery(query);
  if (matches.length === 0) {
    const list = candidates.length === 0 ? 'the catalogue lists none; check productId and productNo' : `available: ${candidates.map(describeEntry).join(', ')}`;
    throw new CatalogueLookupError(`No catalogue entry matches ${description}; ${list}`, query, available);
  }
  throw new CatalogueLookupError(
    `Several catalogue entries match ${description}: ${matches.map(describeEntry).join(', ')}; give the id or the kind to choose one`,
    query,
    available,
    matches,
  );
}

function readItem(item: Record<string, unknown>, listKind: 'plan' | 'service', parentPlanId?: string): CatalogueItem | undefined {
  // An item's own serviceType wins over the list it sits in.
  const kind = item.serviceType === 'plan' || item.serviceType === 'service' ? item.serviceType : listKind;
  const id = readId(item, kind === 'plan' ? PLAN_ID_FIELDS : SERVICE_ID_FIELDS);
  if (id === undefined) {
    return undefined;
  }

  const entry: CatalogueEntry = { kind, id, name: readName(item) };
  for (const field of ['purchaseType', 'billingModel', 'billingCycle'] as const) {
    const value = item[field];
    if (typeof value === 'string') entry[field] = value;
  }
  const multiCycle = item.multiCycle;
  if (typeof multiCycle === 'number' || (typeof multiCycle === 'string' && /^\d+$/.test(multiCycle))) {
    entry.multiCycle = Number(multiCycle);
  }
  if (parentPlanId !== undefined && kind === 'service') entry.parentPlanId = parentPlanId;

  const names = NAME_FIELDS.map((field) => item[field]).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  return { entry, names: names.map(normalizeCatalogueName) };
}

function readName(item: Record<string, unknown>): string {
  for (const field of NAME_FIELDS) {
    const value = item[field];
    if (typeof value === 'string' && value.trim() !== '') {
      return value.trim();
    }
  }
  return '';
}

function readId(item: Record<string, unknown>, fields: string[]): string | undefined {
  for (const field of fields) {
    const value = item[field];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
    if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  }
  return undefined;
}

function readList(record: Record<string, unknown>, fields: string[]): Record<string, unknown>[] {
  return fields.flatMap((field) => {
    const value = record[field];
    return Array.isArray(value) ? value.filter(isRecord) : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeQuery(query: CatalogueQuery): string {
  const parts: string[] = [];
  if (query.name !== undefined && query.name.trim() !== '') parts.push(`name "${query.name}"`);
  if (query.id !== undefined && query.id.trim() !== '') parts.push(`id ${query.id}`);
  return (query.kind === undefined ? '' : `${query.kind} `) + parts.join(' and ');
}

function describeEntry(entry: CatalogueEntry): string {
  return `"${entry.name || '(no name)'}" (${entry.kind} ${entry.id})`;
}

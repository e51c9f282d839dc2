/**
 * A Partner API client decorator that keeps catalogue and billing-contact responses for a
 * while, so a warm purchase needs one Partner API call: `save`. Both change rarely (a
 * new plan, a new contact), and a stale entry is dropped when a lookup or an order
 * fails on it (`invalidateLookups`).
 *
 * On Lambda the cache lives as long as the function instance; in the local runtime, as
 * long as the process.
 */
import type { PartnerApiPort } from '../core/ports.js';

export interface CachedLookupsOptions {
  /** How long a response is reused, in ms. Default 5 minutes. */
  ttlMs?: number;
  /** Catalogue responses kept at most (one per product and PBX); the oldest goes first. Default 256. */
  maxEntries?: number;
  clock?: { now(): number };
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

export const DEFAULT_LOOKUP_TTL_MS = 5 * 60_000;

export class CachedLookups implements PartnerApiPort {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: { now(): number };
  private readonly catalogues = new Map<string, Entry<unknown>>();
  private contacts: Entry<Awaited<ReturnType<PartnerApiPort['listBillingContacts']>>> | undefined;

  constructor(
    private readonly target: PartnerApiPort,
    options: CachedLookupsOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LOOKUP_TTL_MS;
    this.maxEntries = options.maxEntries ?? 256;
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  /** Returns the cached catalogue of a product (and PBX), or fetches it; concurrent misses share one call. */
  getPurchaseProductInfo(query: { productId: string; productNo?: string }): Promise<unknown> {
    const key = `${query.productId}|${query.productNo ?? ''}`;
    const now = this.clock.now();
    const cached = this.catalogues.get(key);
    if (cached !== undefined && cached.expiresAt > now) {
      return cached.value;
    }

    const value = this.target.getPurchaseProductInfo(query);
    this.catalogues.delete(key);
    this.catalogues.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.catalogues.get(key)?.value === value) this.catalogues.delete(key);
    });
    this.evictOldest();
    return value;
  }

  /** Returns the cached billing contacts, or fetches them; concurrent misses share one call. */
  listBillingContacts(): ReturnType<PartnerApiPort['listBillingContacts']> {
    const now = this.clock.now();
    if (this.contacts !== undefined && this.contacts.expiresAt > now) {
      return this.contacts.value;
    }

    const value = this.target.listBillingContacts();
    const entry = { value, expiresAt: now + this.ttlMs };
    this.contacts = entry;
    value.catch(() => {
      if (this.contacts === entry) this.contacts = undefined;
    });
    return value;
  }

  /** Drops every cached response, so the next lookup calls the Partner API. */
  invalidateLookups(): void {
    this.catalogues.clear();
    this.contacts = undefined;
  }

  getSubscriptionPrice(...args: Parameters<PartnerApiPort['getSubscriptionPrice']>) {
    return this.target.getSubscriptionPrice(...args);
  }

  createOrder(...args: Parameters<PartnerApiPort['createOrder']>) {
    return this.target.createOrder(...args);
  }

  listOrders(...args: Parameters<PartnerApiPort['listOrders']>) {
    return this.target.listOrders(...args);
  }

  getOrderDetails(...args: Parameters<PartnerApiPort['getOrderDetails']>) {
    return this.target.getOrderDetails(...args);
  }

  private evictOldest(): void {
    while (this.catalogues.size > this.maxEntries) {
      const oldest = this.catalogues.keys().next().value;
      if (oldest === undefined) return;
      this.catalogues.delete(oldest);
    }
  }
}

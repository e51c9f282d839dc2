/**
 * Everything a running sandbox remembers: seed data, committed orders, tokens, faults,
 * the request log, the rate limit, the clock offset and the settings.
 */

import { FaultQueue } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { createSeed } from './seed.js';
import type { SandboxSeed } from './seed.js';
import { DEFAULT_SETTINGS } from './settings.js';
import type { SandboxSettings } from './settings.js';
import { TokenStore } from './tokens.js';

/** One ordered plan or service, with its ids as decimal strings. */
export interface OrderItem {
  serviceType: 'plan' | 'service';
  serviceId: string;
  name: string;
  purchaseType: string;
  billingModel: string | null;
  billingCycle: string | null;
  multiCycle: number | null;
  quantity: number | null;
  connectionPlanId: string | null;
  amount: number;
}

/** A committed order. */
export interface SandboxOrder {
  id: string;
  orderNo: string;
  transactionNo: string;
  instanceId: string;
  invoiceNo: string;
  orderStatus: string;
  operationType: string;
  productId: number;
  productNo: string;
  billingId: string | null;
  poNumber: string | null;
  currencyCode: 'USD';
  totalAmount: number;
  /** Creation time on the sandbox clock, epoch milliseconds. */
  createTime: number;
  items: OrderItem[];
  /** The `save` body as received; integers above 2^53 are decimal strings with every digit. */
  request: unknown;
}

/** One Partner API request in the log, without headers or bodies. */
export interface RequestLogEntry {
  method: string;
  path: string;
  route: string;
  /** HTTP status sent, or 0 when the connection was dropped without a response. */
  status: number;
  durationMs: number;
  /** When the request arrived, ISO 8601 on the sandbox clock. */
  at: string;
  /** The injected fault that shaped the response, if any. */
  fault?: string;
}

/** Largest number of entries the request log keeps; older ones are dropped first. */
export const MAX_LOGGED_REQUESTS = 10_000;

export class SandboxState {
  seed: SandboxSeed = createSeed();
  settings: SandboxSettings;
  orders: SandboxOrder[] = [];
  requests: RequestLogEntry[] = [];
  readonly tokens = new TokenStore();
  readonly faults = new FaultQueue();
  readonly rateLimiter = new RateLimiter();
  clockOffsetMs = 0;

  constructor(private readonly initialSettings: Partial<SandboxSettings> = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...initialSettings };
  }

  /** Current time on the sandbox clock, epoch milliseconds. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOGGED_REQUESTS) {
      this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS);
    }
  }

  /** Restores the seed and the start-up settings, and clears orders, tokens, faults and the request log. */
  reset(): void {
    this.seed = createSeed();
    this.settings = { ...DEFAULT_SETTINGS, ...this.initialSettings };
    this.orders = [];
    this.requests = [];
    this.tokens.clear();
    this.faults.clear();
    this.rateLimiter.configure(0);
    this.clockOffsetMs = 0;
  }
}

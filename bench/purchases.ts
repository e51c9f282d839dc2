/**
 * Figures 1, 2 and 4: Partner API round trips per purchase, purchase latency against a
 * sandbox that responds after a fixed delay, and billed state transitions per purchase.
 */
import { startLocalRuntime, type LocalRuntime } from '../local/runtime.js';
import { TUTORIAL_PRODUCT_NO } from '../local/sandbox/seed.js';
import { describeRoutes, measurePurchase, type MeasuredPurchase } from './runtime-purchase.js';
import { setSandboxSettings } from './sandbox-control.js';
import { figure, summarize, type Figure } from './stats.js';

/** The other Appliance Edition PBXs (product 11) of the sandbox seed. */
const OTHER_APPLIANCE_PBXS = ['3631E0997266', '3632F1103348'];
const APPLIANCE_PBXS = [TUTORIAL_PRODUCT_NO, ...OTHER_APPLIANCE_PBXS];

/** A client without caching: token, catalogue, billing contacts, save. */
export const NAIVE_ROUND_TRIPS = 4;
/** A warm purchase needs only `save` when the token, catalogue and contacts are cached. */
export const WARM_ROUND_TRIP_LIMIT = 1;
export const SANDBOX_LATENCY_MS = 50;
/** Standard workflow price in US dollars per state transition ($0.025 per 1,000, us-east-1). */
export const PRICE_PER_TRANSITION_USD = 0.025 / 1000;

export interface PurchaseRuns {
  firstRuns: number;
  warmRuns: number;
  latencyRuns: number;
}

export interface PurchaseResults {
  figures: Figure[];
  /** Routes of the first and of a warm purchase, for the record. */
  firstRoutes: string;
  warmRoutes: string;
  failures: string[];
}

function requireSucceeded(purchase: MeasuredPurchase, failures: string[]): MeasuredPurchase {
  if (purchase.executionStatus !== 'SUCCEEDED') {
    failures.push(`${purchase.purchaseId}: execution ${purchase.executionStatus}`);
  }
  return purchase;
}

export async function measurePurchases(runs: PurchaseRuns): Promise<PurchaseResults> {
  const failures: string[] = [];
  const first: MeasuredPurchase[] = [];
  const warm: MeasuredPurchase[] = [];
  const timed: MeasuredPurchase[] = [];
  let runtime: LocalRuntime | undefined;

  try {
    // Each first purchase gets a fresh runtime and sandbox: no token, no records.
    for (let run = 0; run < runs.firstRuns; run += 1) {
      await runtime?.close();
      runtime = await startLocalRuntime();
      first.push(requireSucceeded(await measurePurchase(runtime, TUTORIAL_PRODUCT_NO, `bench-first-${run}`), failures));
    }

    // Warm: the same product and billing contact with the token cached, on other PBXs and keys.
    for (let run = 0; run < runs.warmRuns; run += 1) {
      const productNo = OTHER_APPLIANCE_PBXS[run % OTHER_APPLIANCE_PBXS.length]!;
      warm.push(requireSucceeded(await measurePurchase(runtime!, productNo, `bench-warm-${run}`), failures));
    }

    await setSandboxSettings(runtime!.sandbox!.url, { latencyMs: SANDBOX_LATENCY_MS });
    await measurePurchase(runtime!, TUTORIAL_PRODUCT_NO, 'bench-latency-warmup');
    for (let run = 0; run < runs.latencyRuns; run += 1) {
      const productNo = APPLIANCE_PBXS[run % APPLIANCE_PBXS.length]!;
      timed.push(requireSucceeded(await measurePurchase(runtime!, productNo, `bench-latency-${run}`), failures));
    }
  } finally {
    await runtime?.close();
  }

  const firstTrips = summarize(first.map((purchase) => purchase.requests.length));
  const warmTrips = summarize(warm.map((purchase) => purchase.requests.length));
  const timedTrips = summarize(timed.map((purchase) => purchase.requests.length));
  const latency = summarize(timed.map((purchase) => purchase.latencyMs));
  const idealMs = timedTrips.median * SANDBOX_LATENCY_MS;
  const idealName = `ideal (${timedTrips.median} round trip${timedTrips.median === 1 ? '' : 's'} x ${SANDBOX_LATENCY_MS} ms)`;
  const warmTransitions = summarize(warm.map((purchase) => purchase.transitions));
  const firstTransitions = summarize(first.map((purchase) => purchase.transitions));

  const group1 = '1. Partner API round trips per purchase';
  const group2 = `2. Purchase latency, sandbox answering after ${SANDBOX_LATENCY_MS} ms`;
  const group4 = '4. State transitions per purchase';
  const figures: Figure[] = [
    figure({
      group: group1,
      name: 'first purchase',
      unit: 'requests',
      summary: firstTrips,
      reference: { name: 'naive client', value: NAIVE_ROUND_TRIPS },
      target: { text: 'none (token call expected)', met: undefined },
    }),
    figure({
      group: group1,
      name: 'warm purchase',
      unit: 'requests',
      summary: warmTrips,
      reference: { name: 'naive client', value: NAIVE_ROUND_TRIPS },
      target: { text: `${WARM_ROUND_TRIP_LIMIT} (save only)`, met: warmTrips.median <= WARM_ROUND_TRIP_LIMIT },
    }),
    figure({
      group: group2,
      name: 'median',
      unit: 'ms',
      summary: latency,
      spread: 'p5-p95',
      reference: { name: idealName, value: idealMs },
      target: { text: '≤ 1.3x ideal', met: latency.median <= 1.3 * idealMs },
    }),
    figure({
      group: group2,
      name: 'p95',
      unit: 'ms',
      summary: latency,
      statistic: 'p95',
      spread: 'p5-p95',
      reference: { name: idealName, value: idealMs },
      target: { text: '≤ 1.3x ideal', met: latency.p95 <= 1.3 * idealMs },
    }),
    figure({
      group: group4,
      name: 'warm purchase',
      unit: 'transitions',
      summary: warmTransitions,
      target: { text: 'none (recorded)', met: undefined },
    }),
    figure({
      group: group4,
      name: 'first purchase',
      unit: 'transitions',
      summary: firstTransitions,
      target: { text: 'none (recorded)', met: undefined },
    }),
    figure({
      group: group4,
      name: 'Standard cost per 1,000 purchases',
      unit: 'USD',
      summary: summarize(warm.map((purchase) => purchase.transitions * PRICE_PER_TRANSITION_USD * 1000)),
      target: { text: 'none (recorded)', met: undefined },
      note: '$0.025 per 1,000 transitions (us-east-1), before the free tier',
    }),
  ];

  return {
    figures,
    firstRoutes: first[0] === undefined ? '' : describeRoutes(first[0].requests),
    warmRoutes: warm[0] === undefined ? '' : describeRoutes(warm[0].requests),
    failures,
  };
}

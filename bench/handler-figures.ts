/** Turns the bundle sizes and cold starts of figure 3 into reported figures. */
import type { HandlerBundle } from './bundles.js';
import type { ColdStart } from './cold-start.js';
import { figure, summarize, type Figure } from './stats.js';

/** Size limit per handler bundle, minified, in bytes (1 KB = 1,000 bytes). */
export const BUNDLE_SIZE_LIMIT_BYTES = 300_000;
/** Cold-start limits as ratios to the empty handler. */
export const COLD_START_LIMIT = { withoutDynamoDb: 1.6, withDynamoDb: 2 };

export const SIZE_GROUP = '3a. Lambda bundle size (minified)';
export const COLD_GROUP = '3b. Lambda cold start (process start to end of first invocation)';

export interface HandlerRow {
  entry: string;
  minifiedKB: number;
  gzipKB: number;
  usesDynamoDb: boolean;
  sizeMet: boolean;
  coldStart: ColdStart;
  /** The empty handler's figure that the ratio divides by. */
  referenceMs: number;
  ratio: number;
  ratioLimit: number;
  coldMet: boolean;
  /** The five largest contributors, for a bundle over the size limit. */
  largest: Array<{ name: string; kB: number }>;
}

export function handlerRows(bundles: HandlerBundle[], coldStarts: ColdStart[], empty: ColdStart): HandlerRow[] {
  return bundles.map((bundle) => {
    const coldStart = coldStarts.find((item) => item.entry === bundle.entry)!;
    const referenceMs = coldStart.mode === 'load-only' ? empty.startAndLoad.median : empty.total.median;
    const ratio = coldStart.total.median / referenceMs;
    const ratioLimit = bundle.usesDynamoDb ? COLD_START_LIMIT.withDynamoDb : COLD_START_LIMIT.withoutDynamoDb;
    const sizeMet = bundle.minifiedBytes <= BUNDLE_SIZE_LIMIT_BYTES;
    return {
      entry: bundle.entry,
      minifiedKB: bundle.minifiedBytes / 1000,
      gzipKB: bundle.gzipBytes / 1000,
      usesDynamoDb: bundle.usesDynamoDb,
      sizeMet,
      coldStart,
      referenceMs,
      ratio,
      ratioLimit,
      coldMet: ratio <= ratioLimit,
      largest: sizeMet ? [] : bundle.contributors.slice(0, 5).map((part) => ({ name: part.name, kB: part.bytes / 1000 })),
    };
  });
}

export function handlerFigures(rows: HandlerRow[], empty: ColdStart): Figure[] {
  const figures: Figure[] = [];
  for (const row of rows) {
    figures.push(
      figure({
        group: SIZE_GROUP,
        name: row.entry,
        unit: 'KB',
        summary: summarize([row.minifiedKB]),
        reference: { name: 'size limit', value: BUNDLE_SIZE_LIMIT_BYTES / 1000 },
        target: { text: `≤ ${BUNDLE_SIZE_LIMIT_BYTES / 1000} KB`, met: row.sizeMet },
        note: `gzip ${row.gzipKB.toFixed(1)} KB`,
      }),
    );
  }
  for (const row of rows) {
    const loadOnly = row.coldStart.mode === 'load-only';
    figures.push(
      figure({
        group: COLD_GROUP,
        name: loadOnly ? `${row.entry} (MODULE LOAD ONLY)` : row.entry,
        unit: 'ms',
        summary: row.coldStart.total,
        reference: { name: loadOnly ? 'empty handler, start and load' : 'empty handler', value: row.referenceMs },
        target: { text: `≤ ${row.ratioLimit}x (${row.usesDynamoDb ? 'uses' : 'no'} DynamoDB)`, met: row.coldMet },
        note: loadOnly
          ? `first invocation failed: ${row.coldStart.error ?? 'unknown error'}`
          : `load ${row.coldStart.load.median.toFixed(0)} ms, first invocation ${row.coldStart.invoke.median.toFixed(0)} ms`,
      }),
    );
  }
  figures.push(
    figure({
      group: COLD_GROUP,
      name: '(empty handler, the reference)',
      unit: 'ms',
      summary: empty.total,
      target: { text: 'none (reference)', met: undefined },
    }),
  );
  return figures;
}

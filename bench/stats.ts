/** Summary statistics of repeated measurements, and the record of one benchmark figure. */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p5: number;
  p95: number;
}

/** Linear-interpolation percentile (the method NumPy calls `linear`) of sorted values, `p` from 0 to 100. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 1) return sorted[0]!;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new Error('summarize: no values to summarize; the benchmark recorded no runs');
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    p5: percentile(sorted, 5),
    p95: percentile(sorted, 95),
  };
}

/** One reported figure: a median with its spread, its reference, the ratio to it and the target. */
export interface Figure {
  /** Section number and name, for example `1. Partner API round trips`. */
  group: string;
  name: string;
  unit: string;
  summary: Summary;
  /** The statistic of `summary` that the figure reports: the median unless stated. */
  statistic: 'median' | 'p95';
  /** The reported statistic's value. */
  value: number;
  /** The spread that the table shows: min–max for few runs, p5–p95 for many. */
  spread: 'min-max' | 'p5-p95';
  reference?: { name: string; value: number };
  /** `value / reference.value`, when there is a reference. */
  ratio?: number;
  /** The target as text (for example `≤ 1.3x`) and whether `value` meets it; `met` is undefined when no target applies. */
  target?: { text: string; met: boolean | undefined };
  note?: string;
}

export function ratioOf(value: number, reference: number): number | undefined {
  return reference > 0 ? value / reference : undefined;
}

type FigureFields = Omit<Figure, 'ratio' | 'spread' | 'statistic' | 'value'> & { spread?: Figure['spread']; statistic?: Figure['statistic'] };

/** Builds a figure, computing its value and the ratio to the reference. */
export function figure(fields: FigureFields): Figure {
  const statistic = fields.statistic ?? 'median';
  const value = statistic === 'p95' ? fields.summary.p95 : fields.summary.median;
  const ratio = fields.reference === undefined ? undefined : ratioOf(value, fields.reference.value);
  return {
    ...fields,
    statistic,
    value,
    spread: fields.spread ?? (fields.summary.n >= 20 ? 'p5-p95' : 'min-max'),
    ...(ratio === undefined ? {} : { ratio }),
  };
}

/** Renders a benchmark record as a console table and as the BENCHMARKS.md page. */
import type { BulkRun } from './bulk.js';
import type { HandlerRow } from './handler-figures.js';
import type { Machine } from './machine.js';
import { HOW_MEASURED } from './methods.js';
import type { Figure } from './stats.js';
import type { CommandRun } from './tooling.js';

export interface BenchmarkRecord {
  command: string;
  mode: 'full' | 'quick';
  machine: Machine;
  durationSeconds: number;
  figures: Figure[];
  handlers: HandlerRow[];
  bulkRuns: BulkRun[];
  synthRuns: CommandRun[];
  testRun?: CommandRun;
  /** Routes of the first and of a warm purchase, in request order. */
  routes: { first: string; warm: string };
  /** Calls that the cold-started handlers made to the AWS stub, by operation. */
  stubCalls: Record<string, number>;
  /** Problems seen while measuring, such as failed purchases. */
  problems: string[];
}

function format(value: number, unit: string): string {
  if (unit === 'USD') return `$${value.toFixed(3)}`;
  if (unit === 'KB') return `${value.toFixed(1)} KB`;
  if (unit === 'ms') return value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
  // Singular for exactly one: "1 request", "1 transition".
  const word = value === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${word}`;
}

function spread(item: Figure): string {
  if (item.summary.n === 1) return '(1 run)';
  const [low, high] = item.spread === 'p5-p95' ? [item.summary.p5, item.summary.p95] : [item.summary.min, item.summary.max];
  const unit = item.unit === 'KB' || item.unit === 'ms' || item.unit === 'USD' ? item.unit : '';
  const range = unit === '' ? `${Number(low.toFixed(1))}–${Number(high.toFixed(1))}` : `${format(low, unit)}–${format(high, unit)}`;
  return `${item.spread === 'p5-p95' ? 'p5–p95' : 'min–max'} ${range}, n=${item.summary.n}`;
}

function verdict(item: Figure): string {
  if (item.target === undefined || item.target.met === undefined) return '–';
  return item.target.met ? 'met' : 'MISSED';
}

function row(item: Figure): string[] {
  const statistic = item.statistic === 'p95' ? ' (p95)' : '';
  return [
    item.name,
    `${format(item.value, item.unit)}${statistic}`,
    spread(item),
    item.reference === undefined ? '–' : `${item.reference.name}: ${format(item.reference.value, item.unit)}`,
    item.ratio === undefined ? '–' : `${item.ratio.toFixed(2)}x`,
    item.target?.text ?? '–',
    verdict(item),
  ];
}

/** Figure groups in section order: 1, 2, 3a, 3b, 4, 5, 6. */
function orderedGroups(figures: Figure[]): string[] {
  return [...new Set(figures.map((item) => item.group))].sort((a, b) => a.split('.')[0]!.localeCompare(b.split('.')[0]!));
}

const HEADER = ['figure', 'value', 'spread', 'reference', 'ratio', 'target', 'result'];

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Renders a plain-text table for the terminal, grouped by figure. */
export function renderConsole(record: BenchmarkRecord): string {
  const lines: string[] = [];
  for (const group of orderedGroups(record.figures)) {
    const rows = [HEADER, ...record.figures.filter((item) => item.group === group).map(row)];
    const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
    lines.push('', group);
    for (const cells of rows) lines.push('  ' + cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  }
  if (record.problems.length > 0) lines.push('', 'Problems:', ...record.problems.map((problem) => `  - ${problem}`));
  lines.push('', `${record.mode} run, ${record.durationSeconds.toFixed(0)} s; BENCHMARKS.md rewritten.`);
  return lines.join('\n');
}

function handlerSection(record: BenchmarkRecord): string {
  const rows = record.handlers.map((item) => [
    item.coldStart.mode === 'load-only' ? `${item.entry} (module load only)` : item.entry,
    item.minifiedKB.toFixed(1),
    item.gzipKB.toFixed(1),
    item.sizeMet ? 'met' : 'MISSED',
    item.usesDynamoDb ? 'yes' : 'no',
    `${item.coldStart.total.median.toFixed(0)} (${item.coldStart.total.min.toFixed(0)}–${item.coldStart.total.max.toFixed(0)})`,
    item.coldStart.load.median.toFixed(0),
    item.coldStart.invoke.median.toFixed(0),
    `${item.ratio.toFixed(2)}x`,
    `≤ ${item.ratioLimit}x`,
    item.coldMet ? 'met' : 'MISSED',
  ]);
  const table = markdownTable(
    ['handler', 'minified KB', 'gzip KB', '≤ 300 KB', 'DynamoDB', 'cold start ms, median (min–max)', 'load ms', 'first invocation ms', 'ratio to empty', 'target', 'result'],
    rows,
  );
  const over = record.handlers.filter((item) => item.largest.length > 0);
  const contributors = over.map((item) => `- \`${item.entry}\`: ${item.largest.map((part) => `${part.name} ${part.kB.toFixed(0)} KB`).join(', ')}`);
  return [table, '', over.length === 0 ? 'Every bundle is within the size limit.' : 'Largest contributors of each bundle over the size limit (bytes in the minified output):', '', ...contributors].join('\n');
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${count}`).join(', ');
}

function bulkSection(record: BenchmarkRecord): string {
  const details = record.bulkRuns.map(
    (run, index) =>
      `- run ${index + 1}: round trips by route: ${formatCounts(run.roundTripsByRoute)}; ` +
      `Step Functions retries by state: ${formatCounts(run.retriesByState)}; failed purchases by error: ${formatCounts(run.failuresByError)}` +
      (run.failureCauses.length === 0 ? '' : `; causes: ${run.failureCauses.map((cause) => `\`${cause.replace(/`/g, "'")}\``).join(', ')}`),
  );
  return [bulkTable(record), '', ...details].join('\n');
}

function bulkTable(record: BenchmarkRecord): string {
  return markdownTable(
    ['run', 'purchases', 'wall time', 'round trips', 'ideal', 'ratio', 'failed', 'duplicate orders', '429s', 'timed out'],
    record.bulkRuns.map((run, index) => [
      String(index + 1),
      String(run.purchases),
      format(run.wallMs, 'ms'),
      String(run.roundTrips),
      format(run.idealMs, 'ms'),
      `${(run.wallMs / run.idealMs).toFixed(2)}x`,
      String(run.failed),
      String(run.duplicateOrders),
      String(run.throttled),
      run.timedOut ? 'yes' : 'no',
    ]),
  );
}

function toolingSection(record: BenchmarkRecord): string {
  const runs = [...record.synthRuns, ...(record.testRun ? [record.testRun] : [])];
  const table = markdownTable(
    ['command', 'time', 'exit status'],
    runs.map((run) => [`\`${run.command}\``, format(run.ms, 'ms'), String(run.exitCode)]),
  );
  const testTail = record.testRun ? ['', '`npm test` summary:', '', '```text', record.testRun.tail, '```'] : ['', '`npm test` was skipped: quick mode does not run it.'];
  return [table, ...testTail].join('\n');
}

export function renderMarkdown(record: BenchmarkRecord): string {
  const { machine } = record;
  const out: string[] = [
    '# Benchmarks',
    '',
    `This page is rewritten by \`${record.command}\` (${record.mode} mode, ${record.durationSeconds.toFixed(0)} s). ` +
      'Each figure is a median over repeated runs with its spread, beside its reference measured in the same run and its target. ' +
      '`npm run --silent bench -- --json` prints the same figures as JSON alone (without `--silent`, npm adds its banner), and `--quick` runs fewer repetitions in under a minute and skips `npm test`. ' +
      'The machine was not reserved for the run: the load average below shows how busy it was at the start.',
    '',
    '## Machine',
    '',
    markdownTable(
      ['cores', 'memory', 'CPU', 'Node.js', 'platform', 'load average (1 min) at start', 'date (UTC)'],
      [[String(machine.cores), `${machine.memoryGiB} GiB`, machine.cpuModel, machine.node, machine.platform, machine.loadAverage.toFixed(2), machine.date]],
    ),
    '',
    '## Targets',
    '',
    markdownTable(HEADER.slice(0, 1).concat(['group'], HEADER.slice(1)), record.figures.filter((item) => item.target?.met !== undefined && !item.group.startsWith('3')).map((item) => { const cells = row(item); return [cells[0]!, item.group, ...cells.slice(1)]; })),
    '',
    `Lambda handlers: ${record.handlers.filter((item) => item.sizeMet).length} of ${record.handlers.length} within the size limit, ` +
      `${record.handlers.filter((item) => item.coldMet).length} of ${record.handlers.length} within their cold-start limit (section 3).`,
  ];

  for (const group of orderedGroups(record.figures)) {
    // Sizes (3a) and cold starts (3b) share one table, under one heading.
    if (group.startsWith('3a')) continue;
    const number = group.split('.')[0]!.replace(/[a-z]$/, '');
    if (number === '3') {
      out.push('', '## 3. Lambda bundles: size and cold start', '', handlerSection(record));
    } else {
      out.push('', `## ${group}`, '', markdownTable(HEADER, record.figures.filter((item) => item.group === group).map(row)));
    }
    if (number === '1') out.push('', `Requests of the first purchase: \`${record.routes.first}\`; of a warm purchase: \`${record.routes.warm}\`.`);
    if (number === '5') out.push('', bulkSection(record));
    if (number === '6') out.push('', toolingSection(record));
    out.push('', `How measured: ${HOW_MEASURED[number] ?? ''}`);
  }

  if (record.problems.length > 0) out.push('', '## Problems seen in this run', '', ...record.problems.map((problem) => `- ${problem}`));
  return out.join('\n') + '\n';
}

/**
 * `npm run bench [-- --quick] [-- --json]`: runs the benchmarks, prints a table (or JSON
 * with `--json`) and rewrites BENCHMARKS.md. Progress goes to stderr.
 */
import './quiet-env.js';

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BulkRun } from './bulk.js';
import { handlerFigures, handlerRows, type HandlerRow } from './handler-figures.js';
import { describeMachine } from './machine.js';
import { renderConsole, renderMarkdown, type BenchmarkRecord } from './report.js';
import { figure, summarize, type Figure } from './stats.js';
import { timeSynth, timeTests, type CommandRun } from './tooling.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'Usage: npm run bench [-- --quick] [-- --json]\n  --quick  fewer repetitions (under a minute), no npm test\n  --json   print the figures as JSON instead of a table';

const FULL = { firstRuns: 5, warmRuns: 20, latencyRuns: 60, bulkPurchases: 200, bulkRuns: 3, coldRuns: 11, synthRuns: 3, tests: true };
const QUICK = { firstRuns: 2, warmRuns: 5, latencyRuns: 12, bulkPurchases: 40, bulkRuns: 1, coldRuns: 3, synthRuns: 1, tests: false };

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function toolingFigures(synthRuns: CommandRun[], testRun: CommandRun | undefined): Figure[] {
  const group = '6. Tooling';
  const figures: Figure[] = [];
  if (synthRuns.length > 0) {
    const failed = synthRuns.filter((run) => run.exitCode !== 0).length;
    figures.push(
      figure({
        group,
        name: 'npx cdk synth --quiet',
        unit: 'ms',
        summary: summarize(synthRuns.map((run) => run.ms)),
        target: { text: 'none (recorded)', met: undefined },
        ...(failed > 0 ? { note: `${failed} run(s) exited non-zero` } : {}),
      }),
    );
  }
  if (testRun !== undefined) {
    figures.push(
      figure({
        group,
        name: 'npm test',
        unit: 'ms',
        summary: summarize([testRun.ms]),
        target: { text: 'none (recorded)', met: undefined },
        note: `exit status ${testRun.exitCode}`,
      }),
    );
  }
  return figures;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--quick' && arg !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}\n${USAGE}\n`);
    process.exit(2);
  }
  const quick = args.includes('--quick');
  const config = quick ? QUICK : FULL;
  const started = performance.now();
  const machine = describeMachine();
  const workDir = await mkdtemp(join(tmpdir(), 'ypp-bench-'));

  const figures: Figure[] = [];
  const problems: string[] = [];
  let handlers: HandlerRow[] = [];
  let bulkRuns: BulkRun[] = [];
  let synthRuns: CommandRun[] = [];
  let testRun: CommandRun | undefined;
  let routes = { first: '', warm: '' };
  let stubCalls: Record<string, number> = {};

  try {
    progress(`figures 1, 2, 4: ${config.firstRuns} first, ${config.warmRuns} warm and ${config.latencyRuns} timed purchases`);
    try {
      // Each phase imports product code on its own, so a module that fails to load costs only its figures.
      const { measurePurchases } = await import('./purchases.js');
      const purchases = await measurePurchases({ firstRuns: config.firstRuns, warmRuns: config.warmRuns, latencyRuns: config.latencyRuns });
      figures.push(...purchases.figures);
      routes = { first: purchases.firstRoutes, warm: purchases.warmRoutes };
      problems.push(...purchases.failures.map((failure) => `purchase did not succeed: ${failure}`));
    } catch (error) {
      problems.push(`figures 1, 2 and 4 failed: ${describeError(error)}`);
    }

    progress(`figure 3: bundling the handlers, then ${config.coldRuns} cold starts each`);
    try {
      const { bundleHandlers } = await import('./bundles.js');
      const { measureColdStarts } = await import('./cold-start.js');
      const bundles = await bundleHandlers(join(workDir, 'bundles'));
      const cold = await measureColdStarts({ handlers: bundles.handlers, empty: bundles.empty, runs: config.coldRuns, workDir: join(workDir, 'cold-starts') });
      handlers = handlerRows(bundles.handlers, cold.coldStarts, cold.empty);
      figures.push(...handlerFigures(handlers, cold.empty));
      stubCalls = cold.stubCalls;
    } catch (error) {
      problems.push(`figure 3 failed: ${describeError(error)}`);
    }

    progress(`figure 5: ${config.bulkRuns} bulk run(s) of ${config.bulkPurchases} purchases`);
    try {
      const { measureBulk } = await import('./bulk.js');
      const bulk = await measureBulk({ purchases: config.bulkPurchases, runs: config.bulkRuns });
      figures.push(...bulk.figures);
      bulkRuns = bulk.runs;
      for (const run of bulkRuns.filter((item) => item.logFull)) problems.push(`bulk run of ${run.purchases}: the sandbox request log was full, so round trips and 429s are undercounted`);
      for (const run of bulkRuns.filter((item) => item.timedOut)) problems.push(`bulk run of ${run.purchases}: executions were still running when the run timed out`);
    } catch (error) {
      problems.push(`figure 5 failed: ${describeError(error)}`);
    }

    progress(`figure 6: cdk synth x${config.synthRuns}${config.tests ? ', then npm test' : ' (npm test skipped in quick mode)'}`);
    try {
      synthRuns = await timeSynth(config.synthRuns);
      for (const run of synthRuns.filter((item) => item.exitCode !== 0)) problems.push(`cdk synth exited with ${run.exitCode}: ${run.tail}`);
      if (config.tests) {
        testRun = await timeTests();
        if (testRun.exitCode !== 0) problems.push(`npm test exited with ${testRun.exitCode}; see section 6`);
      }
      figures.push(...toolingFigures(synthRuns, testRun));
    } catch (error) {
      problems.push(`figure 6 failed: ${describeError(error)}`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const record: BenchmarkRecord = {
    command: quick ? 'npm run bench -- --quick' : 'npm run bench',
    mode: quick ? 'quick' : 'full',
    machine,
    durationSeconds: (performance.now() - started) / 1000,
    figures,
    handlers,
    bulkRuns,
    synthRuns,
    ...(testRun ? { testRun } : {}),
    routes,
    stubCalls,
    problems,
  };
  await writeFile(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(record));
  const output = args.includes('--json') ? `${JSON.stringify(record, null, 2)}\n` : `${renderConsole(record)}\n`;
  // Waits for the write to finish, because process.exit below would cut off a piped output.
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
}

// The exit stops executions that a timed-out bulk run left waiting between retries.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);

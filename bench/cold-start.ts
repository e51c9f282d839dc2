/**
 * Figure 3, cold starts: each handler bundle in a fresh `node` process, module load plus
 * the first invocation against the sandbox, dynalite and moto_server, as a ratio to an
 * empty handler started the same way.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { EMPTY_HANDLER, type HandlerBundle } from './bundles.js';
import { startColdStartEnvironment } from './cold-start-env.js';
import { prepareEvent, prepareSharedPurchase } from './cold-start-events.js';
import { summarize, type Summary } from './stats.js';

const RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'cold-start-runner.mjs');
/** Maximum run time of one cold-started process; after it the process is killed and the run fails. */
const PROCESS_TIMEOUT_MS = 30_000;

interface RunnerResult {
  loadStartMs: number;
  loadMs: number;
  invokeMs: number;
  totalMs: number;
  ok: boolean;
  statusCode?: number;
  error?: string;
}

export interface ColdStart {
  entry: string;
  /** Process start to the end of the first invocation, or to the end of the module load in `load-only` mode. */
  total: Summary;
  /** Process start to the end of the module load. */
  startAndLoad: Summary;
  load: Summary;
  invoke: Summary;
  /** `invocation` when every first invocation succeeded; `load-only` when one failed. */
  mode: 'invocation' | 'load-only';
  error?: string;
}

function runProcess(bundle: HandlerBundle, eventPath: string, resultPath: string, env: Record<string, string>): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const functionName = bundle.entry.replace(/[^A-Za-z0-9-]+/g, '-');
    const child = spawn(process.execPath, [RUNNER, bundle.outfile, eventPath, resultPath, functionName], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, PROCESS_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      readFile(resultPath, 'utf8').then(
        (text) => resolve(JSON.parse(text) as RunnerResult),
        () => reject(new Error(`Cold start of ${bundle.entry} wrote no result (exit ${code ?? signal}): ${stderr.trim()}`)),
      );
    });
  });
}

export async function measureColdStarts(options: { handlers: HandlerBundle[]; empty: HandlerBundle; runs: number; workDir: string }): Promise<{ coldStarts: ColdStart[]; empty: ColdStart; stubCalls: Record<string, number> }> {
  const environment = await startColdStartEnvironment();
  const bundles = [options.empty, ...options.handlers];
  const results = new Map<string, RunnerResult[]>(bundles.map((bundle) => [bundle.entry, []]));
  await mkdir(options.workDir, { recursive: true });

  try {
    await prepareSharedPurchase(environment.deps);
    // The refresher writes the first shared token, so later handlers find one in the secret.
    const refresher = options.handlers.find((bundle) => bundle.entry === 'scheduled/refresh-token');
    if (refresher !== undefined) {
      const eventPath = join(options.workDir, 'seed-token-event.json');
      await writeFile(eventPath, JSON.stringify(await prepareEvent(refresher.entry, -1, environment.deps, environment.sandbox.url)));
      const seeded = await runProcess(refresher, eventPath, join(options.workDir, 'seed-token-result.json'), environment.env);
      if (!seeded.ok) throw new Error(`The token refresher could not write the first token: ${seeded.error}`);
    }

    // Rounds interleave the handlers, so a slow moment of the machine hits all of them alike.
    for (let run = 0; run < options.runs; run += 1) {
      for (const bundle of bundles) {
        const name = `${bundle.entry.replace(/[^A-Za-z0-9]+/g, '-')}-${run}`;
        const eventPath = join(options.workDir, `${name}-event.json`);
        await writeFile(eventPath, JSON.stringify(await prepareEvent(bundle.entry, run, environment.deps, environment.sandbox.url)));
        results.get(bundle.entry)!.push(await runProcess(bundle, eventPath, join(options.workDir, `${name}-result.json`), environment.env));
      }
    }
  } finally {
    await environment.close();
  }

  const summarizeEntry = (entry: string, loadOnly: boolean): ColdStart => {
    const runs = results.get(entry)!;
    const failed = runs.find((run) => !run.ok);
    return {
      entry,
      total: summarize(runs.map((run) => (loadOnly ? run.loadStartMs + run.loadMs : run.totalMs))),
      startAndLoad: summarize(runs.map((run) => run.loadStartMs + run.loadMs)),
      load: summarize(runs.map((run) => run.loadMs)),
      invoke: summarize(runs.map((run) => run.invokeMs)),
      mode: loadOnly ? 'load-only' : 'invocation',
      ...(failed?.error === undefined ? {} : { error: failed.error }),
    };
  };

  const coldStarts = options.handlers.map((bundle) => summarizeEntry(bundle.entry, results.get(bundle.entry)!.some((run) => !run.ok)));
  return {
    coldStarts,
    empty: summarizeEntry(EMPTY_HANDLER, false),
    stubCalls: Object.fromEntries(environment.stub.calls),
  };
}

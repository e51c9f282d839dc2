/** Figure 6: how long `npx cdk synth --quiet` and `npm test` take. */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SYNTH_TIMEOUT_MS = 300_000;
const TEST_TIMEOUT_MS = 900_000;

export interface CommandRun {
  command: string;
  ms: number;
  exitCode: number | null;
  /** The last lines of the output, to show why a run failed and the test counts. */
  tail: string;
}

/** Returns the environment of this process without the settings that silence in-process handlers. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.POWERTOOLS_LOG_LEVEL;
  delete env.POWERTOOLS_METRICS_DISABLED;
  delete env.POWERTOOLS_DEV;
  return env;
}

/** Runs a command in the repository, stopping it by PID after `timeoutMs`. */
export function timeCommand(command: string, args: string[], timeoutMs: number): Promise<CommandRun> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      const tail = output
        // eslint-disable-next-line no-control-regex
        .replace(/\x1b\[[0-9;]*m/g, '')
        .trim()
        .split('\n')
        .slice(-8)
        .join('\n');
      resolvePromise({ command: [command, ...args].join(' '), ms: performance.now() - started, exitCode, tail });
    });
  });
}

export async function timeSynth(runs: number): Promise<CommandRun[]> {
  const results: CommandRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    results.push(await timeCommand('npx', ['cdk', 'synth', '--quiet'], SYNTH_TIMEOUT_MS));
  }
  return results;
}

export function timeTests(): Promise<CommandRun> {
  return timeCommand('npm', ['test'], TEST_TIMEOUT_MS);
}

/**
 * Figure 3, sizes: bundles every Lambda handler with esbuild the way the stack's
 * `PurchaseFunction` construct does, and names the packages that weigh most.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build, type Metafile } from 'esbuild';

import { loadLocalDefinition } from '../local/local-definition.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The HTTP API and scheduled handlers, which the state machine's task map does not list. */
const NON_TASK_ENTRIES = [
  'http/start-purchase',
  'http/get-purchase',
  'http/list-purchases',
  'http/get-catalog',
  'http/list-billing-contacts',
  'http/create-order',
  'scheduled/refresh-token',
];

/** Name of the empty handler that the cold-start ratios divide by. */
export const EMPTY_HANDLER = '(empty handler)';

/** The same banner as infra/constructs/purchase-function.ts: ESM output has no `require`, and some bundled CommonJS code calls it. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface HandlerBundle {
  /** Handler module below `functions/`, for example `tasks/create-order`. */
  entry: string;
  outfile: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Whether the bundle contains the DynamoDB client. */
  usesDynamoDb: boolean;
  /** Packages (or project folders) by bytes in the output, largest first. */
  contributors: Array<{ name: string; bytes: number }>;
}

/** Lists every Lambda handler entry: the task states' modules, then the HTTP and scheduled ones. */
export async function listHandlerEntries(): Promise<string[]> {
  const { tasks } = await loadLocalDefinition();
  const taskEntries = Object.values(tasks).flatMap((task) => (task.kind === 'lambda' ? [task.entry] : []));
  return [...new Set([...taskEntries, ...NON_TASK_ENTRIES])];
}

/** Groups an esbuild input path by package (`@scope/name` or `name`), or by project folder. */
function contributorName(inputPath: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(inputPath.replace(/\\/g, '/'));
  if (match) return match[1]!;
  if (inputPath.startsWith('..')) return '(outside the repository)';
  const parts = inputPath.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/ (project)` : `${inputPath} (project)`;
}

function contributors(metafile: Metafile): Array<{ name: string; bytes: number }> {
  const bytesByName = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [inputPath, input] of Object.entries(output.inputs)) {
      const name = contributorName(inputPath);
      bytesByName.set(name, (bytesByName.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytesByName.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * Bundles one entry file with the stack's options: ESM, minified, platform node, target
 * node22, every dependency bundled (the AWS SDK too), `module` before `main`, the `require`
 * banner, and no source map.
 */
async function bundle(entry: string, entryPath: string, outDir: string): Promise<HandlerBundle> {
  const outfile = join(outDir, entry.replace(/[^A-Za-z0-9_-]+/g, '_'), 'index.mjs');
  await mkdir(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entryPath],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: false,
    tsconfig: join(ROOT, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const code = await readFile(outfile);
  const parts = contributors(result.metafile);
  return {
    entry,
    outfile,
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code).length,
    usesDynamoDb: parts.some((part) => part.name === '@aws-sdk/client-dynamodb'),
    contributors: parts,
  };
}

/** Bundles every handler and the empty reference handler into `outDir`. */
export async function bundleHandlers(outDir: string): Promise<{ handlers: HandlerBundle[]; empty: HandlerBundle }> {
  const handlers: HandlerBundle[] = [];
  for (const entry of await listHandlerEntries()) {
    handlers.push(await bundle(entry, join(ROOT, 'functions', `${entry}.ts`), outDir));
  }

  const emptySource = join(outDir, 'empty-source', 'empty.ts');
  await mkdir(dirname(emptySource), { recursive: true });
  await writeFile(emptySource, 'export const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 200 });\n');
  const empty = await bundle(EMPTY_HANDLER, emptySource, outDir);
  return { handlers, empty };
}

/**
 * The state machine definition that CDK synthesizes for the stack, with its tokens
 * resolved to local values, so the local runtime executes exactly what AWS would.
 *
 * Synthesis takes several seconds (CDK and cdk-nag), so the result is cached in
 * node_modules/.cache under a hash of every input that can change it: the infra sources,
 * cdk.json and package-lock.json.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { LocalDefinition } from '../infra/local-definition.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'yeastar-partner-purchases');

let loaded: Promise<LocalDefinition> | undefined;

/** Returns the synthesized definition, from the cache when the inputs have not changed. */
export function loadLocalDefinition(): Promise<LocalDefinition> {
  loaded ??= loadOrSynthesize();
  return loaded;
}

async function loadOrSynthesize(): Promise<LocalDefinition> {
  const cacheFile = join(CACHE_DIR, `definition-${await inputsHash()}.json`);

  try {
    return JSON.parse(await readFile(cacheFile, 'utf8')) as LocalDefinition;
  } catch {
    // Not cached yet, or unreadable: synthesize below.
  }

  const { synthesizeLocalDefinition } = await import('../infra/local-definition.js');
  const definition = synthesizeLocalDefinition();

  await mkdir(CACHE_DIR, { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(definition));
  await rename(temporary, cacheFile);
  return definition;
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(ROOT);
  const files = [...(await listFiles(join(ROOT, 'infra'))), join(ROOT, 'cdk.json'), join(ROOT, 'package-lock.json')].sort();
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex').slice(0, 32);
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(folder, entry.name)) : Promise.resolve([join(folder, entry.name)]))),
  );
  return nested.flat();
}

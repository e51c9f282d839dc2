/**
 * The local runtime's stand-in for the token secret: one JSON file in the data directory,
 * readable only by its owner, or memory when the runtime keeps no data directory.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { parseStoredToken, type StoredToken, type TokenStore } from '../functions/aws/token-store.js';

export class FileTokenStore implements TokenStore {
  private memory: StoredToken | undefined;

  /** `path` undefined keeps the token in memory only. */
  constructor(private readonly path?: string) {}

  async read(): Promise<StoredToken | undefined> {
    if (this.path === undefined) {
      return this.memory;
    }
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
    try {
      return parseStoredToken(JSON.parse(text));
    } catch {
      // A damaged file counts as no token; the next renewal overwrites it.
      return undefined;
    }
  }

  async write(token: StoredToken): Promise<void> {
    if (this.path === undefined) {
      this.memory = token;
      return;
    }
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, JSON.stringify(token), { mode: 0o600 });
    await rename(temporary, this.path);
  }
}

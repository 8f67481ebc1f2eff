import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../../errors';
import { removeTempFiles, safeReaddir, writeFileAtomic } from './atomicFile';

const version = 'v1';

/**
 * Spark's HDFSMetadataLog: a folder of files named by batch id, each written
 * atomically, holding one JSON value after a version line. The checkpoint's
 * offsets/, commits/ and the sink's file log are all instances of it. An
 * entry is never rewritten: a batch that is redone reuses its entry.
 */
export class MetadataLog<T> {
  constructor(
    readonly dir: string,
    private readonly read: (value: unknown) => T,
    /** What to tell the user when an entry is unreadable: how to reset and what that means. */
    private readonly resetHint: string,
    /** Another live process's log (a consumer group's shared folder): read it, never clean it. */
    options: { readOnly?: boolean } = {},
  ) {
    if (options.readOnly) return;
    mkdirSync(dir, { recursive: true });
    removeTempFiles(dir);
  }

  /** Forgets one entry: a batch abandoned before it read anything. */
  remove(batchId: number): void {
    rmSync(this.pathOf(batchId), { force: true });
  }

  add(batchId: number, value: T): void {
    writeFileAtomic(this.pathOf(batchId), `${version}\n${JSON.stringify(value)}\n`);
  }

  get(batchId: number): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.pathOf(batchId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return this.parse(batchId, text);
  }

  batchIds(): number[] {
    const ids: number[] = [];
    for (const name of safeReaddir(this.dir)) {
      if (name.startsWith('.')) continue;
      if (!/^\d+$/.test(name)) throw this.corrupt(name, 'a file name that is not a batch id');
      ids.push(Number(name));
    }
    return ids.sort((a, b) => a - b);
  }

  latest(): { batchId: number; value: T } | undefined {
    const ids = this.batchIds();
    if (ids.length === 0) return undefined;
    const batchId = ids[ids.length - 1];
    return { batchId, value: this.get(batchId)! };
  }

  /** Drops entries before `keepFrom`, as Spark keeps only the last minBatchesToRetain. */
  purgeBefore(keepFrom: number): void {
    for (const id of this.batchIds()) if (id < keepFrom) rmSync(this.pathOf(id), { force: true });
  }

  pathOf(batchId: number): string {
    return join(this.dir, String(batchId));
  }

  private parse(batchId: number, text: string): T {
    const newline = text.indexOf('\n');
    if (newline === -1 || text.slice(0, newline) !== version) throw this.corrupt(String(batchId), `no "${version}" version line`);
    try {
      return this.read(JSON.parse(text.slice(newline + 1)));
    } catch (error) {
      throw this.corrupt(String(batchId), (error as Error).message);
    }
  }

  private corrupt(name: string, why: string): StateError {
    return new StateError(`Checkpoint file ${join(this.dir, name)} is unreadable (${why}); refusing to guess which records were processed.`, {
      code: 'CHECKPOINT_CORRUPT',
      hint: this.resetHint,
    });
  }
}

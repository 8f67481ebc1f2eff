import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../../errors';
import { removeTempFiles, safeReaddir, writeFileAtomic } from './atomicFile';

const version = 'v1';
const compactSuffix = '.compact';

export interface MetadataLogOptions {
  /** Another live process's log (a consumer group's shared folder): read it, never clean it. */
  readOnly?: boolean;
  /**
   * Spark's CompactibleFileStreamLog: every `compactInterval` batches the
   * entries so far are folded into one `<batch>.compact` file and the single
   * files go, so a log that is never purged (the sink log) stays a few files.
   */
  compactInterval?: number;
  /** Called when a write finds the log's folder gone (the checkpoint deleted under a running consumer). */
  onFolderMissing?: (error: NodeJS.ErrnoException) => never;
  /** Keep every entry in memory too, so `restore` can write the log again if its folder is deleted. */
  mirror?: boolean;
}

/**
 * Spark's HDFSMetadataLog: a folder of files named by batch id, each written
 * atomically, holding one JSON value after a version line. The checkpoint's
 * offsets/, commits/ and the sink's file log are all instances of it. An
 * entry is written once: a second writer of the same batch is refused, never
 * allowed to overwrite (a batch that is redone reuses its entry).
 */
export class MetadataLog<T> {
  private compacted: { name: string; stamp: string; entries: Map<number, T> } | undefined;
  private readonly mirror: Map<number, T> | undefined;

  constructor(
    readonly dir: string,
    private readonly read: (value: unknown) => T,
    /** What to tell the user when an entry is unreadable: how to reset and what that means. */
    private readonly resetHint: string,
    private readonly options: MetadataLogOptions = {},
  ) {
    if (options.readOnly) return;
    mkdirSync(dir, { recursive: true });
    removeTempFiles(dir);
    if (options.mirror) this.mirror = new Map(this.batchIds().map((id) => [id, this.get(id)!]));
  }

  /** Forgets one entry: a batch abandoned before it read anything, or an attempt about to be redone. */
  remove(batchId: number): void {
    this.forget([batchId]);
  }

  add(batchId: number, value: T): void {
    if (this.compactEntries().has(batchId)) throw this.writeFailed(Object.assign(new Error('exists'), { code: 'EEXIST' }), batchId);
    try {
      writeFileAtomic(this.pathOf(batchId), `${version}\n${JSON.stringify(value)}\n`, { once: true });
    } catch (error) {
      throw this.writeFailed(error, batchId);
    }
    this.mirror?.set(batchId, value);
    const interval = this.options.compactInterval;
    if (interval !== undefined && (batchId + 1) % interval === 0) this.compact(batchId);
  }

  get(batchId: number): T | undefined {
    let text: string;
    try {
      text = readFileSync(this.pathOf(batchId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.compactEntries().get(batchId);
      throw error;
    }
    return this.parse(String(batchId), text);
  }

  batchIds(): number[] {
    const ids = new Set(this.compactEntries().keys());
    for (const name of safeReaddir(this.dir)) {
      if (name.startsWith('.') || name.endsWith(compactSuffix)) continue;
      if (!/^\d+$/.test(name)) throw this.corrupt(name, 'a file name that is not a batch id');
      ids.add(Number(name));
    }
    return [...ids].sort((a, b) => a - b);
  }

  latest(): { batchId: number; value: T } | undefined {
    const ids = this.batchIds();
    if (ids.length === 0) return undefined;
    const batchId = ids[ids.length - 1];
    return { batchId, value: this.get(batchId)! };
  }

  /** Drops entries before `keepFrom`, as Spark keeps only the last minBatchesToRetain. */
  purgeBefore(keepFrom: number): void {
    this.forget(this.batchIds().filter((id) => id < keepFrom));
  }

  /** Drops the given entries, from single files and from the compact file. */
  forget(batchIds: number[]): void {
    if (batchIds.length === 0) return;
    for (const id of batchIds) {
      rmSync(this.pathOf(id), { force: true });
      this.mirror?.delete(id);
    }
    const compact = this.latestCompactName();
    if (!compact) return;
    const entries = this.compactEntries();
    if (!batchIds.some((id) => entries.has(id))) return;
    const kept = [...entries].filter(([id]) => !batchIds.includes(id));
    // Rewritten whole, under the same name: a folded file is derived from entries, never the only record of a new one.
    if (kept.length === 0) rmSync(join(this.dir, compact), { force: true });
    else writeFileAtomic(join(this.dir, compact), this.compactText(kept));
    this.compacted = undefined;
  }

  /** Writes every entry this process knows again, into a folder that was deleted; returns how many. */
  restore(): number {
    if (!this.mirror) return 0;
    mkdirSync(this.dir, { recursive: true });
    for (const [id, value] of this.mirror) if (!existsSync(this.pathOf(id))) writeFileAtomic(this.pathOf(id), `${version}\n${JSON.stringify(value)}\n`);
    this.compacted = undefined;
    return this.mirror.size;
  }

  pathOf(batchId: number): string {
    return join(this.dir, String(batchId));
  }

  /** Folds every entry up to `upTo` into `<upTo>.compact`, then removes what it replaces. */
  private compact(upTo: number): void {
    const entries = this.batchIds().filter((id) => id <= upTo).map((id) => [id, this.get(id)!] as [number, T]);
    const previous = safeReaddir(this.dir).filter((name) => name.endsWith(compactSuffix));
    writeFileAtomic(join(this.dir, `${upTo}${compactSuffix}`), this.compactText(entries));
    for (const name of previous.filter((name) => name !== `${upTo}${compactSuffix}`)) rmSync(join(this.dir, name), { force: true });
    for (const [id] of entries) rmSync(this.pathOf(id), { force: true });
    this.compacted = undefined;
  }

  private compactText(entries: [number, T][]): string {
    return `${version}\n${JSON.stringify(entries.map(([batchId, value]) => ({ batchId, value })))}\n`;
  }

  private latestCompactName(): string | undefined {
    const names = safeReaddir(this.dir).filter((name) => name.endsWith(compactSuffix) && !name.startsWith('.'));
    return names.sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).pop();
  }

  /** The newest compact file's entries, parsed once per version of the file. */
  private compactEntries(): Map<number, T> {
    const name = this.latestCompactName();
    if (!name) return new Map();
    let stamp: string;
    let text: string;
    try {
      const stats = statSync(join(this.dir, name));
      stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
      if (this.compacted?.name === name && this.compacted.stamp === stamp) return this.compacted.entries;
      text = readFileSync(join(this.dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const folded = this.parseWith(name, text, (value) => {
      if (!Array.isArray(value)) throw new Error('a compact file must hold a list');
      return value.map((item: { batchId: unknown; value: unknown }) => {
        if (!Number.isSafeInteger(item?.batchId)) throw new Error(`"batchId" is ${JSON.stringify(item?.batchId)}`);
        return [item.batchId as number, this.read(item.value)] as [number, T];
      });
    });
    this.compacted = { name, stamp, entries: new Map(folded) };
    return this.compacted.entries;
  }

  private parse(name: string, text: string): T {
    return this.parseWith(name, text, this.read);
  }

  private parseWith<V>(name: string, text: string, read: (value: unknown) => V): V {
    const newline = text.indexOf('\n');
    if (newline === -1 || text.slice(0, newline) !== version) throw this.corrupt(name, `no "${version}" version line`);
    try {
      return read(JSON.parse(text.slice(newline + 1)));
    } catch (error) {
      throw this.corrupt(name, (error as Error).message);
    }
  }

  private writeFailed(error: unknown, batchId: number): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      return new StateError(`Checkpoint entry ${this.pathOf(batchId)} was already written by another process: two consumers are using one checkpoint.`, {
        code: 'CHECKPOINT_SECOND_WRITER',
        hint: 'Nothing was overwritten. Stop the other consumer of this DATA_DIR (its pid is in the checkpoint\'s lock file), or give each consumer its own DATA_DIR or `--instance`, then run again.',
      });
    }
    if (code === 'ENOENT' && this.options.onFolderMissing && !existsSync(this.dir)) this.options.onFolderMissing(error as NodeJS.ErrnoException);
    return error;
  }

  private corrupt(name: string, why: string): StateError {
    return new StateError(`Checkpoint file ${join(this.dir, name)} is unreadable (${why}); refusing to guess which records were processed.`, {
      code: 'CHECKPOINT_CORRUPT',
      hint: this.resetHint,
    });
  }
}

import { closeSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncPath } from '../../files/fsyncPath';

/**
 * Files appear whole or not at all: written under a hidden temporary name,
 * flushed to disk, renamed over the final name, and the folder flushed so the
 * rename itself survives a power cut. A crash leaves at most a temp file,
 * which `removeTempFiles` clears on the next start.
 */
const tempMarker = '.tmp-';

export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}${tempMarker}${process.pid}`);
}

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(tempMarker);
}

export function writeFileAtomic(path: string, data: string | Buffer, options: { once?: boolean } = {}): void {
  const writer = new AtomicFileWriter(path);
  try {
    writer.write(data);
    writer.commit(options);
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/** Streams a file to its temp name in chunks; `commit` makes it visible under `path`. */
export class AtomicFileWriter {
  readonly tempPath: string;
  private fd: number | undefined;
  bytes = 0;

  constructor(readonly path: string) {
    this.tempPath = tempNameFor(path);
    this.fd = openSync(this.tempPath, 'w');
  }

  write(data: string | Buffer): void {
    if (this.fd === undefined) throw new Error(`${this.path} is already closed`);
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    try {
      while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      throw namingPath(error, this.path);
    }
    this.bytes += buffer.length;
  }

  /**
   * `once`: the final name is taken by a hard link, which fails with EEXIST
   * when the name exists, so a second writer is detected, never overwritten.
   */
  commit(options: { once?: boolean } = {}): void {
    if (this.fd === undefined) throw new Error(`${this.path} is already closed`);
    try {
      fsyncSync(this.fd);
    } catch (error) {
      throw namingPath(error, this.path);
    }
    closeSync(this.fd);
    this.fd = undefined;
    if (options.once) linkOnce(this.tempPath, this.path);
    else renameSync(this.tempPath, this.path);
    fsyncDir(dirname(this.path));
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tempPath, { force: true });
  }
}

function linkOnce(tempPath: string, path: string): void {
  try {
    linkSync(tempPath, path);
  } finally {
    rmSync(tempPath, { force: true });
  }
}

/** A write to a descriptor fails without a path (ENOSPC); the error gets the file's name so the message can say which. */
function namingPath(error: unknown, path: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (errno instanceof Error && errno.path === undefined) errno.path = path;
  return error;
}

/** Makes a rename or unlink in `dir` durable. */
export const fsyncDir = fsyncPath;

/** Moves a finished file (e.g. one a library wrote) into place durably. */
export function publishFile(tempPath: string, path: string): void {
  fsyncPath(tempPath);
  renameSync(tempPath, path);
  fsyncDir(dirname(path));
}

/**
 * Clears temp files a killed process left behind; none of them was ever
 * visible under its final name. With `prefix`, only temp files of final names
 * starting with it: a folder shared by a consumer group holds other
 * instances' files in the making.
 */
export function removeTempFiles(dir: string, prefix?: string): number {
  let removed = 0;
  for (const name of safeReaddir(dir)) {
    if (!isTempName(name) || (prefix !== undefined && !name.startsWith(`.${prefix}`))) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

export function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

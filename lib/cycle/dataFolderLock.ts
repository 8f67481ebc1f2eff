import { hostname } from 'node:os';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StateError } from '../errors';
import { isAlive } from '../process';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface DataFolderLock {
  path: string;
  release(): void;
}

/** The lock file's name in DATA_DIR; one writer of output/, backup/ and checkpoint/ at a time. */
export const lockFileName = 'iot.lock';

/**
 * Takes the data folder for this process (`iot cycle`, `iot merge`). A second
 * taker is refused with the holder's pid; a lock whose holder process is gone
 * (killed, crashed) is stale and taken over.
 */
export function acquireDataFolderLock(dataDir: string, command: string): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, lockFileName);
  const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, me)) return { path, release: () => releaseIfOurs(path) };
    const holder = readHolder(path);
    if (holder && isHeld(holder)) throw refused(path, holder, command);
    takeOverStale(path, holder);
  }
  throw new StateError(`Could not take the lock ${path}: other processes keep taking it.`, { hint: 'Check for other `iot` commands on this data folder.' });
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(holder) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

export function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** On another host we cannot see the process, so the lock counts as held. */
function isHeld(holder: LockHolder): boolean {
  return holder.host !== hostname() || isAlive(holder.pid);
}

/**
 * Moves the stale lock aside before deleting it, so two processes taking over
 * at once cannot delete each other's fresh lock: if what we moved is not the
 * stale lock we read, it is put back and we try again.
 */
function takeOverStale(path: string, stale: LockHolder | undefined): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (stale && moved && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    renameSync(aside, path);
    return;
  }
  rmSync(aside, { force: true });
}

function releaseIfOurs(path: string): void {
  const holder = readHolder(path);
  if (holder?.pid === process.pid && holder.host === hostname()) rmSync(path, { force: true });
}

function refused(path: string, holder: LockHolder, command: string): StateError {
  return new StateError(
    `The data folder is in use by \`iot ${holder.command}\` (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}, since ${holder.since}); \`iot ${command}\` will not run beside it.`,
    {
      code: 'DATA_FOLDER_LOCKED',
      hint: `Wait for pid ${holder.pid} to finish or stop it (Ctrl-C in its terminal, or kill ${holder.pid}); a lock left by a dead process is taken over automatically. Lock file: ${path}`,
    },
  );
}

import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAlive } from '../process';

/** Who holds a lock file: written inside it, read by whoever is refused. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export function holderForThisProcess(command: string): LockHolder {
  return { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
}

/**
 * Exclusive create with its content in place from the first instant: the
 * holder is written to a private temp file, then hard-linked to `path`, and
 * link(2) fails with EEXIST when the name exists (also on NFS, where O_EXCL
 * was long unreliable). Nobody can read a half-written lock and call it stale.
 */
export function createLockFile(path: string, holder: LockHolder): boolean {
  const temp = `${path}.${holder.host}.${holder.pid}.${Date.now()}.new`;
  writeFileSync(temp, JSON.stringify(holder) + '\n', { flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

export function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Stale only when its pid is gone on this host: on another host we cannot see the process, so it counts as held. */
export function isHeld(holder: LockHolder): boolean {
  return holder.host !== hostname() || isAlive(holder.pid);
}

/** The process that started this one: `iot cycle --consumers N` holds the folder while its consumer processes read into it. */
export function isParentProcess(holder: LockHolder): boolean {
  return holder.pid === process.ppid && holder.host === hostname();
}

export function isThisProcess(holder: LockHolder): boolean {
  return holder.pid === process.pid && holder.host === hostname();
}

/**
 * Takes `path` for this process: returns undefined once it is ours, or the
 * live holder that keeps it. A lock whose holder is gone (or unreadable, e.g.
 * written by an older version) is removed and the create tried again.
 */
export function takeLockFile(path: string, holder: LockHolder): LockHolder | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createLockFile(path, holder)) return undefined;
    const current = readHolder(path);
    if (current && isHeld(current)) return current;
    removeStaleLockFile(path, current);
  }
  return readHolder(path) ?? { pid: 0, host: '?', command: 'unknown', since: '?' };
}

/**
 * Moves the stale lock aside before deleting it, so two processes clearing it
 * at once cannot delete each other's fresh lock: if what we moved is not the
 * stale lock we read, it is put back.
 */
export function removeStaleLockFile(path: string, stale: LockHolder | undefined): void {
  const aside = `${path}.stale-${hostname()}-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved && (!stale || moved.pid !== stale.pid || moved.since !== stale.since || moved.host !== stale.host)) {
    linkOrLeave(aside, path);
    return;
  }
  rmSync(aside, { force: true });
}

/** Puts a fresh lock back; if another was created meanwhile, that one wins and ours (now misplaced) is dropped. */
function linkOrLeave(aside: string, path: string): void {
  try {
    linkSync(aside, path);
  } catch {
    /* someone else holds the name now */
  }
  rmSync(aside, { force: true });
}

export function releaseLockFile(path: string): void {
  const holder = readHolder(path);
  if (holder && isThisProcess(holder)) rmSync(path, { force: true });
}

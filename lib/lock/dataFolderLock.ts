import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StateError } from '../errors';
import { retryDelay, retryPolicies, sleepUnlessAborted } from '../process';
import { LockHolder, holderForThisProcess, isHeld, isParentProcess, isThisProcess, readHolder, releaseLockFile, removeStaleLockFile, takeLockFile } from './lockFile';
import { storageErrorFrom } from '../errors';

export type { LockHolder } from './lockFile';

/**
 * exclusive: `iot merge`, `iot cycle`: nothing else changes the folder beside them.
 * shared: consumers, any number of them (one per instance), never beside an exclusive holder.
 */
export type LockMode = 'exclusive' | 'shared';

export interface DataFolderLock {
  mode: LockMode;
  /** The file that holds it: DATA_DIR/iot.lock, or this holder's file in DATA_DIR/iot.lock.shared/. */
  path: string;
  release(): void;
}

export interface AcquireOptions {
  mode?: LockMode;
  /** How long to wait for a conflicting holder to finish; 0 refuses at once. */
  waitSeconds?: number;
  signal?: AbortSignal;
  /** Called once when the wait starts, with the holder being waited for. */
  onWait?: (holder: LockHolder) => void;
}

/** The exclusive holder's file in DATA_DIR. */
export const lockFileName = 'iot.lock';
/** One file per shared holder: `<host>.<pid>.<n>`. */
export const sharedLockFolder = 'iot.lock.shared';

let sharedCount = 0;

/**
 * The data folder's reader/writer lock, built only from exclusive creates so
 * it also holds on a shared (NFS) folder: a writer creates iot.lock, then
 * looks for live readers; a reader creates its own file, then looks for a
 * live writer. Whoever finds the other withdraws its file, so the two never
 * run side by side (at worst both withdraw and try again). One process may be
 * both: `iot cycle` holds the folder exclusively and runs its consumer inside
 * (or, with --consumers N, as its own child processes, which count as it).
 */
export async function acquireDataFolderLock(dataDir: string, command: string, options: AcquireOptions = {}): Promise<DataFolderLock> {
  const mode = options.mode ?? 'exclusive';
  const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
  let waitingFor: LockHolder | undefined;
  for (let tries = 1; ; tries++) {
    const attempt = tryAcquireDataFolderLock(dataDir, command, mode);
    if ('lock' in attempt) return attempt.lock;
    if (Date.now() >= deadline || options.signal?.aborted) throw refused(dataDir, attempt.heldBy, command, options.waitSeconds ?? 0);
    if (!waitingFor) options.onWait?.(attempt.heldBy);
    waitingFor = attempt.heldBy;
    await sleepUnlessAborted(Math.min(retryDelay(retryPolicies.dataFolderLock, tries), Math.max(0, deadline - Date.now())), [options.signal]);
  }
}

/** One try, no waiting: the lock, or the live holder that keeps it. */
export function tryAcquireDataFolderLock(dataDir: string, command: string, mode: LockMode): { lock: DataFolderLock } | { heldBy: LockHolder } {
  const me = holderForThisProcess(command);
  const sharedDir = join(dataDir, sharedLockFolder);
  try {
    mkdirSync(sharedDir, { recursive: true });
  } catch (error) {
    throw storageErrorFrom(error, { action: `take the data folder lock in ${dataDir}`, configured: { name: 'DATA_DIR', path: dataDir }, rerun: `run \`iot ${command}\` again` }) ?? error;
  }
  return mode === 'exclusive' ? tryExclusive(dataDir, sharedDir, me) : tryShared(dataDir, sharedDir, me);
}

function tryExclusive(dataDir: string, sharedDir: string, me: LockHolder): { lock: DataFolderLock } | { heldBy: LockHolder } {
  const path = join(dataDir, lockFileName);
  const writer = takeLockFile(path, me);
  if (writer) return { heldBy: writer };
  const reader = liveSharedHolders(sharedDir).find((holder) => !isThisProcess(holder));
  if (reader) {
    releaseLockFile(path);
    return { heldBy: reader };
  }
  return { lock: { mode: 'exclusive', path, release: () => releaseLockFile(path) } };
}

function tryShared(dataDir: string, sharedDir: string, me: LockHolder): { lock: DataFolderLock } | { heldBy: LockHolder } {
  const path = join(sharedDir, `${me.host}.${me.pid}.${++sharedCount}`);
  const taken = takeLockFile(path, me);
  if (taken) return { heldBy: taken };
  const writerPath = join(dataDir, lockFileName);
  const writer = readHolder(writerPath);
  if (writer && isHeld(writer) && !isThisProcess(writer) && !(writer.command === 'cycle' && isParentProcess(writer))) {
    releaseLockFile(path);
    return { heldBy: writer };
  }
  return { lock: { mode: 'shared', path, release: () => releaseLockFile(path) } };
}

/** True when this process holds DATA_DIR exclusively (`iot cycle` running its merge). */
export function holdsDataFolderExclusively(dataDir: string): boolean {
  const holder = readHolder(join(dataDir, lockFileName));
  return holder !== undefined && isThisProcess(holder);
}

/** The shared holders that are alive; files of dead ones are cleared on the way. */
export function liveSharedHolders(sharedDir: string): LockHolder[] {
  const live: LockHolder[] = [];
  for (const name of safeList(sharedDir)) {
    if (name.endsWith('.new') || name.includes('.stale-')) continue;
    const path = join(sharedDir, name);
    const holder = readHolder(path);
    if (holder && isHeld(holder)) live.push(holder);
    else if (holder) removeStaleLockFile(path, holder);
    else rmSync(path, { force: true });
  }
  return live;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function refused(dataDir: string, holder: LockHolder, command: string, waitedSeconds: number): StateError {
  const where = holder.host !== hostname() ? ` on ${holder.host}` : '';
  const waited = waitedSeconds > 0 ? ` after waiting ${waitedSeconds}s` : '';
  return new StateError(
    `The data folder ${dataDir} is in use by \`iot ${holder.command}\` (pid ${holder.pid}${where}, since ${holder.since}); \`iot ${command}\` will not run beside it${waited}.`,
    {
      code: 'DATA_FOLDER_LOCKED',
      retriable: true,
      hint: `Nothing was changed. Wait for pid ${holder.pid} to finish or stop it (Ctrl-C in its terminal, or kill ${holder.pid}), then run \`iot ${command}\` again; a lock left by a dead process is taken over automatically. Locks: ${join(dataDir, lockFileName)}, ${join(dataDir, sharedLockFolder)}/`,
    },
  );
}

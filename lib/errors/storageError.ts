import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { PipelineError } from './pipelineError';

/** File-system failures that are the machine's state, not our bug: each gets a StorageError. */
export const storageErrnoCodes = ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR'] as const;
/** ENOENT is never converted from a bare error (a missing file is often ours to explain); it is raised on purpose for a folder deleted while in use. */
export type StorageErrno = (typeof storageErrnoCodes)[number] | 'ENOENT';

const meaning: Record<StorageErrno, { what: string; fix: string; retriable: boolean }> = {
  ENOSPC: { what: 'the disk is full', fix: 'free space on that file system', retriable: true },
  EDQUOT: { what: 'the disk quota is used up', fix: 'free space or raise the quota', retriable: true },
  EROFS: { what: 'the file system is read-only', fix: 'remount it read-write or point the setting at a writable folder', retriable: false },
  EACCES: { what: 'permission denied', fix: 'give this user write access to it', retriable: false },
  EPERM: { what: 'the operation is not permitted (immutable file or folder?)', fix: 'lift the restriction (e.g. `chattr -i`) or use another folder', retriable: false },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', fix: 'move that file away or point the setting at a folder', retriable: false },
  EISDIR: { what: 'it is a folder where a file was expected', fix: 'move that folder away', retriable: false },
  ENOENT: { what: 'the folder was deleted while in use', fix: 'leave the folder to the process using it: stop that process first, or let `iot merge` clear it', retriable: false },
};

export interface StorageContext {
  /** What was being done, as a phrase after "Could not": "write the backup in data/backup". */
  action: string;
  /** The path, when the error itself does not carry it (a write to an open file descriptor). */
  path?: string;
  /** How a rerun continues: "run `iot merge` again: it finishes from its journal". */
  rerun: string;
  /** A configured folder (DATA_DIR): when it is the cause, the error is a configuration error (exit 2). */
  configured?: { name: string; path: string };
}

/**
 * A disk or file-system failure: names the path, what was being done, says
 * nothing was lost and whether a rerun resumes. Exit 1, or 2 when the path
 * comes from configuration (DATA_DIR naming a file). `retriable` is true
 * only where the same call can succeed once space is freed.
 */
export class StorageError extends PipelineError {
  readonly errno: StorageErrno;
  readonly path: string;

  constructor(errno: StorageErrno, path: string, context: StorageContext, cause?: unknown) {
    const fromConfig = context.configured !== undefined && configuredIsTheCause(path, context.configured.path);
    const { what, fix, retriable } = meaning[errno];
    const message = `Could not ${context.action}: ${path}: ${what} (${errno}). Nothing was lost: what was already written is intact.`;
    const hint = fromConfig
      ? `${context.configured!.name}=${context.configured!.path} must name a writable folder; ${fix}, then ${context.rerun}.`
      : `${capitalize(fix)} (${path}), then ${context.rerun}.`;
    super(message, { code: `STORAGE_${errno}`, exitCode: fromConfig ? 2 : 1, retriable, hint, cause });
    this.errno = errno;
    this.path = path;
  }
}

export function isStorageErrno(error: unknown): error is NodeJS.ErrnoException & { code: StorageErrno } {
  return error instanceof Error && (storageErrnoCodes as readonly string[]).includes((error as NodeJS.ErrnoException).code ?? '');
}

/** The StorageError for `error` if it is one of ours to explain, else undefined (the caller rethrows it as it is). */
export function storageErrorFrom(error: unknown, context: StorageContext): StorageError | undefined {
  if (error instanceof StorageError) return error;
  const errno = storageErrnoOf(error);
  if (!errno) return undefined;
  const path = (error as NodeJS.ErrnoException).path ?? context.path ?? context.configured?.path ?? '(unknown path)';
  return new StorageError(errno, path, context, error);
}

/** Linux errno numbers, for errors of native libraries (polars says "Read-only file system (os error 30)"). */
const osErrors: Record<number, StorageErrno> = { 1: 'EPERM', 13: 'EACCES', 20: 'ENOTDIR', 21: 'EISDIR', 28: 'ENOSPC', 30: 'EROFS', 122: 'EDQUOT' };

/** mkdir -p over a file says EEXIST: for us that is a file where a folder should be, ENOTDIR's case. */
function storageErrnoOf(error: unknown): StorageErrno | undefined {
  if (isStorageErrno(error)) return error.code;
  if (!(error instanceof Error)) return undefined;
  const errno = error as NodeJS.ErrnoException;
  if (errno.code === 'EEXIST' && errno.syscall === 'mkdir') return 'ENOTDIR';
  const native = /\(os error (\d+)\)/.exec(error.message);
  return native ? osErrors[Number(native[1])] : undefined;
}

/** The setting is the cause when it names a file (DATA_DIR=/etc/hosts) or the failing path is the configured folder itself. */
function configuredIsTheCause(path: string, configuredPath: string): boolean {
  if (existsSync(configuredPath) && !statSync(configuredPath).isDirectory()) return true;
  return relative(configuredPath, path) === '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

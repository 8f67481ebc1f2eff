import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { StateError, StorageError } from '../../errors';
import { holderForThisProcess, releaseLockFile, takeLockFile } from '../../lock';
import { tempNameFor, writeFileAtomic } from './atomicFile';
import { MetadataLog } from './metadataLog';
import { checkpointResetHint } from './resetHint';
import {
  CheckpointMetadata, CommitEntry, GroupCommit, OffsetsEntry, PartitionOffsets, SinkEntry,
  readCommitEntry, readGroupCommit, readMetadata, readOffsetsEntry, readSinkEntry,
} from './entries';

/** Where a (re)started stream stands according to its checkpoint. */
export type RecoveryState =
  | { kind: 'empty' }
  | { kind: 'committed'; last: OffsetsEntry }
  | { kind: 'open'; batch: OffsetsEntry };

/** Spark keeps the last 100 batches of each log (minBatchesToRetain). */
const batchesToRetain = 100;
/** Spark's spark.sql.streaming.fileSink.log.compactInterval. */
const sinkCompactInterval = 10;
/** progress.jsonl moves to progress.jsonl.1 past this size, so a run of weeks keeps two bounded files. */
const progressRotateBytes = 4 << 20;

/**
 * The checkpoint folder: metadata (which topic), offsets/ (planned before a
 * batch writes), commits/ (after it wrote), sinks/ (the files each batch
 * wrote), progress.jsonl and a lock naming the process that uses it.
 */
export class Checkpoint {
  readonly offsets: MetadataLog<OffsetsEntry>;
  readonly commits: MetadataLog<CommitEntry>;
  readonly sinks: MetadataLog<SinkEntry>;
  readonly progressFile: string;
  readonly metadata: CheckpointMetadata;
  private readonly lockFile: string;

  private readonly groupCommitFile: string;

  private constructor(readonly dir: string, topic: string, readonly group: string, readonly resetHint: string) {
    mkdirSync(dir, { recursive: true });
    this.lockFile = join(dir, 'lock');
    this.progressFile = join(dir, 'progress.jsonl');
    this.groupCommitFile = join(dir, 'group-offsets');
    this.metadata = this.readOrCreateMetadata(topic);
    const options = { mirror: true, onFolderMissing: (): never => this.vanished() };
    this.offsets = new MetadataLog(join(dir, 'offsets'), readOffsetsEntry, resetHint, options);
    this.commits = new MetadataLog(join(dir, 'commits'), readCommitEntry, resetHint, options);
    this.sinks = new MetadataLog(join(dir, 'sinks'), readSinkEntry, resetHint, { ...options, compactInterval: sinkCompactInterval });
  }

  /** Opens (or creates) the checkpoint for `topic`; refuses one that belongs to another topic or another live process. */
  static open(dir: string, options: { topic: string; group: string }): Checkpoint {
    const checkpoint = new Checkpoint(dir, options.topic, options.group, checkpointResetHint(dir, options.group));
    checkpoint.lock();
    return checkpoint;
  }

  /**
   * Notes offsets the consumer group now holds, so a later clear knows
   * whether the group has caught up with the last committed batch without
   * asking Kafka (it asks only when this says the group is behind).
   */
  recordGroupCommit(topic: string, offsets: PartitionOffsets): void {
    const previous = this.groupCommitted();
    const merged = previous?.group === this.group && previous.topic === topic ? { ...previous.offsets, ...offsets } : offsets;
    const record: GroupCommit = { group: this.group, topic, offsets: merged, at: new Date().toISOString() };
    try {
      // Not flushed: a note lost to a power cut only makes the clear ask Kafka, it never claims more than the group holds.
      const temp = tempNameFor(this.groupCommitFile);
      writeFileSync(temp, JSON.stringify(record) + '\n');
      renameSync(temp, this.groupCommitFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(this.dir)) this.vanished();
      throw error;
    }
  }

  groupCommitted(): GroupCommit | undefined {
    return readGroupCommitFile(this.groupCommitFile);
  }

  /** One progress line per batch; past a few MB the file moves to progress.jsonl.1, replacing the one before. */
  appendProgress(line: string): void {
    try {
      if (existsSync(this.progressFile) && statSync(this.progressFile).size > progressRotateBytes) renameSync(this.progressFile, `${this.progressFile}.1`);
      appendFileSync(this.progressFile, line);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(this.dir)) this.vanished();
      throw error;
    }
  }

  recoveryState(): RecoveryState {
    const planned = this.offsets.latest();
    const committed = this.commits.latest();
    if (!planned) {
      if (committed) throw this.inconsistent(`commits/${committed.batchId} exists but offsets/ is empty`);
      return { kind: 'empty' };
    }
    if (committed?.batchId === planned.batchId) return { kind: 'committed', last: planned.value };
    if ((committed?.batchId ?? -1) === planned.batchId - 1) return { kind: 'open', batch: planned.value };
    throw this.inconsistent(`offsets/ ends at batch ${planned.batchId} but commits/ at ${committed?.batchId ?? 'none'}`);
  }

  /**
   * Forgets offsets and commits older than the retained window (never the
   * open or last committed batch). The sink log is kept whole: it is the
   * merge's manifest of every committed file, and the merge clears it.
   */
  purge(lastBatchId: number): void {
    const keepFrom = lastBatchId - batchesToRetain + 1;
    if (keepFrom <= 0) return;
    for (const log of [this.offsets, this.commits]) log.purgeBefore(keepFrom);
  }

  /** Releases the lock; a checkpoint found deleted at the end of a run is written back first, and the run fails saying so. */
  close(): void {
    if (!existsSync(join(this.dir, 'metadata'))) this.vanished();
    releaseLockFile(this.lockFile);
  }

  /**
   * The folder was deleted under this running consumer. Its part files and
   * the group's offsets still count the batches it committed, so the folder
   * is written back from what this process holds in memory (every entry of
   * its logs) before the run stops: no part file is left that only a
   * deleted checkpoint named.
   */
  private vanished(): never {
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(join(this.dir, 'metadata'), JSON.stringify(this.metadata) + '\n');
    const restored = [this.offsets, this.commits, this.sinks].map((log) => log.restore());
    const open = this.recoveryState();
    const next = open.kind === 'open' ? `it finishes batch ${open.batch.batchId}, which was being written, into the same file names` : 'it continues after the last committed batch';
    releaseLockFile(this.lockFile);
    throw new StorageError('ENOENT', this.dir, {
      action: 'write the checkpoint of the running consumer',
      rerun:
        `run \`iot consume\` again: the checkpoint was written back from this consumer's memory (${restored[1]} commit(s), ${restored[2]} sink log entries), so ${next}; ` +
        'every part file in output/ is named by a committed batch again and `iot merge` archives each reading once',
    });
  }

  private readOrCreateMetadata(topic: string): CheckpointMetadata {
    const file = join(this.dir, 'metadata');
    if (!existsSync(file)) {
      const metadata: CheckpointMetadata = { id: randomUUID(), topic, group: this.group, createdAt: new Date().toISOString() };
      try {
        writeFileAtomic(file, JSON.stringify(metadata) + '\n', { once: true });
        return metadata;
      } catch (error) {
        // Another consumer created it a moment ago: read theirs, the lock then decides who runs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    let metadata: CheckpointMetadata;
    try {
      metadata = readMetadata(JSON.parse(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new StateError(`Checkpoint file ${file} is unreadable (${(error as Error).message}).`, { code: 'CHECKPOINT_CORRUPT', hint: this.resetHint });
    }
    if (metadata.topic !== topic) {
      throw new StateError(`Checkpoint ${this.dir} belongs to topic "${metadata.topic}", not "${topic}".`, {
        code: 'CHECKPOINT_OTHER_TOPIC',
        hint: `Use --topic ${metadata.topic} to continue that stream, or use another DATA_DIR. ${this.resetHint}`,
      });
    }
    return metadata;
  }

  /**
   * One consumer per checkpoint: a second one would plan the same batches
   * twice. An exclusive create (never read-then-write), so two consumers
   * starting at the same moment cannot both take it; a dead owner's lock is taken over.
   */
  private lock(): void {
    const owner = takeLockFile(this.lockFile, holderForThisProcess('consume'));
    if (!owner) return;
    throw new StateError(`Checkpoint ${this.dir} is in use by another consumer (pid ${owner.pid} on ${owner.host}, since ${owner.since}).`, {
      code: 'CHECKPOINT_LOCKED',
      hint: `Stop that consumer first (kill ${owner.pid}), or give this one its own DATA_DIR.`,
    });
  }

  private inconsistent(why: string): StateError {
    return new StateError(`Checkpoint ${this.dir} is inconsistent: ${why}.`, { code: 'CHECKPOINT_CORRUPT', hint: this.resetHint });
  }
}

export function readGroupCommitFile(file: string): GroupCommit | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return readGroupCommit(JSON.parse(text));
  } catch {
    // Written atomically, so unreadable only if edited: then it proves nothing, and the clear asks the group itself.
    return undefined;
  }
}

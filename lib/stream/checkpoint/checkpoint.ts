import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { StateError } from '../../errors';
import { holderForThisProcess, releaseLockFile, takeLockFile } from '../../lock';
import { writeFileAtomic } from './atomicFile';
import { MetadataLog } from './metadataLog';
import { checkpointResetHint } from './resetHint';
import {
  CheckpointMetadata, CommitEntry, OffsetsEntry, SinkEntry,
  readCommitEntry, readMetadata, readOffsetsEntry, readSinkEntry,
} from './entries';

/** Where a (re)started stream stands according to its checkpoint. */
export type RecoveryState =
  | { kind: 'empty' }
  | { kind: 'committed'; last: OffsetsEntry }
  | { kind: 'open'; batch: OffsetsEntry };

/** Spark keeps the last 100 batches of each log (minBatchesToRetain). */
const batchesToRetain = 100;

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

  private constructor(readonly dir: string, topic: string, readonly resetHint: string) {
    mkdirSync(dir, { recursive: true });
    this.lockFile = join(dir, 'lock');
    this.progressFile = join(dir, 'progress.jsonl');
    this.metadata = this.readOrCreateMetadata(topic);
    this.offsets = new MetadataLog(join(dir, 'offsets'), readOffsetsEntry, resetHint);
    this.commits = new MetadataLog(join(dir, 'commits'), readCommitEntry, resetHint);
    this.sinks = new MetadataLog(join(dir, 'sinks'), readSinkEntry, resetHint);
  }

  /** Opens (or creates) the checkpoint for `topic`; refuses one that belongs to another topic or another live process. */
  static open(dir: string, options: { topic: string; group: string }): Checkpoint {
    const checkpoint = new Checkpoint(dir, options.topic, checkpointResetHint(dir, options.group));
    checkpoint.lock();
    return checkpoint;
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

  close(): void {
    releaseLockFile(this.lockFile);
  }

  private readOrCreateMetadata(topic: string): CheckpointMetadata {
    const file = join(this.dir, 'metadata');
    if (!existsSync(file)) {
      const metadata: CheckpointMetadata = { id: randomUUID(), topic, createdAt: new Date().toISOString() };
      writeFileAtomic(file, JSON.stringify(metadata) + '\n');
      return metadata;
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
      hint: `To share the work, run every consumer as an instance of one group: \`iot consume --group G --instance auto\` `
        + `(each gets its own checkpoint and its share of the partitions). Otherwise stop that consumer first (kill ${owner.pid}), `
        + 'or give this one its own DATA_DIR.',
    });
  }

  private inconsistent(why: string): StateError {
    return new StateError(`Checkpoint ${this.dir} is inconsistent: ${why}.`, { code: 'CHECKPOINT_CORRUPT', hint: this.resetHint });
  }
}

import { OffsetsEntry, PartitionOffsets } from '../checkpoint';
import { alignToLog, Assignment, countBetween, fetchGroupOffsets, lagOf, planEnd, reached } from '../source';
import { groupFloor } from './groupFloor';
import { formatEventTime } from '../state';
import { BatchContext, BatchOutcome, batchStart, executeBatch } from './microBatch';
import { OutageGuard } from './outage';
import { StreamOptions } from './options';
import { BatchProgress, ProgressReporter } from './progress';
import { applyAlignment } from './startPosition';
import { TopicIdentity } from './topicIdentity';
import { ProcessingTimeTrigger } from './trigger';

export interface LoopTotals {
  batches: number;
  rowsWritten: number;
  rowsQuarantined: number;
  partFiles: number;
  processingMs: number;
  /** Readings older than the watermark (raw part file only, no window). */
  late: number;
  /** Rows emitted by stateful operators (windows). */
  windows: number;
  /** Alert events (raises and clears) written. */
  alerts: number;
}

/**
 * The driver loop of a streaming query: on each trigger, plan the next range
 * (latest offsets, capped by maxPerBatch), record it in offsets/, run the
 * batch. Stops at a safe point (between batches) on the stop signal, at the
 * end of the duration, or once a drain's target offsets are committed.
 */
export class StreamLoop {
  readonly totals: LoopTotals = { batches: 0, rowsWritten: 0, rowsQuarantined: 0, partFiles: 0, processingMs: 0, late: 0, windows: 0, alerts: 0 };
  private readonly trigger: ProcessingTimeTrigger;
  private readonly progress: ProgressReporter;
  private drainTarget: Promise<PartitionOffsets> | undefined;
  private groupCommitPending = false;
  private previousBatchStart = Date.now();

  constructor(
    private readonly context: BatchContext,
    private readonly options: StreamOptions,
    private readonly outage: OutageGuard,
    private position: PartitionOffsets,
    private batchId: number,
    private readonly deadline: number,
    private readonly identity: TopicIdentity,
    /** What to do when a position is past the topic's end: names the group when the position came from it. */
    private readonly aheadHint: string,
  ) {
    this.trigger = new ProcessingTimeTrigger(options.triggerSeconds * 1000);
    this.progress = new ProgressReporter((line) => context.checkpoint.appendProgress(line), context.logger);
  }

  get offsets(): PartitionOffsets {
    return this.position;
  }

  async run(redo: OffsetsEntry | undefined): Promise<void> {
    this.watchDrain();
    if (redo) await this.outage.run(`redoing batch ${redo.batchId}`, () => this.runBatch(redo, true, redo.end, 0));
    // A group instance learns its partitions, and where to start on them, from its first assignment.
    if (this.context.source.membership) this.position = {};
    while (!(await this.shouldStop())) {
      if (this.drainTarget) this.trigger.markStarted();
      else await this.trigger.waitForNext([this.options.signal, this.options.drain], this.deadline);
      if (this.options.signal?.aborted || Date.now() >= this.deadline) break;
      const planStart = Date.now();
      const log = await this.outage.run('planning the next batch', () => this.observeTopic(), false);
      const owned = await this.ownedView(log.latest, log.earliest);
      if (!owned) continue;
      const { latest, assignment } = owned;
      this.position = applyAlignment(alignToLog(this.position, log.earliest, latest), this.context.source.topic, this.aheadHint, this.context.logger);
      const end = planEnd(this.position, latest, this.options.maxPerBatch);
      if (countBetween(this.position, end) === 0) continue;
      const entry: OffsetsEntry = {
        batchId: this.batchId, topic: this.context.source.topic, start: this.position, end,
        format: this.options.format, plannedAt: new Date().toISOString(), ...(this.options.instance === undefined ? {} : { instance: this.options.instance }),
        topicId: this.identity.id, group: this.context.group,
      };
      const state = this.context.state;
      if (state) {
        await state.prepare(batchStart(entry));
        if (Number.isFinite(state.watermark)) entry.watermarkMs = state.watermark;
      }
      this.context.checkpoint.offsets.add(entry.batchId, entry);
      // Planned, then checked: a rebalance that began meanwhile may hand these partitions to an owner that did not see this plan.
      if (assignment && !this.context.source.membership?.stillOwns(assignment)) {
        this.context.checkpoint.offsets.remove(entry.batchId);
        this.context.logger.info('stream.batch.abandoned', { batch: entry.batchId, why: 'a rebalance began while it was planned' });
        continue;
      }
      // A batch cut short by an outage is done again exactly as planned, as after a crash.
      await this.outage.run(`batch ${entry.batchId}`, (retry) => this.runBatch(entry, retry, latest, Date.now() - planStart));
    }
    if (this.groupCommitPending) await this.finalGroupCommit();
  }

  private async runBatch(entry: OffsetsEntry, redo: boolean, latest: PartitionOffsets, planMs: number): Promise<void> {
    const started = Date.now() - planMs;
    // A batch retried after an outage reads the same offsets again: only from the topic it was planned on.
    if (redo) this.identity.check(await this.context.source.topicId(), this.context.logger);
    const outcome = await this.context.source.whileTopicExists(this.identity.id, () => executeBatch(this.context, entry, redo));
    this.groupCommitPending = !outcome.groupCommitted;
    this.position = entry.end;
    this.batchId = entry.batchId + 1;
    const totalMs = Date.now() - started;
    this.totals.batches++;
    this.totals.rowsWritten += outcome.rowsWritten;
    this.totals.rowsQuarantined += outcome.rowsQuarantined;
    this.totals.partFiles += outcome.sink.files.filter((file) => file.kind === 'part').length;
    this.totals.late += outcome.state?.late ?? 0;
    this.totals.windows += rowsOfKind(outcome, 'window');
    this.totals.alerts += rowsOfKind(outcome, 'alert');
    this.totals.processingMs += totalMs;
    this.progress.report(this.describe(entry, redo, latest, outcome, planMs, totalMs, started));
    this.previousBatchStart = started;
  }

  private describe(entry: OffsetsEntry, redo: boolean, latest: PartitionOffsets, outcome: BatchOutcome, planMs: number, totalMs: number, started: number): BatchProgress {
    const rows = countBetween(entry.start, entry.end);
    const sincePrevious = Math.max(1, started - this.previousBatchStart);
    return {
      batchId: entry.batchId,
      timestamp: new Date(started).toISOString(),
      redo,
      numInputRows: rows,
      rowsWritten: outcome.rowsWritten,
      rowsQuarantined: outcome.rowsQuarantined,
      inputRowsPerSecond: this.totals.batches === 1 ? 0 : (rows * 1000) / sincePrevious,
      processedRowsPerSecond: (rows * 1000) / Math.max(1, totalMs),
      durationMs: { plan: planMs, readWrite: outcome.readWriteMs, commit: outcome.commitMs, total: totalMs },
      startOffsets: entry.start,
      endOffsets: entry.end,
      latestOffsets: latest,
      lag: lagOf(entry.end, latest),
      files: outcome.sink.files.map((file) => file.path),
      ...(outcome.state ? eventTimeProgress(outcome) : {}),
    };
  }

  /** The topic as it is now: the same topic (by id) as the stream has been reading, and its log start and end. */
  private async observeTopic(): Promise<{ latest: PartitionOffsets; earliest: PartitionOffsets }> {
    const { source, logger } = this.context;
    this.identity.check(await source.topicId(), logger);
    return source.whileTopicExists(this.identity.id, async () => ({ latest: await source.latestOffsets(), earliest: await source.earliestOffsets() }));
  }

  /**
   * The latest offsets of the partitions this instance reads: all of them
   * alone, the assigned ones in a group (undefined while a rebalance is under
   * way).
   */
  private async ownedView(latest: PartitionOffsets, earliest: PartitionOffsets): Promise<{ latest: PartitionOffsets; assignment?: Assignment } | undefined> {
    const { source, logger } = this.context;
    const assignment = source.membership?.assignment();
    if (!source.membership) return { latest };
    if (!assignment) return undefined;
    const owned = assignment.partitions.map(String).filter((p) => p in latest);
    const acquired = owned.filter((p) => !(p in this.position));
    const revoked = Object.keys(this.position).filter((p) => !owned.includes(p));
    const position: PartitionOffsets = Object.fromEntries(owned.filter((p) => p in this.position).map((p) => [p, this.position[p]]));
    if (acquired.length > 0) Object.assign(position, await this.takeOver(acquired, latest, earliest));
    if (acquired.length > 0 || revoked.length > 0) logger.info('stream.assignment', { partitions: owned, acquired: Object.fromEntries(acquired.map((p) => [p, position[p]])), revoked });
    this.position = position;
    return { latest: Object.fromEntries(owned.map((p) => [p, latest[p]])), assignment };
  }

  /**
   * Where partitions the group just gave this instance start: at the group's
   * committed offset, never below what any instance's checkpoint says was
   * read, nor below what retention has left (the loss is logged, as for a
   * lone consumer). Where that start is ahead of the group (a member
   * committed its batch but lost the partition before its group commit), the
   * group is told at once: with nothing left to read no batch would ever
   * commit it, and the group's lag would stay wrong.
   */
  private async takeOver(acquired: string[], latest: PartitionOffsets, earliest: PartitionOffsets): Promise<PartitionOffsets> {
    const { source, group, checkpointRoot, logger } = this.context;
    const committed = (await this.outage.run(`reading the offsets of group "${group}"`, () => fetchGroupOffsets(source.admin, group, source.topic), false)) ?? {};
    // --starting-offsets latest applies to a group's very first run only; a partition the group has no offset for later is new: read from its start.
    const fallback = this.options.startingOffsets === 'earliest' || Object.keys(committed).length > 0 ? earliest : latest;
    const floor = groupFloor(checkpointRoot!);
    const wanted: PartitionOffsets = {};
    for (const p of acquired) wanted[p] = Math.min(latest[p], Math.max(committed[p] ?? fallback[p], floor[p] ?? 0));
    const acquiredEnds = Object.fromEntries(acquired.map((p) => [p, latest[p]]));
    const start = applyAlignment(alignToLog(wanted, earliest, acquiredEnds), source.topic, this.aheadHint, logger);
    const behind = Object.fromEntries(acquired.filter((p) => committed[p] !== undefined ? start[p] > committed[p] : floor[p] !== undefined).map((p) => [p, start[p]]));
    if (Object.keys(behind).length > 0) {
      await this.outage.run(`committing offsets to group "${group}"`, () => source.committer.commit(group, source.topic, behind), false);
      this.context.checkpoint.recordGroupCommit(source.topic, behind);
    }
    return start;
  }

  /** Drain: the end offsets are noted the moment it is asked for, not when the current batch ends. */
  private watchDrain(): void {
    const drain = this.options.drain;
    if (!drain) return;
    const note = () => {
      this.drainTarget = this.outage.run('noting the drain target', () => this.context.source.latestOffsets(), false);
      this.drainTarget.catch(() => undefined);
      this.context.logger.info('stream.drain', { from: this.position });
    };
    if (drain.aborted) note();
    else drain.addEventListener('abort', note, { once: true });
  }

  private async shouldStop(): Promise<boolean> {
    if (this.options.signal?.aborted || Date.now() >= this.deadline) return true;
    if (!this.drainTarget) return false;
    const target = await this.drainTarget;
    // A group instance answers for the partitions it owns; the others drain theirs.
    const own = this.context.source.membership ? Object.fromEntries(Object.keys(this.position).map((p) => [p, target[p]])) : target;
    if (!reached(this.position, own)) return false;
    this.context.logger.info('stream.drained', { target });
    return true;
  }

  /** The last batch's group commit failed: repeat it through the outage (the checkpoint has the offsets meanwhile). */
  private async finalGroupCommit(): Promise<void> {
    const { source, group } = this.context;
    await this.outage.run(`committing offsets to group "${group}"`, () => source.committer.commit(group, source.topic, this.position));
    this.context.checkpoint.recordGroupCommit(source.topic, this.position);
  }
}

/** The event-time part of a batch's progress: Spark's eventTime.watermark, plus our late and duplicate counts. */
function eventTimeProgress(outcome: BatchOutcome): Pick<BatchProgress, 'watermark' | 'late' | 'lateBySensor' | 'duplicates' | 'windowsEmitted' | 'alertEvents'> {
  const state = outcome.state!;
  return {
    watermark: Number.isFinite(state.watermarkMs) ? formatEventTime(state.watermarkMs) : null,
    late: state.late,
    lateBySensor: state.lateBySensor,
    duplicates: state.duplicates,
    windowsEmitted: rowsOfKind(outcome, 'window'),
    alertEvents: rowsOfKind(outcome, 'alert'),
  };
}

/** Rows a stateful operator's part files of the batch hold. */
function rowsOfKind(outcome: BatchOutcome, kind: 'window' | 'alert'): number {
  return outcome.sink.files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.rows, 0);
}

import { join } from 'node:path';
import { MetadataLog } from '../checkpoint';
import { SavedAlerts as AlertState } from './alertOperator';

/** Versions kept behind the last committed batch: enough for a redo, bounded like Spark's minBatchesToRetain. */
const versionsToRetain = 10;

/**
 * The alert operator's state, versioned by batch as Spark's state store is:
 * `state/alerts/<batch>` holds the state after that batch, written before
 * the batch's commit marker. A batch (re)done starts from the version before
 * it, so a redo after kill -9 gives the same events under the same ids.
 */
export class AlertStateStore {
  private readonly log: MetadataLog<AlertState>;

  constructor(checkpointDir: string, resetHint: string) {
    this.log = new MetadataLog(join(checkpointDir, 'state', 'alerts'), readAlertState, resetHint);
  }

  /**
   * The state batch `batchId` starts from: the newest version before it; in
   * a fresh checkpoint whose batches restart at 0, the newest version a
   * previous run left (the state outlives a cycle's checkpoint).
   */
  baseFor(batchId: number): AlertState | undefined {
    const ids = this.log.batchIds();
    const before = ids.filter((id) => id < batchId);
    if (before.length > 0) return this.log.get(before[before.length - 1]);
    const carried = ids.filter((id) => id > batchId);
    return carried.length > 0 ? this.log.get(carried[carried.length - 1]) : undefined;
  }

  save(batchId: number, state: AlertState): void {
    this.log.add(batchId, state);
  }

  /** After batch `batchId` committed: versions of an earlier run and old ones go. */
  committed(batchId: number): void {
    for (const id of this.log.batchIds()) if (id > batchId) this.log.remove(id);
    this.log.purgeBefore(batchId - versionsToRetain + 1);
  }
}

function readAlertState(value: unknown): AlertState {
  const state = value as AlertState;
  if (typeof state !== 'object' || state === null || typeof state.sensors !== 'object' || state.sensors === null) throw new Error('not an alert state');
  return state;
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tslab from 'tslab';
import { Config } from '../config';
import { Logger } from '../log';
import type { BatchProgress } from '../stream';

export interface BatchLine {
  batch: number;
  offsets: string;
  'rows written': number;
  quarantined: number;
}

/**
 * A logger for runStream that shows each micro-batch in the notebook the moment it commits: its id, the offset
 * range it read per partition and its rows. The stream writes a batch's progress line before it logs the batch,
 * so the newest line of the checkpoint's progress.jsonl is that batch.
 */
export function streamWatcher(config: Config, base: Logger): { logger: Logger; batches: BatchLine[] } {
  const batches: BatchLine[] = [];
  const progressFile = join(config.paths.checkpoint, 'progress.jsonl');
  const onBatch = () => {
    if (!existsSync(progressFile)) return;
    const lines = readFileSync(progressFile, 'utf8').trim().split('\n');
    const progress = JSON.parse(lines[lines.length - 1]) as BatchProgress;
    const line = describeBatch(progress);
    batches.push(line);
    tslab.display.markdown(`**micro-batch ${line.batch}** · offsets ${line.offsets} · ${plural(line['rows written'], 'row')} written · ${line.quarantined} quarantined`);
  };
  const wrap = (logger: Logger): Logger => ({
    ...logger,
    info(event, fields) {
      if (event === 'stream.batch') onBatch();
      logger.info(event, fields);
    },
    child: (component) => wrap(logger.child(component)),
  });
  return { logger: wrap(base), batches };
}

/** "partition 0: 120 → 161, partition 1: …", only the partitions the batch read from. */
export function describeBatch(progress: BatchProgress): BatchLine {
  const ranges = Object.entries(progress.endOffsets)
    .filter(([partition, end]) => end !== progress.startOffsets[partition])
    .map(([partition, end]) => `p${partition} ${progress.startOffsets[partition] ?? 0}→${end}`);
  return { batch: progress.batchId, offsets: ranges.join(', ') || 'none', 'rows written': progress.rowsWritten, quarantined: progress.rowsQuarantined };
}

export function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : /(ch|sh|s|x)$/.test(word) ? 'es' : 's'}`;
}

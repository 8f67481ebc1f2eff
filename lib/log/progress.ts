import { writeSync } from 'node:fs';
import { Logger } from './logger';

export interface ProgressOptions {
  /** What is being done, e.g. "etl sensor_data_20261202_101500.csv". */
  label: string;
  /** The whole amount of work, in `unit`s. */
  total: number;
  unit: 'bytes' | 'rows';
  logger: Logger;
  /** Below this much work nothing is shown: a small file finishes before a line would help. */
  minTotal?: number;
  /** A terminal gets one line redrawn in place; anything else gets `progress` log events (JSON lines). */
  tty?: boolean;
  everyMs?: number;
}

export interface Progress {
  /** The work done so far, in the same unit as `total`. Cheap: at most one redraw per interval. */
  update(done: number): void;
  finish(): void;
}

const quiet: Progress = { update: () => undefined, finish: () => undefined };

/** A progress line for long merges and ETL loads: `etl big.csv  42 %  420 MB of 1.0 GB  12 s`. */
export function progressReporter(options: ProgressOptions): Progress {
  const { label, total, unit, logger, minTotal = 64 * 1024 * 1024 } = options;
  if (total < minTotal) return quiet;
  const tty = options.tty ?? process.stderr.isTTY === true;
  const everyMs = options.everyMs ?? (tty ? 250 : 5_000);
  const started = Date.now();
  let shownAt = 0;
  let drawn = false;
  const show = (done: number) => {
    const percent = Math.min(100, Math.floor((done / total) * 100));
    const seconds = Math.round((Date.now() - started) / 1000);
    if (!tty) return logger.info('progress', { task: label, done, total, unit, percent, seconds });
    writeSync(2, `\r${label}  ${String(percent).padStart(3)} %  ${amount(done, unit)} of ${amount(total, unit)}  ${seconds} s\x1b[K`);
    drawn = true;
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - shownAt < everyMs) return;
      shownAt = now;
      show(done);
    },
    finish() {
      if (drawn) writeSync(2, '\r\x1b[K');
    },
  };
}

function amount(value: number, unit: ProgressOptions['unit']): string {
  if (unit === 'rows') return `${value.toLocaleString('en-US')} rows`;
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(value / 1024 ** 2)} MB`;
}

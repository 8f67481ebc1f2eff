/** A snapshot while producing, once a second. */
export interface ProducerProgress {
  sent: number;
  acknowledged: number;
  failed: number;
  elapsedSeconds: number;
  /** Messages sent per second over the last interval. */
  messagesPerSecond: number;
}

export function formatProgress(progress: ProducerProgress): string {
  const count = (value: number) => value.toLocaleString('en-US');
  return `producing  sent ${count(progress.sent)}  acked ${count(progress.acknowledged)}  ` +
    `rate ${count(Math.round(progress.messagesPerSecond))}/s  errors ${count(progress.failed)}  ${progress.elapsedSeconds.toFixed(0)} s`;
}

/**
 * One line redrawn in place on a terminal (carriage return + clear to end of
 * line); on anything else it writes nothing, so logs and pipes stay clean.
 */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr) {
  const live = stream.isTTY === true;
  return {
    update(progress: ProducerProgress): void {
      if (live) stream.write(`\r${formatProgress(progress)}\x1b[K`);
    },
    clear(): void {
      if (live) stream.write('\r\x1b[K');
    },
  };
}

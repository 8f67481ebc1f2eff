import { UsageError } from '../../errors';
import { formatDuration, parseDuration } from './duration';

/** Event-time windows as Spark's window(timeColumn, size, slide): [start, start + size), starts at multiples of slide from the epoch. */
export interface WindowSpec {
  sizeMs: number;
  slideMs: number;
}

/** What `iot consume` computes on event time: windows (or none, `--window off`), the watermark delay and --dedupe. */
export interface EventTimeOptions {
  window: WindowSpec | undefined;
  watermarkDelayMs: number;
  dedupe: boolean;
}

/**
 * Checks --window, --slide and --watermark together: a size and delay that
 * are durations (size above zero, delay not negative), a slide no longer
 * than the window that divides it (so each reading counts in exactly
 * size/slide windows). Bad values are a UsageError (exit 2) naming the flag.
 */
export function eventTimeOptions(flags: { window: string; slide?: string; watermark: string; dedupe: boolean }): EventTimeOptions {
  const watermarkDelayMs = duration('--watermark', flags.watermark, '30s');
  if (watermarkDelayMs < 0) throw new UsageError(`--watermark "${flags.watermark}" is negative: the watermark delay is how far event time may run behind the latest reading.`, { hint: 'e.g. --watermark 30s, or --watermark 0 to count every reading older than the latest as late.' });
  if (flags.window === 'off') {
    if (flags.slide !== undefined) throw new UsageError('--slide needs windows: it was given with --window off.', { hint: 'Drop --slide, or give --window a size such as --window 1m.' });
    return { window: undefined, watermarkDelayMs, dedupe: flags.dedupe };
  }
  const sizeMs = duration('--window', flags.window, '1m');
  if (sizeMs <= 0) throw new UsageError(`--window "${flags.window}" is not a window size: it must be longer than zero.`, { hint: 'e.g. --window 1m, or --window off to compute no windows.' });
  const slideMs = flags.slide === undefined ? sizeMs : duration('--slide', flags.slide, '30s');
  if (slideMs <= 0) throw new UsageError(`--slide "${flags.slide}" must be longer than zero.`, { hint: `e.g. --slide ${formatDuration(sizeMs / 2)} for windows of ${formatDuration(sizeMs)} every ${formatDuration(sizeMs / 2)}.` });
  if (slideMs > sizeMs) throw new UsageError(`--slide ${flags.slide} is longer than --window ${flags.window}: readings between windows would count in none.`, { hint: `Use a slide up to the window size, e.g. --slide ${formatDuration(sizeMs / 2)}.` });
  if (sizeMs % slideMs !== 0) throw new UsageError(`--slide ${flags.slide} does not divide --window ${flags.window}: each reading must count in the same number of windows (size/slide).`, { hint: `Use a slide that divides ${formatDuration(sizeMs)}, e.g. --slide ${formatDuration(sizeMs / 2)}.` });
  return { window: { sizeMs, slideMs }, watermarkDelayMs, dedupe: flags.dedupe };
}

function duration(flag: string, text: string, example: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${flag} "${text}" is not a duration.`, { hint: `Write a number and a unit (ms, s, m, h, d), e.g. ${flag} ${example}.` });
  return ms;
}

/** Starts of the windows `eventTime` falls in, earliest first: size/slide of them. */
export function windowStarts(spec: WindowSpec, eventTime: number): number[] {
  const last = eventTime - mod(eventTime, spec.slideMs);
  const starts: number[] = [];
  for (let start = last - spec.sizeMs + spec.slideMs; start <= last; start += spec.slideMs) starts.push(start);
  return starts;
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}

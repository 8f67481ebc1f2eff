import { relative } from 'node:path';
import pl, { DataType } from 'nodejs-polars';
import { DataError } from '../errors';
import { fsyncPath } from '../files/fsyncPath';
import { OutputKind } from '../schema';
import { ManifestPart } from './manifest';

/** Every column of `kind` as text, so values are archived exactly as the stream wrote them. */
export function outputTextSchema(kind: OutputKind): Record<string, DataType> {
  return Object.fromEntries(kind.columns.map((name) => [name, pl.Utf8]));
}

/**
 * The archive of a kind besides the readings (window rows, alert events):
 * its committed parts as one CSV at `path`, one header, `\n` line ends,
 * sorted by the kind's `sortBy` (sensor_id as a number), ties in part order.
 * These outputs are a few rows per sensor and minute, so one polars frame
 * holds them; the readings keep their bounded-memory path (writeMerged.ts).
 * Returns the rows written, counted again from the file.
 */
export function writeOutputArchive(kind: OutputKind, parts: ManifestPart[], path: string, dataDir: string): number {
  const frames = parts.map((part) => readOutputPart(kind, part, dataDir));
  const all = frames.length === 1 ? frames[0] : pl.concat(frames, { how: 'vertical' });
  const order = kind.sortBy.map((name) => (name === 'sensor_id' ? pl.col(name).cast(pl.Int64, false) : pl.col(name)));
  all.sort({ by: order, maintainOrder: true }).writeCSV(path, { includeHeader: true, lineTerminator: '\n' });
  fsyncPath(path);
  return pl.readCSV(path, { hasHeader: true, schema: outputTextSchema(kind), quoteChar: '"' }).height;
}

function readOutputPart(kind: OutputKind, part: ManifestPart, dataDir: string): pl.DataFrame {
  try {
    if (part.kind === 'csv') return pl.readCSV(part.path, { hasHeader: true, schema: outputTextSchema(kind), quoteChar: '"' }).select(...kind.columns);
    const frame = pl.readParquet(part.path);
    return frame.select(...kind.columns.map((name) => asText(kind, name)));
  } catch (error) {
    throw new DataError(`Cannot read ${kind.name} part file ${relative(dataDir, part.path)}: ${(error as Error).message}`, {
      code: 'PART_UNREADABLE',
      hint: `Nothing was merged or deleted. Inspect ${part.path}; move it out of the output folder if it is damaged, then run \`iot merge\` again.`,
    });
  }
}

/** A Parquet column as the CSV twin would hold it: whole decimals without polars' ".0". */
function asText(kind: OutputKind, name: string): pl.Expr {
  const text = pl.col(name).cast(pl.Utf8);
  return kind.table.columns.find((column) => column.name === name)?.kind === 'decimal' ? text.str.replace(/\.0$/, '') : text;
}

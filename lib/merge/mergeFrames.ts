import pl, { DataType } from 'nodejs-polars';
import { relative } from 'node:path';
import { DataError } from '../errors';
import { ReadingColumn, readingColumnNames, readingColumns } from '../schema';
import { checkCsvHeader, PartFile } from './partFiles';

/**
 * Every column as text: a number is written back exactly as the consumer wrote
 * it (no float parse/print round trip, so no `29.499999` for 29.5, no `30.0`
 * for 30), and the merge never rejects a row the ETL should judge.
 */
export const textSchema = Object.fromEntries(readingColumnNames.map((name) => [name, pl.Utf8])) as Record<string, DataType>;

/** readPart, with a polars parse failure turned into an error naming the file. */
export function readPartOrExplain(part: PartFile, outputDir: string): pl.DataFrame {
  try {
    return readPart(part, outputDir);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`Cannot read part file ${relative(outputDir, part.path)}: ${(error as Error).message}`, {
      code: 'PART_UNREADABLE',
      hint: `Nothing was merged or deleted. Inspect ${part.path}; move it out of the output folder if it is damaged, then run \`iot merge\` again.`,
    });
  }
}

/** One part as a frame of text columns in the schema's order. */
export function readPart(part: PartFile, outputDir: string): pl.DataFrame {
  if (part.kind === 'csv') {
    checkCsvHeader(part.path, outputDir);
    return pl.readCSV(part.path, { hasHeader: true, schema: textSchema, quoteChar: '"' });
  }
  const frame = pl.readParquet(part.path);
  checkParquetColumns(frame, part.path, outputDir);
  return frame.select(...readingColumns.map((column) => asText(column)));
}

/**
 * Straight to text: a Float32 column prints its own shortest form ("21.3"),
 * never the Float64 widening; whole numbers lose polars' ".0" so they read as
 * the consumer's CSV parts write them (44, not 44.0).
 */
function asText(column: ReadingColumn): pl.Expr {
  const text = pl.col(column.name).cast(pl.Utf8);
  return column.kind === 'decimal' ? text.str.replace(/\.0$/, '') : text;
}

function checkParquetColumns(frame: pl.DataFrame, path: string, outputDir: string): void {
  const columns = [...frame.columns].sort().join(',');
  if (columns === [...readingColumnNames].sort().join(',')) return;
  throw new DataError(`Part file ${relative(outputDir, path)} has the columns ${frame.columns.join(',')}, expected ${readingColumnNames.join(',')}.`, {
    code: 'PART_HEADER_MISMATCH',
    hint: `Nothing was merged or deleted. Move ${path} out of ${outputDir} (it was not written by \`iot consume\`), then run \`iot merge\` again.`,
  });
}

import { existsSync } from 'node:fs';
import pl from 'nodejs-polars';
import { DataError } from '../errors';
import { readingColumnNames } from '../schema';

/**
 * Reads an archived CSV with every column as text: a value such as "abc" in
 * temperature must become a rule violation with its line number, not a parse
 * error for the whole file. Validation casts to numbers afterwards.
 */
export function readReadingsCsv(file: string): pl.DataFrame {
  if (!existsSync(file)) {
    throw new DataError(`${file} does not exist.`, { code: 'ETL_FILE_MISSING', hint: 'Pass an archived file, e.g. data/backup/sensor_data_20260101_120000.csv, or run `iot merge` first.' });
  }
  let frame: pl.DataFrame;
  try {
    frame = pl.readCSV(file, { inferSchemaLength: 0, hasHeader: true, raiseIfEmpty: false });
  } catch (error) {
    throw new DataError(`${file} is not a readable CSV file: ${(error as Error).message}`, { code: 'ETL_CSV_UNREADABLE', hint: 'Check the file; archived files start with the header ' + readingColumnNames.join(',') + '.' });
  }
  const missing = readingColumnNames.filter((name) => !frame.columns.includes(name));
  if (missing.length > 0) {
    throw new DataError(`${file} has no column ${missing.join(', ')} (header: ${frame.columns.join(',') || '(empty)'}).`, {
      code: 'ETL_CSV_COLUMNS',
      hint: `The header must be ${readingColumnNames.join(',')}.`,
    });
  }
  return frame.select(...readingColumnNames.map((name) => pl.col(name).cast(pl.Utf8)));
}

import { statSync } from 'node:fs';
import { relative } from 'node:path';
import pl from 'nodejs-polars';
import { DataError } from '../errors';
import { OutputKind, outputKinds } from '../schema';
import { outputTextSchema } from './outputArchive';
import { csvLines } from './csvLines';
import { countCsvRows } from './durableWrite';
import { Manifest, ManifestPart } from './manifest';

/**
 * Before anything is written: every committed part is there, has the byte
 * size and row count its sink log recorded, and no unexplained file sits in
 * output/. Every problem is listed by name in one error; nothing is deleted.
 */
export function verifyManifest(manifest: Manifest, dataDir: string): void {
  const problems = manifest.committed.map((part) => problemWith(part)).filter((problem): problem is string => problem !== undefined);
  for (const path of manifest.unknown) problems.push(`${relative(dataDir, path)}: not named by any committed batch in the checkpoint's sink log`);
  if (problems.length === 0) return;
  throw new DataError(`The merge stopped before writing anything: ${problems.length} file(s) do not match the checkpoint's manifest:\n    ${problems.join('\n    ')}`, {
    code: 'MERGE_MANIFEST_MISMATCH',
    hint:
      'Nothing was merged or deleted. A part that differs from its sink log entry was changed or cut after its batch committed: restore it, ' +
      'or move it out of the output folder and accept that its rows are missing. A file no commit names was not written by this checkpoint\'s consumer, or its checkpoint was deleted: ' +
      'if `iot consume` stopped with STORAGE_ENOENT, run `iot consume` again first (it wrote the checkpoint back and names those files again); ' +
      'otherwise move the file away. Then run `iot merge` again.',
  });
}

function problemWith(part: ManifestPart): string | undefined {
  const name = part.path;
  let bytes: number;
  try {
    bytes = statSync(part.path).size;
  } catch {
    return `${name}: missing (batch ${part.batchId} committed it with ${part.rows} rows, ${part.bytes} bytes)`;
  }
  if (bytes !== part.bytes) return `${name}: ${bytes} bytes, but batch ${part.batchId} committed ${part.bytes} bytes (${part.rows} rows): truncated or changed`;
  const rows = part.kind === 'csv' ? csvRows(part.path, outputKinds.find((kind) => kind.name === part.output)!) : parquetRows(part.path);
  if (typeof rows === 'string') return `${name}: ${rows}`;
  if (rows !== part.rows) return `${name}: ${rows} rows, but batch ${part.batchId} committed ${part.rows} rows`;
  return undefined;
}

/**
 * Rows of a part our consumer wrote, counted as CSV records the way the part
 * writer counts them: one `\n`-ended line each, unless a quote or `\r`
 * occurs, when the file is parsed (a quoted field may hold a line break).
 */
function csvRows(path: string, kind: OutputKind): number | string {
  const { lines, head, last, quotesOrReturns } = csvLines(path);
  if (head.subarray(0, kind.header.length + 1).toString('utf8') !== `${kind.header}\n`) return `does not start with the header "${kind.header}"`;
  if (last !== 10) return 'ends inside a line (cut mid-row)';
  return quotesOrReturns ? countCsvRows(path, outputTextSchema(kind)) : lines - 1;
}

function parquetRows(path: string): number | string {
  try {
    return Number(pl.scanParquet(path).select(pl.len().alias('rows')).collectSync().getColumn('rows').get(0));
  } catch (error) {
    return `unreadable as Parquet (${(error as Error).message})`;
  }
}

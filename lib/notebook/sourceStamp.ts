import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { joinSource, NotebookJson } from './notebookJson';
import { repoRoot } from './jupyter';

/** Where `make notebooks` records which library sources produced a notebook's outputs. */
export const stampKey = 'iot_pipeline';

/**
 * SHA-256 over the library's sources (lib/, without specs),
 * path and content of each, in path order: the code every notebook calls. Any
 * change there may change what the committed outputs show.
 */
export function librarySourceHash(root = repoRoot): string {
  const hash = createHash('sha256');
  for (const file of librarySources(join(root, 'lib'))) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function librarySources(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return librarySources(path);
    return /\.(ts|py)$/.test(entry) && !entry.endsWith('.spec.ts') && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/** SHA-256 of the notebook's code cells: an edited cell whose outputs were not re-made is stale too. */
export function codeCellsHash(notebook: NotebookJson): string {
  const hash = createHash('sha256');
  for (const cell of notebook.cells) if (cell.cell_type === 'code') hash.update(joinSource(cell.source)).update('\0');
  return hash.digest('hex');
}

interface Stamp {
  library_sources_sha256?: string;
  code_cells_sha256?: string;
}

/** Writes `notebook` to `file` with the hashes of the library sources and of its own code cells in its metadata. */
export function writeStampedNotebook(notebook: NotebookJson, file: string, sourceHash: string): void {
  const stamp: Stamp = { library_sources_sha256: sourceHash, code_cells_sha256: codeCellsHash(notebook) };
  const metadata = { ...notebook.metadata, [stampKey]: stamp };
  const sorted = Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, JSON.stringify({ ...notebook, metadata: sorted }, null, 1) + '\n');
}

/** Undefined when `file`'s outputs were produced by the sources hashed as `sourceHash`; else why it is stale and what to do. */
export function staleness(file: string, sourceHash: string): string | undefined {
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as NotebookJson;
  const stamp = (notebook.metadata?.[stampKey] ?? {}) as Stamp;
  const name = relative(repoRoot, file);
  const why = stamp.library_sources_sha256 === undefined ? 'records no library hash (it was not written by `make notebooks`)'
    : stamp.library_sources_sha256 !== sourceHash ? 'was executed on other library sources than lib/ holds now'
    : stamp.code_cells_sha256 !== codeCellsHash(notebook) ? 'has code cells edited since they were executed'
    : undefined;
  if (why === undefined) return undefined;
  return `${name} ${why}: its outputs may not show what the code does today. Run \`make notebooks\` and commit the notebooks.`;
}

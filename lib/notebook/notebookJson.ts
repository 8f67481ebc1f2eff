/** The parts of an .ipynb file (nbformat 4) the runner and the specs read and write. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown';
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Array<Record<string, unknown>>;
  execution_count?: number | null;
}

export interface NotebookJson {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: number;
}

/** Metadata that makes Jupyter pick the tslab kernel and highlight TypeScript. */
export const tslabMetadata = {
  kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' },
  language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript', codemirror_mode: { name: 'typescript' } },
};

/** A tslab notebook from cells given as `{ code }` or `{ markdown }`. */
export function tslabNotebook(cells: Array<{ code: string } | { markdown: string }>): NotebookJson {
  return {
    cells: cells.map((cell) =>
      'code' in cell
        ? { cell_type: 'code', source: cell.code, metadata: {}, outputs: [], execution_count: null }
        : { cell_type: 'markdown', source: cell.markdown, metadata: {} },
    ),
    metadata: tslabMetadata,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Everything a code cell printed or displayed, as text: stream text and each output's data by MIME type. */
export function cellOutputText(cell: NotebookCell, mime = 'text/plain'): string {
  return (cell.outputs ?? [])
    .map((output) => {
      if (output.output_type === 'stream') return joinSource(output.text as string | string[]);
      const data = output.data as Record<string, string | string[]> | undefined;
      return data?.[mime] ? joinSource(data[mime]) : '';
    })
    .join('');
}

export function joinSource(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { homedir, tmpdir } from 'node:os';
import { connectDatabase } from '../db';
import { createLogger } from '../log';
import { etlLogTable, quoteIdentifier } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { archivedFiles } from '../etl';
import { listDataFiles, readCsvRecords } from './files';
import { repoRoot } from './jupyter';
import { cellOutputText, joinSource, NotebookJson } from './notebookJson';
import { NotebookRun, notebookOrder, runNotebooks } from './runNotebooks';

const logger = createLogger({ component: 'test.notebooks', level: 'warn' });

/** Every output of a notebook as text: plain, Markdown and HTML (tables, SVG charts). */
function outputText(notebook: NotebookJson): string {
  return notebook.cells.filter((cell) => cell.cell_type === 'code')
    .map((cell) => ['text/plain', 'text/markdown', 'text/html', 'image/svg+xml'].map((mime) => cellOutputText(cell, mime)).join('\n')).join('\n');
}

function figure(run: NotebookRun | undefined, pattern: RegExp): string {
  const match = run && outputText(run.executed).match(pattern);
  assert.ok(match, `${run?.notebook ?? 'a notebook'} shows ${pattern}`);
  return match![1];
}

// One test: executing the five notebooks takes minutes, and what they show is only meaningful after that run,
// so the run and its story are checked together rather than by tests that rely on one another.
test('the notebooks execute in order on an empty data folder and tell the story: ≥ 3 micro-batches, ≥ 3 part files merged, SUCCESS + SKIPPED + FAILED, no error, no machine path', async () => {
  const scratch = scratchDir('iot-notebooks-');
  try {
    const config = testConfig(scratch.dir);
    // Any cell error throws NotebookCellError naming the notebook and the cell.
    const runs = await runNotebooks({ config, brokers: testBrokers(), topic: uniqueTopic('notebooks'), dataDir: scratch.dir, seconds: 8, logger });
    assert.equal(runs.map((run) => run.notebook), [...notebookOrder]);
    const by = (name: string) => runs.find((run) => run.notebook === name);

    assert.ok(Number(figure(by('consumer'), /The stream ran \*\*(\d+) micro-batch/)) >= 3, 'the consumer notebook shows at least three micro-batches');
    assert.ok((outputText(by('consumer')!.executed).match(/\*\*micro-batch \d+\*\* · offsets p\d/g) ?? []).length >= 3, 'each batch shown with its offsets as it commits');
    assert.ok(Number(figure(by('merger'), /Merged \*\*(\d+) part files?\*\*/)) >= 3, 'the merger notebook merges at least three part files');
    assert.match(figure(by('merger'), /Manifest check: ([^.]+)\./), 'match their sink-log entries');
    assert.equal(figure(by('etl'), /Statuses in ETL_Log: ([A-Z, ]+)\./).split(', '), ['FAILED', 'SKIPPED', 'SUCCESS']);
    assert.match(outputText(by('explore')!.executed), /SELECT [\s\S]+?FROM "sensor_data"/, 'explore shows the SQL it runs');

    const machinePaths = [repoRoot, scratch.dir, tmpdir(), homedir(), config.cacheDir];
    for (const run of runs) {
      const errors = run.executed.cells.flatMap((cell) => (cell.outputs ?? []).filter((output) => output.output_type === 'error'));
      assert.is(errors.length, 0, `${run.notebook}: error outputs ${JSON.stringify(errors).slice(0, 300)}`);
      const text = outputText(run.executed);
      for (const path of machinePaths) assert.not.ok(text.includes(path), `${run.notebook} shows the machine path ${path}`);
    }
    // A chart's title is its SVG's bold heading (svg.ts svgDocument).
    const chartTitles = runs.flatMap((run) => run.executed.cells.map((cell) => cellOutputText(cell, 'image/svg+xml')))
      .flatMap((svg) => [...svg.matchAll(/<text[^>]*font-weight="bold">([^<]+)<\/text>/g)].map((match) => match[1]));
    assert.ok(chartTitles.length >= 6, `charts: ${chartTitles.join(' | ')}`);
    assert.is(new Set(chartTitles).size, chartTitles.length, `a chart appears twice across the notebooks: ${chartTitles.join(' | ')}`);
    assert.ok(joinSource(by('producer')!.executed.cells[0].source).includes('data/notebooks'), 'the first cell states the notebooks\' own data folder');

    assert.is(listDataFiles(config.paths.output).length, 0, 'the merger leaves no part files behind');
    const archives = archivedFiles(config.paths.backup);
    assert.is(archives.length, 1, `one archived CSV, found ${archives.join(', ')}`);
    assert.ok(readCsvRecords(archives).length > 0, 'the archive holds the consumed readings');
    const db = await connectDatabase(config.database, logger);
    try {
      const q = (name: string) => quoteIdentifier(db.engine, name);
      const rows = await db.query(`SELECT ${q('status')} AS status, ${q('records_processed')} AS loaded FROM ${q(etlLogTable.name)} WHERE ${q('job_name')} = 'etl_sensor_data' ORDER BY ${q('id')}`);
      assert.equal(rows.map((row) => row.status), ['SUCCESS', 'SKIPPED', 'FAILED']);
      assert.ok(Number(rows[0].loaded) > 0, 'the first job loaded rows');
    } finally {
      await db.close();
    }
  } finally {
    scratch.cleanup();
  }
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectDatabase } from '../db';
import { createLogger } from '../log';
import { etlLogTable, quoteIdentifier } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../testing';
import { archivedFiles } from '../etl';
import { listDataFiles, readCsvRecords } from './files';
import { notebookOrder, runNotebooks } from './runNotebooks';

const logger = createLogger({ component: 'test.notebooks', level: 'warn' });
const scratch = scratchDir('iot-notebooks-');
const config = testConfig(scratch.dir);
test.after(() => scratch.cleanup());

test('every notebook executes top to bottom on the tslab kernel, in walkthrough order', async () => {
  // Any cell error throws NotebookCellError naming the notebook and the cell.
  const runs = await runNotebooks({ config, brokers: testBrokers(), topic: uniqueTopic('notebooks'), dataDir: scratch.dir, seconds: 6, logger });
  assert.equal(runs.map((run) => run.notebook), [...notebookOrder]);
});

test('producer → consumer → merger → etl on an empty data folder leave one archived file and one SUCCESS row in ETL_Log', async () => {
  assert.is(listDataFiles(config.paths.output).length, 0, 'the merger leaves no part files behind');
  const archives = archivedFiles(config.paths.backup);
  assert.is(archives.length, 1, `one archived CSV, found ${archives.join(', ')}`);
  assert.ok(readCsvRecords(archives).length > 0, 'the archive holds the consumed readings');
  const db = await connectDatabase(config.database, logger);
  try {
    const rows = await db.query(`SELECT ${quoteIdentifier(db.engine, 'status')} AS status, ${quoteIdentifier(db.engine, 'records_processed')} AS loaded FROM ${quoteIdentifier(db.engine, etlLogTable.name)}`);
    assert.equal(rows.map((row) => row.status), ['SUCCESS']);
    assert.ok(Number(rows[0].loaded) > 0, 'the job loaded rows');
  } finally {
    await db.close();
  }
});

test.run();

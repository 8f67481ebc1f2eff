import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectDatabase } from '../db';
import { createLogger } from '../log';
import { etlLogTable, quoteIdentifier } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { archivedFiles } from '../etl';
import { listDataFiles, readCsvRecords } from './files';
import { notebookOrder, runNotebooks } from './runNotebooks';

const logger = createLogger({ component: 'test.notebooks', level: 'warn' });

// One test: executing the five notebooks takes minutes, and what they leave is only meaningful after that run,
// so the run and its outcome are checked together rather than by a second test that relies on the first.
test('producer → consumer → merger → etl → explore execute in order on an empty data folder and leave one archived file and one SUCCESS row in ETL_Log', async () => {
  const scratch = scratchDir('iot-notebooks-');
  try {
    const config = testConfig(scratch.dir);
    // Any cell error throws NotebookCellError naming the notebook and the cell.
    const runs = await runNotebooks({ config, brokers: testBrokers(), topic: uniqueTopic('notebooks'), dataDir: scratch.dir, seconds: 6, logger });
    assert.equal(runs.map((run) => run.notebook), [...notebookOrder]);
    assert.is(listDataFiles(config.paths.output).length, 0, 'the merger leaves no part files behind');
    const archives = archivedFiles(config.paths.backup);
    assert.is(archives.length, 1, `one archived CSV, found ${archives.join(', ')}`);
    assert.ok(readCsvRecords(archives).length > 0, 'the archive holds the consumed readings');
    const db = await connectDatabase(config.database, logger);
    try {
      const rows = await db.query(`SELECT ${quoteIdentifier(db.engine, 'status')} AS status, ${quoteIdentifier(db.engine, 'records_processed')} AS loaded FROM ${quoteIdentifier(db.engine, etlLogTable.name)} WHERE ${quoteIdentifier(db.engine, 'job_name')} = 'etl_sensor_data'`);
      assert.equal(rows.map((row) => row.status), ['SUCCESS']);
      assert.ok(Number(rows[0].loaded) > 0, 'the job loaded rows');
    } finally {
      await db.close();
    }
  } finally {
    scratch.cleanup();
  }
});

test.run();

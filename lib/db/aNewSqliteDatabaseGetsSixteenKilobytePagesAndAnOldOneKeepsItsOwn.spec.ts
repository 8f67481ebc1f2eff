// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parseDatabaseUrl } from '../config/databaseUrl';
import { silentLogger } from '../log';
import { scratchDir } from '../../test/support';
import { connectDatabase } from '.';

async function pageSizeAfterConnect(file: string): Promise<number> {
  const db = await connectDatabase(parseDatabaseUrl(`sqlite:${file}`), silentLogger);
  try {
    const [row] = await db.query<{ page_size: number }>('PRAGMA page_size');
    return Number(row.page_size);
  } finally {
    await db.close();
  }
}

test('a new SQLite database gets 16 KiB pages in WAL mode, and a database made before keeps its own page size', async () => {
  const scratch = scratchDir();
  try {
    const fresh = join(scratch.dir, 'fresh.db');
    assert.is(await pageSizeAfterConnect(fresh), 16_384);
    const journal = new BetterSqlite3(fresh).pragma('journal_mode', { simple: true });
    assert.is(journal, 'wal');

    const old = join(scratch.dir, 'old.db');
    const made = new BetterSqlite3(old);
    made.exec('CREATE TABLE kept (id INTEGER)');
    made.close();
    assert.is(await pageSizeAfterConnect(old), 4_096);
  } finally {
    scratch.cleanup();
  }
});

test.run();

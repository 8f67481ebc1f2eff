import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { consumeAvailable, createTopic, csvRows, distinctReadings, parquetRows, partFiles, sendValues, sortedCopy } from '../../test/support/stream/fixtures';

test('the same records written as Parquet read back to the same rows as CSV', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-parquet');
  const csvDir = scratchDir();
  const parquetDir = scratchDir();
  try {
    await createTopic(brokers, topic, 3);
    const readings = distinctReadings(5_000);
    readings.push({ sensor_id: 7, temperature: 1e-7, humidity: 33.333333333333336, timestamp: 'not a time, "quoted"' });
    await sendValues(brokers, topic, [...readings.map((reading) => JSON.stringify(reading)), 'garbage'], 3);
    const run = (dir: string, format: 'csv' | 'parquet') =>
      consumeAvailable(testConfig(dir), brokers, topic, { group: `${topic}-${format}`, maxPerBatch: 2_000, format });
    const csv = await run(csvDir.dir, 'csv');
    const parquet = await run(parquetDir.dir, 'parquet');
    const parquetOutput = testConfig(parquetDir.dir).paths.output;
    assert.is(parquet.rowsWritten, readings.length);
    assert.is(parquet.rowsQuarantined, 1);
    assert.is(partFiles(parquetOutput, 'parquet').length, parquet.partFiles);
    assert.is(partFiles(parquetOutput, 'csv').length, 0);
    assert.equal(sortedCopy(parquetRows(parquetOutput)), sortedCopy(csvRows(testConfig(csvDir.dir).paths.output)));
    assert.is(csv.rowsWritten, parquet.rowsWritten);
  } finally {
    csvDir.cleanup();
    parquetDir.cleanup();
  }
});

test.run();

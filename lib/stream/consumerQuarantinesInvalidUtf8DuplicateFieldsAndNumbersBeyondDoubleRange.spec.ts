import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvLine } from '../schema';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { consumeAvailable, createTopic, csvRows, distinctReadings, quarantinedRecords, sendValues, sortedCopy } from '../../test/support/stream/fixtures';

test('invalid UTF-8 is quarantined with its bytes in base64, a duplicate key as duplicate_field, 1e400 as out_of_double_range', async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('stream-strict');
  const scratch = scratchDir();
  try {
    await createTopic(brokers, topic, 2);
    const good = distinctReadings(200);
    // A timestamp holding a lone 0xff byte: decoded lossily it would reach the CSV as U+FFFD.
    const notUtf8 = Buffer.concat([Buffer.from('{"sensor_id":1,"temperature":20,"humidity":40,"timestamp":"2026-11-26 10:00:'), Buffer.from([0xff, 0x30]), Buffer.from('"}')]);
    const duplicate = '{"sensor_id":1,"temperature":20,"humidity":40,"temperature":99,"timestamp":"2026-11-26 10:00:00"}';
    const escapedDuplicate = '{"sensor_id":1,"temperature":20,"humidity":40,"timestamp":"2026-11-26 10:00:00","\\u0074imestamp":"2027-01-01 00:00:00"}';
    const beyondDouble = '{"sensor_id":1,"temperature":1e400,"humidity":40,"timestamp":"2026-11-26 10:00:00"}';
    const belowDouble = '{"sensor_id":1,"temperature":20,"humidity":-1e400,"timestamp":"2026-11-26 10:00:00"}';
    const nested = '{"sensor_id":2,"temperature":20,"humidity":40,"timestamp":"2026-11-26 10:00:00","meta":{"sensor_id":3,"sensor_id":4}}';
    const values: (string | Buffer | null)[] = [...good.map((reading) => JSON.stringify(reading)), notUtf8, duplicate, escapedDuplicate, beyondDouble, belowDouble, nested];
    await sendValues(brokers, topic, values, 2);

    const config = testConfig(scratch.dir);
    const summary = await consumeAvailable(config, brokers, topic);
    const nestedReading = { sensor_id: 2, temperature: 20, humidity: 40, timestamp: '2026-11-26 10:00:00' };
    assert.equal(sortedCopy(csvRows(config.paths.output)), sortedCopy([...good, nestedReading].map(csvLine)), 'a repeated key inside a nested object is not a reading field');
    const quarantined = quarantinedRecords(config.paths.quarantine);
    const byReason = (reason: string) => quarantined.filter((record) => record.reason === reason);
    assert.equal(quarantined.map((record) => record.reason).sort(), ['duplicate_field', 'duplicate_field', 'invalid_utf8', 'out_of_double_range', 'out_of_double_range']);
    const [utf8] = byReason('invalid_utf8');
    assert.is(utf8.valueBase64, notUtf8.toString('base64'));
    assert.ok(Buffer.from(utf8.valueBase64!, 'base64').equals(notUtf8), 'the bytes come back exactly');
    assert.is(utf8.value, null, 'no lossy text beside them');
    assert.equal(byReason('duplicate_field').map((record) => record.detail).sort(), ['field "temperature" appears more than once', 'field "timestamp" appears more than once']);
    assert.equal(byReason('out_of_double_range').map((record) => record.detail).sort(), [
      'field "humidity" is below the range of a double (±1.8e308)',
      'field "temperature" is beyond the range of a double (±1.8e308)',
    ]);
    assert.is(summary.rowsWritten + summary.rowsQuarantined, values.length, 'written + quarantined = produced');
  } finally {
    scratch.cleanup();
  }
});

test.run();

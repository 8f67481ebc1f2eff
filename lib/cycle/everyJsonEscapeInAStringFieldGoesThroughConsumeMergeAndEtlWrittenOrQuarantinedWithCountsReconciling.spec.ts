import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { silentLogger } from '../log';
import { runEtl } from '../etl';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { querySqlite } from '../../test/support/cycle';
import { consoleProduce, kafkaTopics } from '../../test/support/kafka/kafkaTools';
import { consumeAvailable, distinctReadings, quarantinedRecords } from '../../test/support/stream/fixtures';
import { merge } from '../../test/support/stream/exactlyOnce';

/** Each JSON escape (as written in the JSON text) in the middle of a timestamp, and where its reading must end up. */
const escapes: Array<[escape: string, fate: 'quarantined by the consumer' | 'rejected by the ETL']> = [
  ['\\n', 'quarantined by the consumer'], ['\\r', 'quarantined by the consumer'], ['\\t', 'quarantined by the consumer'], ['\\u0000', 'quarantined by the consumer'],
  ['\\"', 'rejected by the ETL'], ['\\\\', 'rejected by the ETL'], ['\\u2028', 'rejected by the ETL'],
];

test('every JSON escape in a string field goes through consume → merge → ETL, written or quarantined, with counts reconciling', async () => {
  const topic = uniqueTopic('escapes');
  const scratch = scratchDir();
  const config = testConfig(scratch.dir);
  try {
    await kafkaTopics(['--create', '--topic', topic, '--partitions', '2']);
    const valid = distinctReadings(20, 1);
    const escaped = escapes.map(([escape], index) => `{"sensor_id":${500 + index},"temperature":21.5,"humidity":40,"timestamp":"2025-06-15${escape}10:00:14"}`);
    await consoleProduce(topic, [...valid.map((reading) => JSON.stringify(reading)), ...escaped]);

    const consumed = await consumeAvailable(config, testBrokers(), topic);
    const quarantined = quarantinedRecords(config.paths.quarantine);
    assert.is(consumed.rowsWritten + consumed.rowsQuarantined, valid.length + escapes.length, 'every record written or quarantined');
    assert.equal(quarantined.map((record) => record.reason), Array(4).fill('control_character'));
    assert.is(consumed.rowsWritten, valid.length + 3);

    const merged = await merge(config);
    assert.is(merged.rows, consumed.rowsWritten, 'the manifest counts the rows the part writer wrote');

    const [job] = await runEtl({ config, logger: silentLogger, all: true, onInvalid: 'quarantine' });
    assert.is(job.status, 'SUCCESS', job.errorMessage);
    assert.is(job.recordsRejected, 3, 'a quote, a backslash or a line separator makes no timestamp');
    assert.is(job.recordsProcessed + job.recordsRejected, merged.rows, 'the ETL loaded or rejected every archived row');
    const loaded = querySqlite<{ n: number }>(scratch.dir, 'SELECT COUNT(*) AS n FROM sensor_data')[0].n;
    assert.is(loaded, valid.length);
    assert.is(loaded + job.recordsRejected + consumed.rowsQuarantined, valid.length + escapes.length, 'produced = loaded + rejected + quarantined');
  } finally {
    scratch.cleanup();
  }
});

test.run();

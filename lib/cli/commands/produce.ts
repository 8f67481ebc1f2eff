import { fields, FieldValueError } from '../../config';
import { ServiceError, UsageError } from '../../errors';
import { Compression, compressions } from '../../producer/compressions';
import { defineCommand } from '../command';

function rate(raw: string): number | 'max' {
  if (raw === 'max') return 'max';
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) throw new FieldValueError();
  return value;
}

export const produceCommand = defineCommand({
  name: 'produce',
  summary: 'Simulated sensors stream JSON readings into Kafka (idempotent, acks=all); Ctrl-C stops cleanly with a summary.',
  usage: 'iot produce [--sensors K] [--rate R|max] [--duration S | --count N] [--seed X] [--invalid-ratio r] [--out-of-order S] [--late-ratio r] [--late-by S] [--duplicate-ratio r] [--spike-ratio r] [--stuck-sensor ID] [--silent-sensor ID --silent-after S] [--simulated-time] [--compression none|gzip|snappy|lz4|zstd] [--json]',
  flags: {
    sensors: fields.integer({ description: 'How many sensors send readings (sensor_id 1..K, the message key).', default: 10, example: '50', min: 1, max: 1_000_000 }),
    rate: fields.custom<number | 'max' | undefined>({
      description: 'Messages per second in total, or max for a load test.',
      default: undefined,
      defaultText: 'one reading per sensor per second',
      example: 'max',
      accepts: 'a positive number, or max',
      parse: rate,
    }),
    duration: fields.decimal({ description: 'Stop after this many seconds.', default: undefined, defaultText: '(run until stopped)', example: '60', min: 0.001 }),
    count: fields.integer({ description: 'Stop after this many messages.', default: undefined, defaultText: '(run until stopped)', example: '10000', min: 1 }),
    seed: fields.integer({ description: 'Seed for the simulated readings: the same seed gives the same readings.', default: undefined, defaultText: '(a new one each run)', example: '42', min: 0, max: 2_147_483_647 }),
    invalidRatio: fields.decimal({ description: 'Share of bad messages (unparseable, missing field, wrong type, bad timestamp, out of range, empty value).', default: 0, example: '0.05', min: 0, max: 1 }),
    outOfOrder: fields.integer({ description: 'Event times jittered back by up to this many seconds (seeded), so readings arrive out of order.', default: 0, example: '20', min: 0, max: 86_400 }),
    lateRatio: fields.decimal({ description: 'Share of readings stamped --late-by seconds back: older than the consumer\'s watermark, so it counts them late.', default: 0, example: '0.01', min: 0, max: 1 }),
    lateBy: fields.integer({ description: 'How far back late readings are stamped, in seconds (well past the default 30 s watermark delay).', default: 300, example: '600', min: 1, max: 86_400 }),
    duplicateRatio: fields.decimal({ description: 'Share of valid readings sent twice in a row (a device repeating itself); `iot consume --dedupe` quarantines the repeats.', default: 0, example: '0.02', min: 0, max: 1 }),
    stuckSensor: fields.integer({ description: 'This sensor repeats its first reading for the whole run (the stuck alert).', default: undefined, defaultText: '(none)', example: '3', min: 1 }),
    silentSensor: fields.integer({ description: 'This sensor stops sending after --silent-after seconds of event time (the silent alert).', default: undefined, defaultText: '(none)', example: '4', min: 1 }),
    silentAfter: fields.decimal({ description: 'Seconds of event time --silent-sensor sends before it falls silent.', default: 0, example: '60', min: 0 }),
    spikeRatio: fields.decimal({ description: 'Share of valid readings whose temperature jumps 30-50 °C (the spike alert; the sensors\' own rare spikes are 8-20 °C).', default: 0, example: '0.001', min: 0, max: 1 }),
    simulatedTime: fields.flag({ description: 'Stamp readings one second of event time per round of sensors from the start, however fast they are sent: hours of readings in seconds.', default: false, example: 'true' }),
    partitions: fields.integer({ description: 'Partitions of the topic when it is created (an existing topic keeps its own).', default: 3, example: '6', min: 1, max: 10_000 }),
    compression: fields.oneOf<Compression>({
      description: 'Codec of the record batches the producer writes (consumers of any client decode all five).',
      default: 'none', example: 'zstd', values: compressions,
    }),
    topic: fields.optionalText({ description: 'Topic to write to.', default: undefined, defaultText: '$KAFKA_TOPIC (sensor-data)', example: 'sensor-data' }),
    json: fields.flag({ description: 'Also print the summary as one JSON line on stdout (the readable one goes to stderr).', default: false, example: 'true' }),
  },
  async run({ flags, config, logger, signal }) {
    if (flags.duration !== undefined && flags.count !== undefined) {
      throw new UsageError('Give --duration or --count, not both.', { hint: 'e.g. `npx iot produce --count 10000`, or `--duration 60`; neither runs until Ctrl-C.' });
    }
    const [{ kafkaConnection }, { aboveProgressLine, createProgressLine, formatSummary, runProducer }] = await Promise.all([import('../../kafka'), import('../../producer')]);
    const progress = createProgressLine(process.stderr);
    const summary = await runProducer({
      ...kafkaConnection(config()),
      topic: flags.topic ?? config().kafka.topic,
      sensors: flags.sensors,
      rate: flags.rate ?? flags.sensors,
      durationSeconds: flags.duration,
      count: flags.count,
      seed: flags.seed,
      invalidRatio: flags.invalidRatio,
      timing: { outOfOrderSeconds: flags.outOfOrder, lateRatio: flags.lateRatio, lateBySeconds: flags.lateBy },
      duplicateRatio: flags.duplicateRatio,
      alertCases: { stuckSensor: flags.stuckSensor, silentSensor: flags.silentSensor, silentAfterSeconds: flags.silentAfter, spikeRatio: flags.spikeRatio },
      simulatedTime: flags.simulatedTime,
      partitions: flags.partitions,
      compression: flags.compression,
      logger: aboveProgressLine(logger, progress),
      signal,
      onProgress: (snapshot) => progress.update(snapshot),
    });
    progress.clear();
    if (flags.json) {
      process.stderr.write(formatSummary(summary) + '\n');
      process.stdout.write(JSON.stringify(summary) + '\n');
    } else {
      process.stdout.write(formatSummary(summary) + '\n');
    }
    if (summary.failed > 0) {
      throw new ServiceError(`${summary.failed} of ${summary.sent} messages were not acknowledged by Kafka (it stopped answering mid-run).`, {
        code: 'KAFKA_DELIVERY_FAILED', retriable: false,
        hint: 'Acknowledged messages are in the topic exactly once; the rest may or may not be. Check the broker (`npx iot services status kafka`) and run again.',
      });
    }
    return 0;
  },
});

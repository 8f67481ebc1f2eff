import { hostname } from 'node:os';
import { Config, fields } from '../../config';
import type { AlertSettings } from '../../stream/alerts';
import { UsageError } from '../../errors';
import type { StreamSummary } from '../../stream';
import { defaultMaxOutageSeconds } from '../../stream/engine/maxOutage';
import { eventTimeOptions } from '../../stream/windows/windowSpec';
import { defineCommand } from '../command';

export const consumeCommand = defineCommand({
  name: 'consume',
  summary: 'Stream readings from Kafka into CSV (or Parquet) part files in micro-batches, exactly once, quarantining malformed records.',
  // Measured on `iot consume` itself over 1,000,000 readings, windows on (CPU s / peak RSS): 6 MB 9.5 s / 127 MB,
  // 12 MB 8.7 s / 146 MB, 24 MB 8.8 s / 156 MB, unbounded ~281 MB. 12 MB buys back most of what scavenging costs
  // while the default run stays under its 160 MB target (bench/targets.json); see boundedIsolate.ts.
  youngGenerationMb: 12,
  usage: 'iot consume [--duration S] [--trigger S] [--max-per-batch N] [--starting-offsets earliest|latest] [--format csv|parquet] [--topic T] [--group G] [--lock-wait S] [--max-outage S] [--instance ID] [--window 1m|off] [--slide D] [--watermark D] [--dedupe] [--alerts on|off]',
  flags: {
    duration: fields.integer({ description: 'Stop after this many seconds (finishing the current batch); 0 runs until SIGINT/SIGTERM.', default: 120, example: '120', min: 0 }),
    trigger: fields.decimal({ description: 'Processing-time trigger: start a micro-batch every this many seconds.', default: 5, example: '5', min: 0.1, max: 3600 }),
    maxPerBatch: fields.integer({
      description: 'Most records one batch reads, shared among partitions by lag (Spark\'s maxOffsetsPerTrigger).',
      default: undefined, defaultText: '(unset: everything available)', example: '100000', min: 1,
    }),
    startingOffsets: fields.oneOf<'earliest' | 'latest'>({
      description: 'Where the very first run starts, when neither DATA_DIR/checkpoint nor the consumer group has offsets.',
      default: 'earliest', example: 'latest', values: ['earliest', 'latest'] as const,
    }),
    format: fields.oneOf<'csv' | 'parquet'>({ description: 'Part file format in DATA_DIR/output.', default: 'csv', example: 'parquet', values: ['csv', 'parquet'] as const }),
    topic: fields.optionalText({ description: 'Topic to read.', default: undefined, defaultText: '$KAFKA_TOPIC (sensor-data)', example: 'sensor-data' }),
    lockWait: fields.integer({
      description: 'Seconds to wait for an `iot merge` or `iot cycle` that holds DATA_DIR before exiting 2 (DATA_FOLDER_LOCKED).',
      default: 60, example: '60', min: 0,
    }),
    maxOutage: fields.integer({
      description: 'Seconds Kafka may stay unusable (brokers down or restarting, leaders or coordinators moving) while the stream retries with backoff; past that it exits 1, and a rerun resumes exactly.',
      default: defaultMaxOutageSeconds, example: '300', min: 1,
    }),
    instance: fields.optionalText({
      description: 'Run as one instance of a consumer group sharing DATA_DIR: join --group, read only the partitions Kafka assigns, keep a checkpoint in DATA_DIR/checkpoint/<ID>/ and name part files with ID. `auto` names it host-pid. Unset: a lone consumer that reads every partition, as always.',
      default: undefined, defaultText: '(unset: a lone consumer)', example: 'worker-1',
    }),
    window: fields.text({
      description: 'Event-time windows per sensor (count, min/avg/max temperature and humidity) written to DATA_DIR/output/windows/: a size such as 30s, 1m, 1h, aligned to the epoch like Spark\'s window(); `off` computes none.',
      default: '1m', example: '5m', accepts: 'a duration (30s, 1m, 1h, …) or off',
    }),
    slide: fields.optionalText({
      description: 'Sliding windows: a new window every this long (a duration dividing --window); each reading then counts in size/slide windows.',
      default: undefined, defaultText: '(unset: tumbling windows, slide = size)', example: '30s', accepts: 'a duration that divides --window',
    }),
    watermark: fields.text({
      description: 'Watermark delay, as Spark\'s withWatermark: after each batch the watermark is the latest event time seen minus this; a window is emitted once the watermark passes its end, a reading older than it is late (raw part file only, in no window).',
      default: '30s', example: '2m', accepts: 'a duration (0, 30s, 2m, …)',
    }),
    dedupe: fields.flag({
      description: 'Drop a reading whose sensor, timestamp, temperature and humidity were already seen within the watermark (Spark\'s dropDuplicatesWithinWatermark): it is quarantined as duplicate_reading and counts in no window.',
      default: false, example: 'true',
    }),
    alerts: fields.oneOf<'on' | 'off'>({
      description: 'Alert rules on event time (out_of_range, spike, stuck, silent; thresholds ALERT_*, judged against --watermark): events to output/alerts/ and ALERT_WEBHOOK_URL.',
      default: 'on', example: 'off', values: ['on', 'off'] as const,
    }),
    group: fields.text({ description: 'Consumer group that receives the committed offsets after each batch; the next run resumes from them once the checkpoint is deleted.', default: 'iot-consumer', example: 'iot-consumer' }),
  },
  async run({ flags, config, logger, signal }) {
    // Loaded here, not at the top: `iot --help` and the other commands never pay for the Kafka client.
    const [{ resolveBrokers }, { boundHeapGrowth, runStream }] = await Promise.all([import('../../kafka'), import('../../stream')]);
    boundHeapGrowth();
    const eventTime = eventTimeOptions(flags);
    // No up-front broker check: a broker that is down now is an outage the stream waits out (--max-outage).
    const brokers = resolveBrokers(config());
    const summary = await runStream({
      config: config(),
      brokers,
      topic: flags.topic ?? config().kafka.topic,
      group: flags.group,
      instance: instanceId(flags.instance),
      durationSeconds: flags.duration,
      triggerSeconds: flags.trigger,
      maxPerBatch: flags.maxPerBatch ?? undefined,
      startingOffsets: flags.startingOffsets,
      format: flags.format,
      lockWaitSeconds: flags.lockWait,
      maxOutageSeconds: flags.maxOutage,
      eventTime,
      alerts: flags.alerts === 'on' ? alertSettings(config()) : undefined,
      logger,
      signal,
    });
    process.stdout.write(describeSummary(summary) + '\n');
    return 0;
  },
});

/** The rule thresholds of ALERT_* (the webhook settings are read by the stream from the config itself). */
export function alertSettings(config: Config): AlertSettings {
  const { webhookUrl: _url, webhookQueue: _queue, ...settings } = config.alerts;
  return settings;
}

/**
 * Without --instance the consumer stays the lone one it always was (no group
 * membership); `--instance auto` is host-pid, unique among the processes
 * sharing a folder.
 */
function instanceId(instance: string | undefined): string | undefined {
  if (instance === undefined) return undefined;
  if (instance === 'auto') return `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-${process.pid}`;
  if (instance === 'state') throw new UsageError('--instance state is taken: DATA_DIR/checkpoint/state/ holds the stream\'s state store.', { hint: 'Choose another name, e.g. --instance worker-1.' });
  if (!/^[A-Za-z0-9_.-]+$/.test(instance)) {
    throw new UsageError(`--instance ${JSON.stringify(instance)} must be letters, digits, dot, dash or underscore: it names a folder and part files.`, { hint: 'For example --instance worker-1, or --instance auto.' });
  }
  return instance;
}

function describeSummary(summary: StreamSummary): string {
  return (
    `consumed ${summary.rowsWritten + summary.rowsQuarantined} records in ${summary.batches} batches: ` +
    `${summary.rowsWritten} rows to ${summary.partFiles} part files, ${summary.rowsQuarantined} quarantined; ` +
    `${summary.durationSeconds.toFixed(1)} s (started from ${summary.startedFrom})` +
    (summary.watermark === undefined ? '' : `; ${summary.windows ?? 0} windows emitted, ${summary.late ?? 0} late, watermark ${summary.watermark ?? 'none yet'}`)
    + (summary.alerts === undefined ? '' : `; ${summary.alerts} alert events`)
  );
}

import { join } from 'node:path';
import { GenericError } from '@platformatic/kafka';
import { isPipelineError, ServiceError, storageErrorFrom } from '../../errors';
import { isNeverRetried, kafkaConnection, kafkaFailure } from '../../kafka';
import { acquireDataFolderLock, DataFolderLock } from '../../lock';
import { AlertDelivery } from '../alerts';
import { Checkpoint, removeTempFiles } from '../checkpoint';
import { KafkaSource } from '../source';
import { operatorFolders } from '../sink';
import { formatEventTime, StateStore } from '../state';
import { streamOperators } from './operators';
import { StreamOptions, StreamSummary } from './options';
import { OutageGuard } from './outage';
import { alignWithTopic, resolveStartPosition } from './startPosition';
import { StreamLoop } from './streamLoop';
import { groupResetHint, TopicIdentity, topicRecreated } from './topicIdentity';

import { defaultMaxOutageSeconds } from './maxOutage';

export { defaultMaxOutageSeconds };

/**
 * Runs the streaming query until stopped, drained or out of time, then
 * disconnects and returns what it did. Every batch is exactly once: see
 * microBatch.ts for the order of writes that makes a kill at any moment safe.
 */
export async function runStream(options: StreamOptions): Promise<StreamSummary> {
  const started = Date.now();
  const deadline = options.durationSeconds > 0 ? started + options.durationSeconds * 1000 : Infinity;
  const logger = options.logger.child('stream');
  const folderLock = await lockDataFolder(options, logger);
  try {
    return await runLocked(options, started, deadline, logger);
  } catch (error) {
    throw asPipelineError(error, options);
  } finally {
    folderLock.release();
  }
}

/** A consumer shares the data folder with other consumers, never with a merge or another cycle: it waits for those, bounded. */
function lockDataFolder(options: StreamOptions, logger: StreamOptions['logger']): Promise<DataFolderLock> {
  return acquireDataFolderLock(options.config.paths.data, 'consume', {
    mode: 'shared',
    waitSeconds: options.lockWaitSeconds ?? 60,
    signal: options.signal,
    onWait: (holder) => logger.warn('stream.waiting_for_data_folder', { holder: `iot ${holder.command} (pid ${holder.pid} on ${holder.host})`, upToSeconds: options.lockWaitSeconds ?? 60 }),
  });
}

async function runLocked(options: StreamOptions, started: number, deadline: number, logger: StreamOptions['logger']): Promise<StreamSummary> {
  const { config, topic, group, instance } = options;
  const checkpointDir = instance === undefined ? config.paths.checkpoint : join(config.paths.checkpoint, instance);
  const checkpoint = Checkpoint.open(checkpointDir, { topic, group });
  const paths = { data: config.paths.data, output: config.paths.output, quarantine: config.paths.quarantine };
  // Other instances of a group write into the same folders: clear only our own leftovers.
  for (const dir of [paths.output, paths.quarantine, ...operatorFolders(paths.output)]) removeTempFiles(dir, instance === undefined ? undefined : `part-${instance}-`);
  const state = openStateStore(options, checkpoint, logger);
  const alertDelivery = openAlertDelivery(options, checkpoint, logger);
  const outage = new OutageGuard({
    maxOutageSeconds: options.maxOutageSeconds ?? defaultMaxOutageSeconds, brokers: options.brokers, logger, signals: [options.signal],
  });
  let source: KafkaSource | undefined;
  try {
    const opened = await outage.run('connecting to the topic', async () => {
      await source?.close();
      source = await KafkaSource.open({
        connection: { ...kafkaConnection(config), brokers: options.brokers, clientId: 'iot-consumer', logger }, topic, group, logger, tuning: options.fetchTuning, instance,
        maxOutageSeconds: options.maxOutageSeconds ?? defaultMaxOutageSeconds,
        shouldStop: () => options.signal?.aborted === true || options.drain?.aborted === true || Date.now() >= deadline,
      });
      if (!source) return undefined;
      // Before anything is committed to the group: positions of a recreated topic must not reach it.
      const identity = await noteTopicIdentity(checkpoint, source, options);
      const position = await resolveStartPosition({
        checkpoint, source, group, startingOffsets: options.startingOffsets, logger, paths, groupCheckpointRoot: instance === undefined ? undefined : config.paths.checkpoint,
      });
      const aheadHint = position.origin === 'group' ? groupResetHint(topic, group, options.brokers) : `${checkpoint.resetHint} ${groupResetHint(topic, group, options.brokers)}`;
      const start = position.redo || instance !== undefined ? position.start : await alignWithTopic(position.start, source, aheadHint, logger);
      return { source, position, start, identity, aheadHint };
    });
    if (!opened) return summaryOf(started, undefined, 'none', {}, state);
    const { position, start } = opened;
    logger.info('stream.start', { topic, group, instance, from: position.origin, batch: position.batchId, offsets: start, redo: position.redo !== undefined, topicId: opened.identity.id });
    const loop = new StreamLoop(
      { checkpoint, source: opened.source, paths, group, logger, checkpointRoot: config.paths.checkpoint, state, alertDelivery }, options, outage, start, position.batchId, deadline, opened.identity, opened.aheadHint,
    );
    await loop.run(position.redo);
    const summary = summaryOf(started, loop, position.origin, loop.offsets, state);
    logger.info('stream.stop', { ...summary });
    return summary;
  } finally {
    await Promise.all([source?.close(), alertDelivery?.close()]);
    checkpoint.close();
  }
}

/** The topic's id now, checked against the one the checkpoint's last batch read. */
async function noteTopicIdentity(checkpoint: Checkpoint, source: KafkaSource, options: StreamOptions): Promise<TopicIdentity> {
  const current = await source.topicId();
  const recorded = checkpoint.offsets.latest()?.value.topicId;
  if (recorded !== undefined && recorded !== current) throw topicRecreated(options.topic, options.group, options.brokers, recorded, current);
  return new TopicIdentity(options.topic, options.group, options.brokers, current);
}

/**
 * Kafka client failures become ours: a refused login stays KAFKA_AUTH_FAILED
 * (rerunning will not help); anything else (broker gone, timeouts) is
 * KAFKA_FAILED. A full or read-only disk is a StorageError. Both say the
 * checkpoint makes a rerun safe.
 */
function asPipelineError(error: unknown, options: StreamOptions): unknown {
  const { brokers, config } = options;
  const storage = storageErrorFrom(error, {
    action: 'write the batch\'s files or checkpoint',
    configured: { name: 'DATA_DIR', path: config.paths.data },
    rerun: 'run `iot consume` again: it redoes the open batch from the checkpoint into the same file names, nothing is lost or doubled',
  });
  if (storage) return storage;
  if (isPipelineError(error) || !(error instanceof Error) || !GenericError.isGenericError(error)) return error;
  const failure = kafkaFailure(error, { brokers, security: config.kafka.security, action: 'streaming' });
  if (isNeverRetried(failure)) return failure;
  return new ServiceError(failure.message, {
    code: 'KAFKA_FAILED',
    retriable: failure.retriable,
    cause: error,
    hint: 'Check the broker (`iot services status kafka`), then run `iot consume` again: it finishes the open batch from the checkpoint, nothing is lost or doubled.',
  });
}

/** The webhook of the alert rules, when ALERT_WEBHOOK_URL is set; what earlier runs left undelivered is queued first. */
function openAlertDelivery(options: StreamOptions, checkpoint: Checkpoint, logger: StreamOptions['logger']): AlertDelivery | undefined {
  const { webhookUrl, webhookQueue } = options.config.alerts;
  if (!options.alerts || webhookUrl === undefined) return undefined;
  const delivery = new AlertDelivery({ url: webhookUrl, queueLimit: webhookQueue, checkpoint, dataDir: options.config.paths.data, logger });
  delivery.resendUndelivered();
  return delivery;
}

/** A state store when something needs one: windows (on by default in the CLI), --dedupe, or another stateful operator. */
function openStateStore(options: StreamOptions, checkpoint: Checkpoint, logger: StreamOptions['logger']): StateStore | undefined {
  const operators = streamOperators(options.eventTime, options.alerts);
  if (operators.length === 0 && !options.eventTime?.dedupe) return undefined;
  return new StateStore({
    checkpointRoot: options.config.paths.checkpoint, checkpointDir: checkpoint.dir, checkpointId: checkpoint.metadata.id, topic: options.topic,
    delayMs: options.eventTime?.watermarkDelayMs ?? 0, dedupe: options.eventTime?.dedupe ?? false, operators, logger,
  });
}

function summaryOf(started: number, loop: StreamLoop | undefined, startedFrom: StreamSummary['startedFrom'], endOffsets: Record<string, number>, state: StateStore | undefined): StreamSummary {
  const totals = loop?.totals ?? { batches: 0, rowsWritten: 0, rowsQuarantined: 0, partFiles: 0, processingMs: 0, late: 0, windows: 0, alerts: 0 };
  return {
    batches: totals.batches,
    rowsWritten: totals.rowsWritten,
    rowsQuarantined: totals.rowsQuarantined,
    partFiles: totals.partFiles,
    durationSeconds: (Date.now() - started) / 1000,
    processingSeconds: totals.processingMs / 1000,
    startedFrom,
    late: totals.late,
    windows: totals.windows,
    ...(state?.operators.some((operator) => operator.output.kind === 'alert') ? { alerts: totals.alerts } : {}),
    watermark: !state ? undefined : Number.isFinite(state.watermark) ? formatEventTime(state.watermark) : null,
    endOffsets,
  };
}

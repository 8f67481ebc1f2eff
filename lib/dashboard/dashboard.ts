import { Config } from '../config';
import { KafkaConnection } from '../kafka';
import { Logger } from '../log';
import { sleepUnlessAborted } from '../process';
import { BatchHealthCollector } from './batchHealth';
import { EtlHealthCollector } from './etlHealth';
import { LiveState } from './liveState';
import { QuarantineHealthCollector } from './quarantineHealth';
import { ReadingFeed } from './readingFeed';
import { createDashboardServer } from './server';
import { SseHub } from './sseHub';
import { StreamOutputsCollector } from './streamOutputs';
import { TopicHealthCollector } from './topicHealth';

export interface DashboardOptions {
  config: Config;
  /** Brokers and security settings, from lib/kafka's kafkaConnection(config). */
  connection: KafkaConnection;
  topic: string;
  /** The pipeline consumer's group, whose committed offsets give the lag. */
  pipelineGroup: string;
  /** The pipeline consumer's trigger, to tell a stalled consumer. */
  triggerSeconds: number;
  host: string;
  port: number;
  logger: Logger;
}

export interface RunningDashboard {
  url: string;
  state: LiveState;
  /** Leaves the Kafka group, ends the page streams, stops the server. */
  close(): Promise<void>;
}

/** How often each health part is read: the broker every second (unreachable within 5 s), files and SQL less often. */
const pollEveryMs = { topic: 1_000, quarantine: 2_000, etl: 5_000 };

/**
 * `iot dashboard`: its own Kafka consumer feeds the live state, collectors
 * poll the pipeline's health, and a Fastify server pushes both to the page.
 * It only reads: the pipeline's group, checkpoint, quarantine and warehouse
 * are never written.
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { config, logger } = options;
  const state = new LiveState();
  const hub = new SseHub(state);
  const stop = new AbortController();
  const topic = new TopicHealthCollector(options.connection, options.topic, options.pipelineGroup);
  const batches = new BatchHealthCollector(config.paths.checkpoint, options.triggerSeconds);
  const quarantine = new QuarantineHealthCollector(config.paths.quarantine);
  const etl = new EtlHealthCollector(config.database, logger);
  const feed = new ReadingFeed({
    connection: options.connection, topic: options.topic, logger,
    onReading: (reading) => state.addReading(reading),
    onMalformed: (reason) => state.addMalformed(reason),
  });

  const app = await createDashboardServer(state, hub, options.host);
  // Alerts and windows are read from the stream's files on each request: a reloaded page shows what they hold.
  const outputs = new StreamOutputsCollector(config.paths);
  app.get('/api/stream-outputs', async () => outputs.poll());
  await app.listen({ host: options.host, port: options.port });
  hub.start();
  feed.start();
  const loops = [
    every(pollEveryMs.topic, stop.signal, async () => {
      const health = await topic.poll();
      state.setHealth('topic', health);
      state.setHealth('batches', batches.poll(health.kafka === 'reachable' ? health.latest : undefined));
    }),
    every(pollEveryMs.quarantine, stop.signal, async () => state.setHealth('quarantine', quarantine.poll())),
    every(pollEveryMs.etl, stop.signal, async () => state.setHealth('etl', await etl.poll())),
  ];
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${options.port}/`,
    state,
    async close() {
      stop.abort();
      hub.close();
      await Promise.all([feed.close(), app.close(), ...loops]);
      await Promise.all([topic.close(), etl.close()]);
    },
  };
}

/** Runs `work` now and then every `ms` until aborted; a failing round is logged by the part itself and retried. */
async function every(ms: number, signal: AbortSignal, work: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    const started = Date.now();
    await work().catch(() => undefined);
    await sleepUnlessAborted(Math.max(0, ms - (Date.now() - started)), [signal]);
  }
}

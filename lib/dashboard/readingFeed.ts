import type { Consumer, Message, MessagesStream } from '@platformatic/kafka';
import { isNeverRetried, KafkaConnection, kafkaFailure } from '../kafka';
import { Logger } from '../log';
import { checkStructure, StructureReason } from '../schema';
import { retryDelay, retryPolicies, sleepUnlessAborted } from '../process';
import { dashboardConsumer } from './kafkaClients';
import { LiveReading } from './sensorWindow';

/** The dashboard's own group: it never commits, and never touches the pipeline's group. */
export const dashboardGroup = 'iot-dashboard';

export interface ReadingFeedOptions {
  connection: KafkaConnection;
  topic: string;
  logger: Logger;
  onReading(reading: LiveReading): void;
  /** A message that is not a structurally valid reading (the consumer quarantines it). */
  onMalformed(reason: StructureReason): void;
}

/**
 * Readings as they arrive: a group member of `iot-dashboard` reading from the
 * latest offset, without committing. When the broker goes away the stream
 * fails; the feed then starts a new member every few seconds until one joins,
 * again at the latest offset (a live view has no backlog to catch up on).
 */
export class ReadingFeed {
  private readonly stop = new AbortController();
  private consumer: Consumer | undefined;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ReadingFeedOptions) {}

  start(): void {
    this.running = this.superviseMembers();
  }

  /** Leaves the group (the broker forgets the member at once) and stops. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.closeMember();
    await this.running;
  }

  /** A new member after each loss, at the retry policy's pace; a refused login, ACL or certificate ends the feed. */
  private async superviseMembers(): Promise<void> {
    for (let attempt = 1; !this.stop.signal.aborted; attempt++) {
      try {
        await this.runMember();
      } catch (error) {
        if (isNeverRetried(error)) {
          const failure = kafkaFailure(error, { ...this.options.connection, action: 'reading readings for the live page' });
          this.options.logger.error('dashboard.feed.refused', { code: failure.code, error: failure.describe() });
          await this.closeMember();
          return;
        }
        this.options.logger.debug('dashboard.feed.lost', { error: (error as Error).message });
      }
      await this.closeMember();
      await sleepUnlessAborted(retryDelay(retryPolicies.dashboardFeed, attempt), [this.stop.signal]);
    }
  }

  private async runMember(): Promise<void> {
    this.consumer = dashboardConsumer(this.options.connection, dashboardGroup, this.options.logger);
    const stream = await this.consumer.consume({ topics: [this.options.topic], mode: 'latest', autocommit: false, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
    this.stream = stream;
    if (this.stop.signal.aborted) return;
    this.options.logger.info('dashboard.feed.joined', { topic: this.options.topic, group: dashboardGroup });
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (message: Message<Buffer, Buffer, Buffer, Buffer>) => this.receive(message));
      stream.once('error', reject);
      stream.once('close', resolve);
    });
  }

  private receive(message: Message<Buffer, Buffer, Buffer, Buffer>): void {
    const check = checkStructure(message.value?.toString('utf8'));
    if (!check.ok) {
      this.options.onMalformed(check.reason);
      return;
    }
    const { sensor_id, temperature, humidity, timestamp } = check.reading;
    this.options.onReading({
      sensorId: sensor_id, temperature, humidity, timestamp,
      time: Number(message.timestamp), partition: message.partition, offset: String(message.offset),
    });
  }

  private async closeMember(): Promise<void> {
    const stream = this.stream;
    const consumer = this.consumer;
    this.stream = undefined;
    this.consumer = undefined;
    await stream?.close().catch(() => undefined);
    // A reachable broker gets a LeaveGroup; a dead one cannot, and force skips the wait for it.
    await consumer?.close(true).catch(() => undefined);
  }
}

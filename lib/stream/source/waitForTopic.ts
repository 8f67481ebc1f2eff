import { Admin } from '@platformatic/kafka';
import { Logger } from '../../log';
import { sleep } from '../../process';

/**
 * Waits until the topic exists, as Spark's subscribe does; never creates it
 * (the producer owns its partition count). Returns false if told to stop first.
 */
export async function waitForTopic(admin: Admin, topic: string, logger: Logger, shouldStop: () => boolean): Promise<boolean> {
  let told = false;
  for (;;) {
    const topics = await admin.listTopics();
    if (topics.includes(topic)) return true;
    if (shouldStop()) return false;
    if (!told) logger.info('stream.waiting_for_topic', { topic });
    told = true;
    await sleep(500);
  }
}

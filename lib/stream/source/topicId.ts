import { Admin } from '@platformatic/kafka';
import { isRetriableKafkaError } from '../../kafka';

/**
 * Kafka's id of `topic` (its UUID, new each time a topic of that name is
 * created), or undefined when the topic does not exist. Asked of the broker,
 * never of a cache: the point is to notice a topic deleted and made again.
 */
export async function topicIdOf(admin: Admin, topic: string): Promise<string | undefined> {
  try {
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false });
    return metadata.topics.get(topic)?.id;
  } catch (error) {
    // A broker that cannot be reached has said nothing about the topic: asking it twice more only delays the outage guard.
    if (isRetriableKafkaError(error)) throw error;
    // The client reports an unknown topic as a plain UserError; the topic list says whether that is what happened.
    if (!(await topicExists(admin, topic))) return undefined;
    // Created again in between: ask once more.
    const metadata = await admin.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false }).catch(() => { throw error; });
    return metadata.topics.get(topic)?.id;
  }
}

export async function topicExists(admin: Admin, topic: string): Promise<boolean> {
  return (await admin.listTopics()).includes(topic);
}

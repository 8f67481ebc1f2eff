import { Admin, Consumer } from '@platformatic/kafka';
import { hasKafkaError } from '../../kafka';

/**
 * Kafka's id of `topic` (its UUID, new each time a topic of that name is
 * created), or undefined when the topic does not exist. Asked of the broker,
 * never of a cache: the point is to notice a topic deleted and made again.
 */
export async function topicIdOf(client: Admin | Consumer, topic: string): Promise<string | undefined> {
  try {
    const metadata = await client.metadata({ topics: [topic], forceUpdate: true, autocreateTopics: false });
    return metadata.topics.get(topic)?.id;
  } catch (error) {
    if (hasKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION') || hasKafkaError(error, 'UNKNOWN_TOPIC_ID')) return undefined;
    throw error;
  }
}

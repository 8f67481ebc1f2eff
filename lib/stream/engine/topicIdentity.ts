import { StateError } from '../../errors';
import { Logger } from '../../log';

/**
 * The topic the stream reads, by Kafka's topic id: a topic deleted and
 * created again under the same name has a new id, and its offsets start
 * over, so positions noted for the old one would skip or repeat records.
 * Compared at every plan; a change stops the stream with TOPIC_RECREATED.
 */
export class TopicIdentity {
  constructor(
    private readonly topic: string,
    private readonly group: string,
    private readonly brokers: string[],
    /** The id the checkpoint recorded, or the one seen at start. */
    private noted: string,
  ) {}

  get id(): string {
    return this.noted;
  }

  check(current: string, logger: Logger): void {
    if (current === this.noted) return;
    logger.error('stream.topic_recreated', { topic: this.topic, was: this.noted, now: current });
    throw topicRecreated(this.topic, this.group, this.brokers, this.noted, current);
  }
}

/** Kafka's own command that moves a group to the start of a topic. */
export function groupResetCommand(topic: string, group: string, brokers: string[]): string {
  return `kafka-consumer-groups.sh --bootstrap-server ${brokers.join(',')} --group ${group} --topic ${topic} --reset-offsets --to-earliest --execute`;
}

/** Where the position comes from the consumer group (the checkpoint was cleared), deleting the checkpoint changes nothing: the group is what to reset. */
export function groupResetHint(topic: string, group: string, brokers: string[]): string {
  return (
    `The start position comes from consumer group "${group}". Run \`iot merge\` first if output/ holds part files, then reset the group to the topic's start: ` +
    `\`${groupResetCommand(topic, group, brokers)}\`, and run \`iot consume\` again; or use another group: \`iot consume --group <new-group> --starting-offsets earliest\`.`
  );
}

export function topicRecreated(topic: string, group: string, brokers: string[], was: string, now: string): StateError {
  const reset = groupResetCommand(topic, group, brokers);
  return new StateError(
    `Topic ${topic} was deleted and created again: its id was ${was} and is now ${now}. Its offsets started over, so the stream's positions no longer mean anything on it; the stream stopped before reading it.`,
    {
      code: 'TOPIC_RECREATED',
      hint:
        `Every reading read from the old topic is in committed part files. To continue on the new topic: (1) run \`iot merge\` to archive them (it clears the checkpoint); ` +
        `(2) reset consumer group "${group}" to the new topic's start: \`${reset}\` ` +
        `(the same tool as \`java -cp '<kafka libs>/*' org.apache.kafka.tools.consumer.group.ConsumerGroupCommand\`); (3) run \`iot consume\` again. ` +
        `Or, after step 1, start over with another group: \`iot consume --group <new-group> --starting-offsets earliest\`.`,
    },
  );
}

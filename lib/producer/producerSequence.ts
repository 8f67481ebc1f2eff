const maxSequence = 2 ** 31 - 1;

/**
 * The sequence number after `count` records from `sequence`. Sequences are
 * int32 and wrap to 0 after 2^31 - 1, as in the Java client
 * (DefaultRecordBatch.incrementSequence) and the broker: at --rate max a
 * partition gets there within hours.
 */
export function nextSequence(sequence: number, count: number): number {
  return sequence > maxSequence - count ? count - (maxSequence - sequence) - 1 : sequence + count;
}

import { ProtocolRequest } from '../kafka';

const produceApiKey = 0;
/** Produce v3 is the first version carrying RecordBatch v2; Kafka 4 still serves it (v0–v2 were removed). */
const produceVersion = 3;

/** One partition's answer to a Produce request. */
export interface PartitionResult {
  partition: number;
  errorCode: number;
}

export interface ProduceRequestOptions {
  topic: string;
  /** -1: acknowledged once every in-sync replica has the batch. */
  acks: number;
  timeoutMs: number;
  /** Pre-encoded record batches by partition. */
  batches: ReadonlyMap<number, Buffer>;
}

/**
 * A Produce v3 request in the shape kafkajs's connections send, around record
 * batches we encoded: the batches are copied once into the request, and a
 * retry resends the very same bytes (same producer id and sequence numbers),
 * which is what lets the broker drop a batch it already has. The answer is
 * returned per partition instead of thrown, so one partition's error does not
 * hide another's success.
 */
export function produceRequest(options: ProduceRequestOptions): ProtocolRequest<PartitionResult[]> {
  return {
    request: {
      apiKey: produceApiKey,
      apiVersion: produceVersion,
      apiName: 'Produce',
      encode: async () => {
        const payload = encodePayload(options);
        // kafkajs copies `buffer` after its request header; it checks `buf` is a Buffer.
        return { buf: payload, buffer: payload, size: () => payload.length };
      },
    },
    response: { decode: async (payload: Buffer) => decodeProduceResponse(payload), parse: async (results: PartitionResult[]) => results },
  };
}

function encodePayload({ topic, acks, timeoutMs, batches }: ProduceRequestOptions): Buffer {
  const topicBytes = Buffer.byteLength(topic);
  let size = 2 + 2 + 4 + 4 + 2 + topicBytes + 4;
  for (const batch of batches.values()) size += 4 + 4 + batch.length;
  const payload = Buffer.allocUnsafe(size);
  let pos = payload.writeInt16BE(-1, 0); // transactional id: null
  pos = payload.writeInt16BE(acks, pos);
  pos = payload.writeInt32BE(timeoutMs, pos);
  pos = payload.writeInt32BE(1, pos); // one topic
  pos = payload.writeInt16BE(topicBytes, pos);
  pos += payload.write(topic, pos);
  pos = payload.writeInt32BE(batches.size, pos);
  for (const [partition, batch] of batches) {
    pos = payload.writeInt32BE(partition, pos);
    pos = payload.writeInt32BE(batch.length, pos);
    pos += batch.copy(payload, pos);
  }
  return payload;
}

/** Produce response v3: [topic [partition error_code base_offset log_append_time]] throttle_time_ms. */
export function decodeProduceResponse(payload: Buffer): PartitionResult[] {
  const results: PartitionResult[] = [];
  let pos = 0;
  const topics = payload.readInt32BE(pos); pos += 4;
  for (let t = 0; t < topics; t++) {
    pos += 2 + payload.readInt16BE(pos);
    const partitions = payload.readInt32BE(pos); pos += 4;
    for (let p = 0; p < partitions; p++) {
      results.push({ partition: payload.readInt32BE(pos), errorCode: payload.readInt16BE(pos + 4) });
      pos += 4 + 2 + 8 + 8;
    }
  }
  return results;
}

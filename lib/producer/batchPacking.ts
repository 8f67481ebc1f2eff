import { LaneRecord } from './lane';

interface PackableMessage {
  key: Buffer;
  value: string;
  partition: number;
}

/**
 * A batch as one transferable ArrayBuffer, so handing it to a lane's worker
 * thread moves memory instead of copying thousands of small objects:
 * per message u16 partition, u16 key length, u32 value length, key, value.
 */
export function packBatch(batch: readonly PackableMessage[]): ArrayBuffer {
  const valueBytes = batch.map((message) => Buffer.byteLength(message.value));
  let size = 4;
  for (let index = 0; index < batch.length; index++) size += 8 + batch[index].key.length + valueBytes[index];
  const memory = new ArrayBuffer(size);
  const view = new DataView(memory);
  const bytes = Buffer.from(memory);
  view.setUint32(0, batch.length);
  let offset = 4;
  batch.forEach((message, index) => {
    view.setUint16(offset, message.partition);
    view.setUint16(offset + 2, message.key.length);
    view.setUint32(offset + 4, valueBytes[index]);
    offset += 8;
    offset += message.key.copy(bytes, offset);
    offset += bytes.write(message.value, offset);
  });
  return memory;
}

/** The records of a packed batch; keys and values are views into it, not copies. */
export function unpackBatch(memory: ArrayBuffer): LaneRecord[] {
  const view = new DataView(memory);
  const bytes = Buffer.from(memory);
  const messages: LaneRecord[] = new Array(view.getUint32(0));
  let offset = 4;
  for (let index = 0; index < messages.length; index++) {
    const partition = view.getUint16(offset);
    const keyLength = view.getUint16(offset + 2);
    const valueLength = view.getUint32(offset + 4);
    offset += 8;
    const key = bytes.subarray(offset, offset + keyLength);
    offset += keyLength;
    const value = bytes.subarray(offset, offset + valueLength);
    offset += valueLength;
    messages[index] = { key, value, partition };
  }
  return messages;
}

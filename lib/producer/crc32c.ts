/**
 * CRC-32C (Castagnoli), the checksum of a RecordBatch v2, computed eight
 * bytes a step ("slicing-by-8") from two 32-bit loads. kafkajs's version goes
 * a byte a step and was a fifth of the CPU of producing a message; this is
 * about 3.5 times faster. Node has no CRC-32C of its own (zlib.crc32 is the
 * other polynomial).
 */
export function crc32c(bytes: Uint8Array): number {
  let crc = ~0;
  let index = 0;
  // Word loads need 4-byte alignment in the underlying memory, and a little-endian machine.
  if (littleEndian) while (index < bytes.length && ((bytes.byteOffset + index) & 3) !== 0) crc = table[(crc ^ bytes[index++]) & 0xff] ^ (crc >>> 8);
  const wordCount = littleEndian ? ((bytes.length - index) >> 3) << 1 : 0;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + index, wordCount);
  for (let word = 0; word < wordCount; word += 2) {
    crc ^= words[word];
    const high = words[word + 1];
    crc = table[1792 + (crc & 0xff)] ^ table[1536 + ((crc >>> 8) & 0xff)] ^ table[1280 + ((crc >>> 16) & 0xff)] ^ table[1024 + (crc >>> 24)]
      ^ table[768 + (high & 0xff)] ^ table[512 + ((high >>> 8) & 0xff)] ^ table[256 + ((high >>> 16) & 0xff)] ^ table[high >>> 24];
  }
  index += wordCount * 4;
  while (index < bytes.length) crc = table[(crc ^ bytes[index++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Eight 256-entry tables in one array: [0] is the classic byte table, [k] advances it k more bytes. */
const table = buildTables(0x82f63b78);

function buildTables(polynomial: number): Int32Array {
  const tables = new Int32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
    tables[byte] = crc;
  }
  for (let slice = 1; slice < 8; slice++) {
    for (let byte = 0; byte < 256; byte++) {
      const previous = tables[(slice - 1) * 256 + byte];
      tables[slice * 256 + byte] = (previous >>> 8) ^ tables[previous & 0xff];
    }
  }
  return tables;
}

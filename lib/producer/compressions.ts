import type { CompressionAlgorithmValue } from '@platformatic/kafka';

/** A leaf module (types only from the client) so `iot produce --help` lists the codecs without loading Kafka. */
export type Compression = CompressionAlgorithmValue;
export const compressions: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

import { SensorReading } from '../../schema';

/** A finished file of a batch, as recorded in the sink's file log. */
export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
}

/** Writes one batch's valid rows to one part file; nothing at all for a batch without rows. */
export interface PartWriter {
  add(reading: SensorReading): void;
  /** Makes the file visible under its final name (atomically); undefined when no row was added. */
  finish(): Promise<WrittenFile | undefined>;
  abort(): void;
}

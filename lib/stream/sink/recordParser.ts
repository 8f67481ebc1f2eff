import { checkStructure, StructureCheck } from '../../schema';

/** A Kafka message value to a structure-checked reading, as Spark's from_json with the schema. */
export function parseRecord(value: Buffer | null): StructureCheck {
  return checkStructure(value === null ? null : value.toString('utf8'));
}

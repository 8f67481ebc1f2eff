import { checkRules, checkStructure, SensorReading } from '../schema';
import { Bar } from './barChart';
import { countBy } from './countBy';

/**
 * What the pipeline would do with one raw message: the consumer's structure
 * check, then the ETL's value rules. Written out here because tslab compiles
 * cells without strictNullChecks, where `check.ok` does not narrow the union.
 */
export function readingVerdict(message: string): { message: string; consumer: string; etl: string } {
  const structure = checkStructure(message);
  if (!structure.ok) return { message, consumer: `quarantined: ${structure.reason}`, etl: '(never reaches it)' };
  const violations = checkRules(structure.reading).map((violation) => violation.rule);
  return { message, consumer: 'ok', etl: violations.length ? `rejected: ${violations.join(', ')}` : 'loaded' };
}

/** Readings that pass the ETL's value rules: what charts plot (a 2026-02-30 or a 145 °C would wreck the axes). */
export function plausibleReadings(readings: readonly SensorReading[]): SensorReading[] {
  return readings.filter((reading) => checkRules(reading).length === 0);
}

/** How many readings break each value rule: what the ETL will reject, before it runs. */
export function ruleBreaks(readings: readonly SensorReading[]): Bar[] {
  return countBy(readings.flatMap((reading) => checkRules(reading)), (violation) => violation.rule);
}

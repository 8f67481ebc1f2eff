import { checkRules, checkStructure } from '../schema';

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

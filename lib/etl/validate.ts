import pl from 'nodejs-polars';
import { quoteValue } from '../errors';
import { isMissing, readingColumnNames, RuleName, ruleNames, SensorReading } from '../schema';
import { extraFieldsColumn } from './csvChunks';
import { ruleExpressions, typedColumns } from './rules';

/** How many rows broke one rule, with the first few as examples (line in the file, value quoted and cut to 200 characters). */
export interface RuleReport {
  rule: RuleName;
  column: keyof SensorReading;
  count: number;
  examples: Array<{ line: number; value: string }>;
}

export interface Validation {
  total: number;
  /** Rows that pass every rule: `line`, the text columns and the typed `<column>_value` columns. */
  valid: pl.DataFrame;
  /** Rows that break a rule: `line`, the text columns as read, and `reason` (every rule the row breaks, joined by ";"). */
  rejected: pl.DataFrame;
  /** How many rows break a rule (a row breaking two rules counts once): records_rejected. */
  rejectedRows: number;
  /** Only the rules some row broke, in rule order. */
  report: RuleReport[];
}

export const examplesPerRule = 3;
/** Data rows start on line 2, after the header. */
const firstDataLine = 2;

/** Evaluates every rule as a polars expression over a frame (a file, or one chunk of it starting at `firstLine`). */
export function validateReadings(frame: pl.DataFrame, firstLine = firstDataLine): Validation {
  const typed = frame.withRowIndex('line', firstLine).withColumns(...typedColumns());
  const rules = ruleExpressions(typed);
  const checked = typed.withColumns(...rules.map(({ rule, broken }) => broken.alias(rule)));
  const broken = rules.map(({ rule }) => rule);
  const anyBroken = pl.anyHorizontal(broken.map((rule) => pl.col(rule)));
  const brokenRows = checked.filter(anyBroken);
  // Most chunks break no rule: then there is nothing to count per rule.
  const report = brokenRows.height === 0 ? [] : rules
    .map(({ rule, column }) => ruleReport(brokenRows, rule, column))
    .filter((entry) => entry.count > 0);
  const reason = pl.concatString(broken.map((rule) => pl.when(pl.col(rule)).then(pl.lit(rule)).otherwise(pl.lit(null))), ';', true);
  const extra = frame.columns.includes(extraFieldsColumn) ? [extraFieldsColumn] : [];
  return {
    total: frame.height,
    valid: checked.filter(anyBroken.not()).drop([...broken, ...extra]),
    rejectedRows: brokenRows.height,
    rejected: brokenRows.select(pl.col('line'), ...readingColumnNames.map((name) => pl.col(name)), reason.alias('reason')),
    report,
  };
}

function ruleReport(brokenRows: pl.DataFrame, rule: RuleName, column: keyof SensorReading): RuleReport {
  const rows = brokenRows.filter(pl.col(rule));
  const examples = rows.head(examplesPerRule).toRecords().map((row) => ({ line: Number(row.line), value: exampleValue(rule, column, row) }));
  return { rule, column, count: rows.height, examples };
}

function exampleValue(rule: RuleName, column: keyof SensorReading, row: Record<string, unknown>): string {
  if (rule === 'missing_value') return missingColumns(row);
  if (rule === 'too_many_fields') return quoteValue(row[extraFieldsColumn] ?? null);
  return quoteValue(row[column] ?? null);
}

function missingColumns(row: Record<string, unknown>): string {
  const empty = readingColumnNames.filter((name) => isMissing(row[name]));
  return empty.map((name) => (row[name] ? `${name} blank (${quoteValue(row[name])})` : `${name} empty`)).join(', ');
}

/** Chunk by chunk validation adds up to one report: counts summed, the first examples kept. */
export function mergeReports(into: RuleReport[], chunk: RuleReport[]): RuleReport[] {
  const merged = new Map(into.map((entry) => [entry.rule, { ...entry, examples: [...entry.examples] }]));
  for (const entry of chunk) {
    const known = merged.get(entry.rule);
    if (!known) merged.set(entry.rule, { ...entry, examples: [...entry.examples] });
    else {
      known.count += entry.count;
      known.examples.push(...entry.examples.slice(0, examplesPerRule - known.examples.length));
    }
  }
  return [...merged.values()].sort((a, b) => ruleNames.indexOf(a.rule) - ruleNames.indexOf(b.rule));
}

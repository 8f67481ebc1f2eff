import pl from 'nodejs-polars';
import { readingColumnNames, RuleName, SensorReading } from '../schema';
import { ruleExpressions, typedColumns } from './rules';

/** How many rows broke one rule, with the first few as examples (line in the file, value). */
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
  /** Rows that break a rule: `line`, the text columns as read, and `reason` (rule names joined by ";"). */
  rejected: pl.DataFrame;
  /** Only the rules some row broke, in rule order. */
  report: RuleReport[];
}

const examplesPerRule = 3;
/** Data rows start on line 2, after the header. */
const firstDataLine = 2;

/** Evaluates every rule as a polars expression over the whole file at once. */
export function validateReadings(frame: pl.DataFrame): Validation {
  const typed = frame.withRowIndex('line', firstDataLine).withColumns(...typedColumns());
  const rules = ruleExpressions(typed);
  const checked = typed.withColumns(...rules.map(({ rule, broken }) => broken.alias(rule)));
  const ruleNames = rules.map(({ rule }) => rule);
  const anyBroken = pl.anyHorizontal(ruleNames.map((rule) => pl.col(rule)));
  const brokenRows = checked.filter(anyBroken);
  const report = rules
    .map(({ rule, column }) => ruleReport(brokenRows, rule, column))
    .filter((entry) => entry.count > 0);
  const reason = pl.concatString(ruleNames.map((rule) => pl.when(pl.col(rule)).then(pl.lit(rule)).otherwise(pl.lit(null))), ';', true);
  return {
    total: frame.height,
    valid: checked.filter(anyBroken.not()).drop(ruleNames),
    rejected: brokenRows.select(pl.col('line'), ...readingColumnNames.map((name) => pl.col(name)), reason.alias('reason')),
    report,
  };
}

function ruleReport(brokenRows: pl.DataFrame, rule: RuleName, column: keyof SensorReading): RuleReport {
  const rows = brokenRows.filter(pl.col(rule));
  const examples = rows.head(examplesPerRule).toRecords().map((row) => ({
    line: Number(row.line),
    value: rule === 'missing_value' ? missingColumns(row) : JSON.stringify(row[column] ?? null),
  }));
  return { rule, column, count: rows.height, examples };
}

function missingColumns(row: Record<string, unknown>): string {
  const empty = readingColumnNames.filter((name) => row[name] === null || row[name] === undefined || row[name] === '');
  return `${empty.join(', ')} empty`;
}

import { RuleReport } from './validate';

/**
 * The validation report that goes into ETL_Log.error_message and the console:
 * a summary line (rows, each counted once however many rules it breaks),
 * then per rule the count and the first rows, e.g.
 * `temperature_out_of_range: 2 rows (line 5: temperature="120"; line 9: temperature="-55")`.
 */
export function formatReport(report: RuleReport[], total: number, rejected: number): string {
  const summary = `${rejected} of ${total} rows break a rule:`;
  const rules = report.map((entry) => {
    const examples = entry.examples
      .map((example) => `line ${example.line}: ${exampleText(entry, example.value)}`)
      .join('; ');
    const more = entry.count > entry.examples.length ? '; …' : '';
    return `${entry.rule}: ${entry.count} row${entry.count === 1 ? '' : 's'} (${examples}${more})`;
  });
  return [summary, ...rules].join('\n');
}

function exampleText(entry: RuleReport, value: string): string {
  if (entry.rule === 'missing_value') return value;
  if (entry.rule === 'too_many_fields') return `more than 4 fields, the 5th ${value}`;
  return `${entry.column}=${value}`;
}

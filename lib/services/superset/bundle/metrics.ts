/** Ad-hoc metrics as Superset's explore view saves them; labels are what charts and the REST API show. */
export interface AdhocMetric {
  expressionType: 'SIMPLE' | 'SQL';
  column?: { column_name: string };
  aggregate?: 'SUM' | 'AVG' | 'COUNT' | 'MAX' | 'MIN';
  sqlExpression?: string;
  label: string;
  hasCustomLabel: true;
  optionName: string;
}

function optionName(label: string): string {
  return 'metric_' + label.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/** An aggregate of one column; Superset quotes the column for the dialect. */
export function aggregateOf(aggregate: 'SUM' | 'AVG' | 'MAX' | 'MIN', column: string, label: string): AdhocMetric {
  return { expressionType: 'SIMPLE', column: { column_name: column }, aggregate, label, hasCustomLabel: true, optionName: optionName(label) };
}

export function countOfRows(label: string): AdhocMetric {
  return { expressionType: 'SQL', sqlExpression: 'COUNT(*)', label, hasCustomLabel: true, optionName: optionName(label) };
}

/** A metric written as SQL every engine runs, e.g. a weighted mean over combined windows. */
export function sqlMetric(sqlExpression: string, label: string): AdhocMetric {
  return { expressionType: 'SQL', sqlExpression, label, hasCustomLabel: true, optionName: optionName(label) };
}

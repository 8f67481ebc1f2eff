/**
 * Statements are written once with `?` placeholders; each driver wants its own
 * form (`$1` for pg, `@p1` for mssql). Our SQL never holds a `?` inside a
 * literal, because every value is a bound parameter.
 */
export function numberedPlaceholders(sql: string, prefix: '$' | '@p'): string {
  let index = 0;
  return sql.replace(/\?/g, () => `${prefix}${++index}`);
}

/** Text for HTML and SVG (both XML-ish): every value shown in a notebook goes through this. */
export function escapeMarkup(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => entities[char]);
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Numbers as a person reads them: thousands separated, at most `digits` decimals. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

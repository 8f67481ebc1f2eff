/** README sections written by a script, never by hand: the text between `<!-- begin generated: NAME … -->` and `<!-- end generated: NAME -->`. */
export function sectionMarkers(name: string, by: string): { start: string; end: string } {
  return { start: `<!-- begin generated: ${name} (by ${by}; do not edit by hand) -->`, end: `<!-- end generated: ${name} -->` };
}

/** `readme` with the section's body replaced; its two markers must be there, in order. */
export function replaceSection(readme: string, markers: { start: string; end: string }, body: string): string {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${markers.start} … ${markers.end}`);
  return `${readme.slice(0, start + markers.start.length)}\n${body}\n${readme.slice(end)}`;
}

/** The section's current body, for specs that check it is up to date. */
export function sectionBody(readme: string, markers: { start: string; end: string }): string | undefined {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  return start < 0 || end < start ? undefined : readme.slice(start + markers.start.length, end).trim();
}

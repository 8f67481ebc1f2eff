/**
 * The line a skipped test prints, for the test runner to count and summarise:
 * `⊘ skip<TAB>reason<TAB>title`. uvu counts a skip but keeps no reason.
 */
export const skipMarker = '⊘ skip';

export interface SkippedTest {
  reason: string;
  title: string;
}

export function skipLine(skip: SkippedTest): string {
  return `${skipMarker}\t${oneLine(skip.reason)}\t${oneLine(skip.title)}\n`;
}

/** The skips a spec process printed, in order. */
export function parseSkips(output: string): SkippedTest[] {
  return output.split('\n').flatMap((line) => {
    const [marker, reason, title] = line.split('\t');
    return marker === skipMarker && reason !== undefined ? [{ reason, title: title ?? '' }] : [];
  });
}

function oneLine(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ').trim();
}

/**
 * The member names at the top level of a JSON object's text, in order,
 * duplicates included: JSON.parse keeps the last of two equal names silently,
 * and a reading must not be taken with one of two values picked for it.
 * Expects text JSON.parse accepted, so only strings and brackets need care.
 */
export function topLevelKeys(text: string): string[] {
  return topLevelMembers(text).map((member) => member.key);
}

/** The members at the top level, each with where its value's text starts (after the colon and any space). */
export function topLevelMembers(text: string): Array<{ key: string; valueAt: number }> {
  const keys: Array<{ key: string; valueAt: number }> = [];
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === quote) {
      const start = index;
      let escaped = false;
      for (index++; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === backslash) { escaped = true; index++; } else if (inner === quote) break;
      }
      const colonAt = nextNonSpaceIndex(text, index + 1);
      if (depth === 1 && text.charCodeAt(colonAt) === colon) {
        const raw = text.slice(start, index + 1);
        keys.push({ key: escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1), valueAt: nextNonSpaceIndex(text, colonAt + 1) });
      }
    } else if (char === openBrace || char === openBracket) depth++;
    else if (char === closeBrace || char === closeBracket) depth--;
  }
  return keys;
}

/** The first name that appears twice, if any. */
export function duplicateKey(keys: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

const [quote, backslash, colon, openBrace, closeBrace, openBracket, closeBracket] = ['"', '\\', ':', '{', '}', '[', ']'].map((c) => c.charCodeAt(0));

function nextNonSpaceIndex(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index])) index++;
  return index;
}

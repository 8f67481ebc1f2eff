/**
 * Reading a JSON object's top-level member names from its text, which
 * JSON.parse does not give: it keeps the last of two equal names silently, and
 * a reading must not be taken with one of two values picked for it. Every
 * function here expects text JSON.parse accepted, so only strings and brackets
 * need care, and the only space between tokens is JSON's own (space, tab, CR, LF).
 */

/** Sees one top-level member: its name's quotes are at `nameAt` and `nameEnd`; `escaped` when the name holds a backslash escape. */
export type MemberVisitor = (nameAt: number, nameEnd: number, escaped: boolean, valueAt: number) => void;

/**
 * Visits the members at the top level, in order, duplicates included, and
 * returns how many there are. One pass that allocates nothing itself: the
 * consumer runs it on every record.
 */
export function forEachTopLevelMember(text: string, visit: MemberVisitor): number {
  let members = 0;
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
        members++;
        visit(start, index, escaped, nextNonSpaceIndex(text, colonAt + 1));
      }
    } else if (char === openBrace || char === openBracket) depth++;
    else if (char === closeBrace || char === closeBracket) depth--;
  }
  return members;
}

/** The member's name as JSON.parse reads it: "a" and "\u0061" are one name. */
function memberName(text: string, nameAt: number, nameEnd: number, escaped: boolean): string {
  return escaped ? (JSON.parse(text.slice(nameAt, nameEnd + 1)) as string) : text.slice(nameAt + 1, nameEnd);
}

/** Whether the member's name is `name`, without building the name's string unless it holds an escape. */
export function memberNameIs(text: string, nameAt: number, nameEnd: number, escaped: boolean, name: string): boolean {
  if (escaped) return memberName(text, nameAt, nameEnd, escaped) === name;
  return nameEnd - nameAt - 1 === name.length && text.startsWith(name, nameAt + 1);
}

/** The member names at the top level, in order, duplicates included. */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  forEachTopLevelMember(text, (nameAt, nameEnd, escaped) => { keys.push(memberName(text, nameAt, nameEnd, escaped)); });
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

const [quote, backslash, colon, openBrace, closeBrace, openBracket, closeBracket, space, tab, lineFeed, carriageReturn] =
  ['"', '\\', ':', '{', '}', '[', ']', ' ', '\t', '\n', '\r'].map((c) => c.charCodeAt(0));

/** Skips JSON's whitespace only: any other space character (U+00A0, U+2028 …) can stand only inside a string. */
function nextNonSpaceIndex(text: string, from: number): number {
  let index = from;
  for (let char = text.charCodeAt(index); char === space || char === tab || char === lineFeed || char === carriageReturn; char = text.charCodeAt(index)) index++;
  return index;
}

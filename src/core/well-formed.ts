/**
 * Text Nines can store on every engine: no U+0000 (PostgreSQL text cannot hold it) and no unpaired UTF-16
 * surrogate (it has no UTF-8 encoding, so two different ones would be stored as the same replacement
 * character and compare equal). JSON allows both (`"\u0000"`, `"\ud800"`), so every input boundary
 * checks for them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point.
const illFormed = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with `text`, or undefined when it is well-formed. */
export function illFormedText(text: string): string | undefined {
  const match = illFormed.exec(text);
  if (!match) return undefined;
  const char = match[0];
  if (char === '\u0000') return 'contains U+0000 (NUL), which cannot be stored';
  const code = char.codePointAt(0)?.toString(16).toUpperCase();
  return `contains an unpaired surrogate (U+${code}), which is not valid Unicode text`;
}

/** Deepest nesting of arrays and objects accepted in a document (a JSON body, a YAML file). */
export const MAX_NESTING = 64;

/** The first problem in a parsed document: an ill-formed string (key or value) or too deep a nesting. */
export function documentProblem(root: unknown): { path: string; message: string } | undefined {
  const found = walk(root, 0);
  return found && { path: found.path.reverse().join('.'), message: found.message };
}

/**
 * Depth-first; recursion stops at MAX_NESTING, so a deeply nested document cannot overflow the stack.
 * The path is built (reversed) only on the way out of a problem: a 10 MiB batch allocates nothing.
 */
function walk(value: unknown, depth: number): { path: string[]; message: string } | undefined {
  if (typeof value === 'string') {
    return illFormed.test(value) ? { path: [], message: illFormedText(value) as string } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_NESTING) return { path: [], message: `is nested deeper than ${MAX_NESTING} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], depth + 1);
      if (found) {
        found.path.push(String(i));
        return found;
      }
    }
    return undefined;
  }
  for (const key in value) {
    if (illFormed.test(key)) {
      return { path: [printable(key)], message: `has a key that ${illFormedText(key)}` };
    }
    const found = walk((value as Record<string, unknown>)[key], depth + 1);
    if (found) {
      found.path.push(key);
      return found;
    }
  }
  return undefined;
}

/** A key as a path can show it: ill-formed characters as `\uXXXX` escapes. */
function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

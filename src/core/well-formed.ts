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
  // Iterative: a deeply nested document must not overflow the stack of the code that checks it.
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === 'string') {
      const problem = illFormedText(value);
      if (problem) return { path: path.join('.'), message: problem };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_NESTING) {
      return { path: path.join('.'), message: `is nested deeper than ${MAX_NESTING} levels` };
    }
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as readonly [string, unknown];
      const keyProblem = illFormedText(key);
      if (keyProblem)
        return { path: [...path, printable(key)].join('.'), message: `has a key that ${keyProblem}` };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** A key as a path can show it: ill-formed characters as `\uXXXX` escapes. */
function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

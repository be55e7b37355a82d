import { NinesError } from '../core/errors.ts';

/** One step of a selector: an object key or an array index. */
export type JsonPathSegment = string | number;

/** What a selector found: the value, or nothing when a step does not exist. */
export type JsonPathMatch = { found: true; value: unknown } | { found: false };

const dotKey = /^[\p{L}\p{N}_$-]+/u;
const index = /^\[(\d+)\]/;

/** Parses `$.a.b`, `$.a[0].b` and `$['key']` into segments; throws `invalid_config` naming the position. */
export function parseJsonPath(path: string): JsonPathSegment[] {
  if (!path.startsWith('$')) throw invalidPath(path, 0, 'must start with "$"');
  const segments: JsonPathSegment[] = [];
  let at = 1;
  while (at < path.length) {
    const rest = path.slice(at);
    const key = rest.startsWith('.') ? dotKey.exec(rest.slice(1)) : null;
    const position = index.exec(rest);
    if (key) {
      segments.push(key[0]);
      at += 1 + key[0].length;
    } else if (position) {
      segments.push(Number(position[1]));
      at += position[0].length;
    } else if (rest.startsWith("['") || rest.startsWith('["')) {
      const quoted = readQuotedKey(path, at + 1);
      segments.push(quoted.key);
      at = quoted.next;
    } else {
      throw invalidPath(path, at, "expected .key, [index] or ['key']");
    }
  }
  return segments;
}

/** Follows the segments into a parsed JSON value; only own keys count, so `$.constructor` finds nothing. */
export function selectJsonPath(value: unknown, segments: readonly JsonPathSegment[]): JsonPathMatch {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      if (!isObject(current) || !Object.hasOwn(current, segment)) return { found: false };
      current = current[segment];
    }
  }
  return { found: true, value: current };
}

/** Reads `'key']` starting at the opening quote; backslash escapes the next character. */
function readQuotedKey(path: string, quoteAt: number): { key: string; next: number } {
  const quote = path[quoteAt];
  let key = '';
  let at = quoteAt + 1;
  while (at < path.length && path[at] !== quote) {
    if (path[at] === '\\') at += 1;
    key += path[at] ?? '';
    at += 1;
  }
  if (at >= path.length) throw invalidPath(path, quoteAt, 'unterminated quoted key');
  if (path[at + 1] !== ']') throw invalidPath(path, at + 1, 'expected "]" after the quoted key');
  return { key, next: at + 2 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidPath(path: string, at: number, reason: string): NinesError {
  return new NinesError('invalid_config', `invalid JSON path ${JSON.stringify(path)} at ${at}: ${reason}`);
}

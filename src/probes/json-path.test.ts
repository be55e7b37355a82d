import { describe, expect, it } from 'vitest';
import { parseJsonPath, selectJsonPath } from './json-path.ts';

describe('parseJsonPath', () => {
  it('reads dotted keys, indexes and quoted keys', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.a.b')).toEqual(['a', 'b']);
    expect(parseJsonPath('$.checks[0].ok')).toEqual(['checks', 0, 'ok']);
    expect(parseJsonPath("$['key with.dots'][12]")).toEqual(['key with.dots', 12]);
    expect(parseJsonPath('$["double"].x-y')).toEqual(['double', 'x-y']);
    expect(parseJsonPath("$['it\\'s']")).toEqual(["it's"]);
  });

  it('names the position of what it cannot read', () => {
    expect(() => parseJsonPath('status')).toThrow('invalid JSON path "status" at 0: must start with "$"');
    expect(() => parseJsonPath('$.a[')).toThrow('at 3: expected .key, [index] or');
    expect(() => parseJsonPath('$.')).toThrow('at 1: expected .key');
    expect(() => parseJsonPath('$[-1]')).toThrow('at 1:');
    expect(() => parseJsonPath("$['open")).toThrow('at 2: unterminated quoted key');
    expect(() => parseJsonPath("$['a'x")).toThrow('at 5: expected "]" after the quoted key');
  });

  it('throws invalid_config so the loader can report it', () => {
    expect(() => parseJsonPath('nope')).toThrow(expect.objectContaining({ code: 'invalid_config' }));
  });
});

describe('selectJsonPath', () => {
  const document = { status: 'up', checks: [{ ok: true }, { ok: false }], nested: { 'a b': null } };

  it('finds values, including null and whole subtrees', () => {
    expect(selectJsonPath(document, ['status'])).toEqual({ found: true, value: 'up' });
    expect(selectJsonPath(document, ['checks', 1, 'ok'])).toEqual({ found: true, value: false });
    expect(selectJsonPath(document, ['nested', 'a b'])).toEqual({ found: true, value: null });
    expect(selectJsonPath(document, ['checks', 0])).toEqual({ found: true, value: { ok: true } });
    expect(selectJsonPath(document, [])).toEqual({ found: true, value: document });
  });

  it('finds nothing for missing keys, out-of-range indexes and mismatched shapes', () => {
    expect(selectJsonPath(document, ['missing'])).toEqual({ found: false });
    expect(selectJsonPath(document, ['checks', 2])).toEqual({ found: false });
    expect(selectJsonPath(document, ['status', 0])).toEqual({ found: false });
    expect(selectJsonPath(document, ['checks', 'length'])).toEqual({ found: false });
    expect(selectJsonPath(document, ['nested', 'a b', 'x'])).toEqual({ found: false });
  });

  it('ignores inherited properties', () => {
    expect(selectJsonPath(document, ['constructor'])).toEqual({ found: false });
    expect(selectJsonPath({}, ['__proto__'])).toEqual({ found: false });
  });
});

import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';
import { editDistance } from './check-entries.ts';

const service = (name: string, dependsOn: string[]) =>
  `apiVersion: nines.dev/v1\nkind: Service\nmetadata: { name: ${name} }\nspec: { owner: payments, dependsOn: [${dependsOn.join(', ')}] }\n`;

describe('dependency cycles', () => {
  it('reports a three-service cycle once, with its path, at the first edge', () => {
    const result = loadTexts({
      'a.yaml': service('a', ['b']),
      'b.yaml': service('b', ['c', 'checkout']),
      'c.yaml': service('c', ['a']),
    });
    expect(problemLines(result)).toEqual(['a.yaml:4:38: dependency cycle: a -> b -> c -> a']);
  });

  it('does not call a diamond a cycle', () => {
    const result = loadTexts({
      'a.yaml': service('a', ['b', 'c']),
      'b.yaml': service('b', ['d']),
      'c.yaml': service('c', ['d']),
      'd.yaml': service('d', []),
    });
    expect(problemLines(result)).toEqual([]);
  });
});

describe('duplicates across formats', () => {
  it('points at the second definition and names the first', () => {
    const result = loadTexts({
      'z.yaml': 'apiVersion: openslo/v1\nkind: Service\nmetadata: { name: checkout }\n',
    });
    expect(problemLines(result)).toEqual([
      'z.yaml:3:19: duplicate Service "checkout": first defined at base.yaml:8:19',
    ]);
  });
});

describe('editDistance', () => {
  it('counts single-character edits', () => {
    expect(editDistance('checkout', 'chekout')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

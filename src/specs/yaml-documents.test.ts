import { describe, expect, it } from 'vitest';
import { loadConfigFiles } from './load-config.ts';
import { emptyModel } from './model/model.ts';
import { formatProblem } from './problems.ts';
import { parseYamlFile } from './yaml-documents.ts';

const text = `apiVersion: nines.dev/v1
kind: Team
metadata:
  name: payments
spec:
  members:
    - ana
    - bo
  channel:
`;

describe('parseYamlFile positions', () => {
  const [doc] = parseYamlFile('t.yaml', text).documents;

  it('points at values, at keys, and at the nearest parent when a field is missing', () => {
    expect(doc?.at(['metadata', 'name'])).toEqual({ file: 't.yaml', line: 4, col: 9 });
    expect(doc?.keyAt(['metadata', 'name'])).toEqual({ file: 't.yaml', line: 4, col: 3 });
    expect(doc?.at(['spec', 'members', 1])).toEqual({ file: 't.yaml', line: 8, col: 7 });
    expect(doc?.at(['spec', 'owner'])).toEqual({ file: 't.yaml', line: 5, col: 1 });
    expect(doc?.at([])).toEqual({ file: 't.yaml', line: 1, col: 1 });
  });

  it('points at the key of an empty value', () => {
    expect(doc?.at(['spec', 'channel'])).toEqual({ file: 't.yaml', line: 9, col: 3 });
  });

  it('splits multi-document files and top-level lists', () => {
    const parsed = parseYamlFile('m.yaml', 'a: 1\n---\n- b: 2\n- c: 3\n---\n# only a comment\n');
    expect(parsed.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(parsed.documents[2]?.at(['c'])).toEqual({ file: 'm.yaml', line: 4, col: 6 });
  });

  it('reports duplicate keys at the second one', () => {
    const parsed = parseYamlFile('d.yaml', 'a: 1\nb: 2\na: 3\n');
    expect(parsed.problems.map(formatProblem)).toEqual(['d.yaml:3:1: YAML: Map keys must be unique']);
    expect(parsed.documents).toEqual([]);
  });
});

describe('loadConfigFiles never throws on bad input', () => {
  const nasty = [
    '',
    '---\n---\n',
    ':',
    '{',
    '[1, 2',
    '\t\tkind: Team',
    'a: &x [1]\nb: *y',
    `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]`,
    '? [a, b]\n: c',
    '__proto__: { polluted: true }\napiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: x }',
    'apiVersion: nines.dev/v1\nkind: SLO\nmetadata: 5\nspec: []',
    'apiVersion: 7\nkind: Team',
    'apiVersion: nines.dev/v1\nkind: [Team]',
    'apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: x }\nspec: { indicator: 5, objectives: "x" }',
    'version: prometheus/v1\nservice: x\nslos: [1, null, { name: 5 }]',
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: x, links: 5 }\nspec: null',
    '!!binary AAAA',
    '\u0000\u0001\u0002\uFFFD',
    'x: 1e999999',
  ];

  it.each(nasty.map((yaml, index) => [index, yaml]))('input %i', (_index, yaml) => {
    const result = loadConfigFiles([{ file: 'bad.yaml', text: yaml as string }]);
    for (const problem of result.problems) {
      expect(problem.file).toBe('bad.yaml');
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.col).toBeGreaterThanOrEqual(1);
      expect(problem.message).not.toMatch(/could not read this document/);
    }
    expect(Object.keys(result.model)).toEqual(Object.keys(emptyModel()));
  });

  it('reports something for every non-empty bad input', () => {
    const silent = nasty.filter((yaml) => {
      const { problems } = loadConfigFiles([{ file: 'bad.yaml', text: yaml }]);
      return problems.length === 0;
    });
    expect(silent).toEqual(['', '---\n---\n']);
  });
});

describe('text no engine can store', () => {
  it('refuses U+0000 and unpaired surrogates in a config document, naming the field', () => {
    const nul = parseYamlFile('s.yaml', 'kind: Service\nmetadata:\n  name: "a\\0b"\n');
    expect(nul.documents).toEqual([]);
    expect(nul.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/"metadata.name" contains U\+0000/),
    ]);
    const surrogate = parseYamlFile('s.yaml', 'kind: Service\nspec:\n  description: "\\ud800"\n');
    expect(surrogate.problems.map((p) => p.message)).toEqual([expect.stringContaining('unpaired surrogate')]);
  });
});

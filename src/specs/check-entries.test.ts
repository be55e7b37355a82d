import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';
import { contactWarnings, editDistance } from './check-entries.ts';
import { formatProblem } from './problems.ts';

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

describe('contact warnings', () => {
  const oncall = `apiVersion: nines.dev/v1
kind: Person
metadata: { name: ana }
spec:
  contacts:
    - email: ana@example.com
---
apiVersion: nines.dev/v1
kind: Person
metadata: { name: bo }
spec:
  contacts:
    - webhook: { url: "https://hooks.example.com/bo" }
    - email: bo@example.com
---
apiVersion: nines.dev/v1
kind: Person
metadata: { name: cy }
spec: { contacts: [] }
---
apiVersion: nines.dev/v1
kind: Team
metadata: { name: search }
`;

  it('validate accepted an on-call person reachable only by e-mail with no SMTP, and a team with no contacts', () => {
    const result = loadTexts({ 'oncall.yaml': oncall });
    expect(problemLines(result)).toEqual([]);
    const warnings = contactWarnings(result.model, { smtpConfigured: false }).map(formatProblem);
    expect(warnings).toEqual([
      'oncall.yaml:3:19: Person "ana" can be reached only by e-mail and no SMTP server is configured (NINES_SMTP_URL): pages to them will fail',
      'oncall.yaml:18:19: Person "cy" has no contacts: pages to them reach nobody',
      // payments owns checkout; search owns nothing and pages nobody, so it needs no contacts.
      'base.yaml:4:19: Team "payments" has no contacts: its P3 notices and the fallback when a person cannot be reached go nowhere',
    ]);
    expect(contactWarnings(result.model, { smtpConfigured: true }).map((w) => w.message)).toEqual([
      'Person "cy" has no contacts: pages to them reach nobody',
      'Team "payments" has no contacts: its P3 notices and the fallback when a person cannot be reached go nowhere',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';

const doc = (kind: string, name: string, spec: string) =>
  `apiVersion: nines.dev/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

const policy = doc('EscalationPolicy', 'payments-oncall', '  levels: [{ targets: [{ team: payments }] }]\n');

describe('AlertRoute', () => {
  it('reads text and object matchers and keeps routes in reading order', () => {
    const first = doc(
      'AlertRoute',
      'payments-critical',
      [
        '  matchers:',
        `    - 'service="checkout"'`,
        `    - 'severity=~"critical|page"'`,
        '    - { label: env, op: "!=", value: staging }',
        '  severity: P1',
        '  escalationPolicy: payments-oncall',
        '',
      ].join('\n'),
    );
    const catchAll = doc('AlertRoute', 'everything-else', '  severity: P3\n');
    const early = doc('AlertRoute', 'audit', `  matchers: ['alertname=Watchdog']\n  severity: P4\n`);
    const result = loadTexts({
      'routes/b.yaml': `${first}---\n${catchAll}`,
      'routes/a.yaml': early,
      'p.yaml': policy,
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.alertRoutes.map((route) => route.name)).toEqual([
      'audit',
      'payments-critical',
      'everything-else',
    ]);
    expect(result.model.alertRoutes[1]).toMatchObject({
      matchers: [
        { label: 'service', op: '=', value: 'checkout' },
        { label: 'severity', op: '=~', value: 'critical|page' },
        { label: 'env', op: '!=', value: 'staging' },
      ],
      severity: 'P1',
      escalationPolicy: 'payments-oncall',
      origin: 'nines',
    });
    expect(result.model.alertRoutes[2]).toEqual({
      name: 'everything-else',
      matchers: [],
      severity: 'P3',
      origin: 'nines',
      source: { file: 'routes/b.yaml', line: 16, col: 9 },
    });
  });

  it('reports bad matchers, regexes, severities and references at the field', () => {
    const spec = [
      '  matchers:',
      `    - 'service'`,
      `    - 'team=~"(payments"'`,
      '    - { label: team-name, op: "==", value: x }',
      '    - { label: env, op: "=~", value: "[" }',
      '    - 42',
      '  service: chekout',
      '  severity: P5',
      '  escalationPolicy: payments',
      '',
    ].join('\n');
    expect(problemLines(loadTexts({ 'r.yaml': doc('AlertRoute', 'bad', spec) }))).toEqual([
      'r.yaml:7:7: expected label, operator (=, !=, =~, !~) and value, e.g. service="checkout"',
      'r.yaml:8:7: invalid regular expression "(payments": Unterminated group',
      'r.yaml:9:16: expected a Prometheus label name',
      'r.yaml:9:31: must be one of "=", "!=", "=~", "!~", got "=="',
      'r.yaml:10:38: invalid regular expression "[": Unterminated character class',
      'r.yaml:11:7: expected a matcher such as service="checkout" or {label, op, value}',
      'r.yaml:12:12: unknown Service "chekout" (did you mean "checkout"?)',
      'r.yaml:13:13: must be one of "P0", "P1", "P2", "P3", "P4", got "P5"',
      'r.yaml:14:21: unknown EscalationPolicy "payments"',
    ]);
  });
});

describe('Silence', () => {
  it('reads matchers and the time range as epoch milliseconds', () => {
    const spec = [
      `  matchers: ['service="checkout"', 'alertname=~"Disk.*"']`,
      '  start: "2026-03-01T22:00:00+01:00"',
      '  end: 2026-03-02T01:30:00Z',
      '  comment: Database migration',
      '',
    ].join('\n');
    const result = loadTexts({ 's.yaml': doc('Silence', 'db-migration', spec) });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.silences[0]).toMatchObject({
      name: 'db-migration',
      matchers: [
        { label: 'service', op: '=', value: 'checkout' },
        { label: 'alertname', op: '=~', value: 'Disk.*' },
      ],
      startMs: Date.UTC(2026, 2, 1, 21, 0),
      endMs: Date.UTC(2026, 2, 2, 1, 30),
      comment: 'Database migration',
    });
  });

  it('needs matchers, offsets and an end strictly after the start', () => {
    const noOffset = doc(
      'Silence',
      'local',
      `  matchers: ['a="b"']\n  start: "2026-03-01T22:00"\n  end: soon\n`,
    );
    const backwards = doc(
      'Silence',
      'backwards',
      `  matchers: []\n  start: "2026-03-01T22:00Z"\n  end: "2026-03-01T21:00Z"\n`,
    );
    const reversed = doc(
      'Silence',
      'reversed',
      `  matchers: ['a="b"']\n  start: "2026-03-01T22:00Z"\n  end: "2026-03-01T22:00Z"\n`,
    );
    expect(problemLines(loadTexts({ 's.yaml': [noOffset, backwards, reversed].join('---\n') }))).toEqual([
      's.yaml:7:10: expected a date-time with Z or an offset, e.g. 2026-11-01T02:00:00Z',
      's.yaml:8:8: expected a date-time with Z or an offset, e.g. 2026-11-01T04:00:00Z',
      's.yaml:15:13: needs at least 1 item(s)',
      's.yaml:17:8: end must be after start',
      's.yaml:26:8: end must be after start',
    ]);
  });
});

describe('Integration', () => {
  const key = '0123456789abcdef0123456789abcdef';

  it('reads a PagerDuty key, written or from the environment, and the labels it adds', () => {
    const literal = doc(
      'Integration',
      'stripe',
      `  type: pagerduty\n  routingKey: ${key}\n  service: checkout\n  labels: { source: stripe }\n`,
    );
    const fromEnv = doc(
      'Integration',
      'datadog',
      '  type: pagerduty\n  routingKey: { env: DD_ROUTING_KEY }\n',
    );
    const alertmanager = doc('Integration', 'prometheus', '  type: alertmanager\n');
    const result = loadTexts({ 'i.yaml': [literal, fromEnv, alertmanager].join('---\n') });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.integrations).toMatchObject([
      {
        name: 'stripe',
        kind: 'pagerduty',
        routingKey: key,
        service: 'checkout',
        labels: { source: 'stripe' },
      },
      { name: 'datadog', kind: 'pagerduty', routingKey: { env: 'DD_ROUTING_KEY' }, labels: {} },
      { name: 'prometheus', kind: 'alertmanager', labels: {} },
    ]);
    expect(result.model.integrations[2]).not.toHaveProperty('routingKey');
  });

  it('reports missing, malformed, misplaced and reused keys', () => {
    const missing = doc('Integration', 'missing', '  type: pagerduty\n  service: chekout\n');
    const malformed = doc(
      'Integration',
      'malformed',
      '  type: pagerduty\n  routingKey: ABC\n  labels: { bad-label: x }\n',
    );
    const misplaced = doc('Integration', 'misplaced', `  type: alertmanager\n  routingKey: ${key}\n`);
    const first = doc('Integration', 'first', `  type: pagerduty\n  routingKey: ${key}\n`);
    const again = doc('Integration', 'again', `  type: pagerduty\n  routingKey: ${key}\n`);
    const envOnce = doc('Integration', 'env-once', '  type: pagerduty\n  routingKey: { env: PD_KEY }\n');
    const envTwice = doc('Integration', 'env-twice', '  type: pagerduty\n  routingKey: { env: PD_KEY }\n');
    const text = [missing, malformed, misplaced, first, again, envOnce, envTwice].join('---\n');
    expect(problemLines(loadTexts({ 'i.yaml': text }))).toEqual([
      'i.yaml:5:1: a pagerduty integration needs routingKey',
      'i.yaml:7:12: unknown Service "chekout" (did you mean "checkout"?)',
      'i.yaml:15:15: expected a routing key of 32 lowercase letters and digits',
      'i.yaml:16:13: key "bad-label": expected a Prometheus label name',
      'i.yaml:24:3: routingKey applies only to type pagerduty',
      'i.yaml:40:15: routingKey is already used by Integration "first" at i.yaml:32:15',
      'i.yaml:56:15: routingKey variable PD_KEY is already used by Integration "env-once" at i.yaml:48:15',
    ]);
  });

  it('needs a type', () => {
    expect(problemLines(loadTexts({ 'i.yaml': doc('Integration', 'what', '  labels: {}\n') }))).toEqual([
      'i.yaml:5:1: missing required field "type"',
    ]);
  });
});

describe('duplicate names of the new kinds', () => {
  it('points at the second definition and names the first', () => {
    const person = 'apiVersion: nines.dev/v1\nkind: Person\nmetadata: { name: ana }\n';
    const silence = (name: string) =>
      doc(
        'Silence',
        name,
        `  matchers: ['a="b"']\n  start: "2026-03-01T22:00Z"\n  end: "2026-03-01T23:00Z"\n`,
      );
    expect(
      problemLines(
        loadTexts({ 'a.yaml': person, 'b.yaml': `${person}---\n${silence('s')}---\n${silence('s')}` }),
      ),
    ).toEqual([
      'b.yaml:3:19: duplicate Person "ana": first defined at a.yaml:3:19',
      'b.yaml:17:9: duplicate Silence "s": first defined at b.yaml:8:9',
    ]);
  });
});

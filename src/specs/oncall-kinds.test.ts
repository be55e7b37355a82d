import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';

const doc = (kind: string, name: string, spec: string) =>
  `apiVersion: nines.dev/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

const people = ['ana', 'bo'].map((name) => doc('Person', name, '  contacts: []\n')).join('---\n');

describe('Person', () => {
  it('defaults to UTC and no contacts; contacts become tagged methods', () => {
    const spec = [
      '  displayName: Ana Lima',
      '  timeZone: Europe/Berlin',
      '  contacts:',
      '    - email: ana@example.com',
      '    - slack: { webhookUrl: { env: ANA_SLACK } }',
      '    - webhook: { url: "https://hooks.example.com/ana", secret: { env: ANA_HMAC } }',
      '',
    ].join('\n');
    const result = loadTexts({
      'ana.yaml': doc('Person', 'ana', spec),
      'bo.yaml': 'apiVersion: nines.dev/v1\nkind: Person\nmetadata: { name: bo }\n',
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.persons).toMatchObject([
      {
        name: 'ana',
        displayName: 'Ana Lima',
        timeZone: 'Europe/Berlin',
        contacts: [
          { kind: 'email', address: 'ana@example.com' },
          { kind: 'slack', webhookUrl: { env: 'ANA_SLACK' } },
          { kind: 'webhook', url: 'https://hooks.example.com/ana', secret: { env: 'ANA_HMAC' } },
        ],
        origin: 'nines',
        source: { file: 'ana.yaml', line: 4, col: 9 },
      },
      { name: 'bo', timeZone: 'UTC', contacts: [] },
    ]);
  });

  it('reports bad zones and contacts at the field', () => {
    const spec = [
      '  timeZone: Mars/Olympus',
      '  contacts:',
      '    - email: ana',
      '    - { email: a@example.com, slack: { webhookUrl: "https://hooks.slack.com/x" } }',
      '    - slack: { webhookUrl: "hooks.slack.com" }',
      '    - webhook: { url: "https://x.example/", secret: "plain" }',
      '    - {}',
      '',
    ].join('\n');
    expect(problemLines(loadTexts({ 'p.yaml': doc('Person', 'ana', spec) }))).toEqual([
      'p.yaml:6:13: unknown time zone: expected an IANA name such as Europe/Paris or UTC',
      'p.yaml:8:14: expected an e-mail address such as ana@example.com',
      'p.yaml:9:31: only one of email, slack, webhook may be set (found email, slack)',
      'p.yaml:10:28: expected an http:// or https:// URL',
      'p.yaml:11:53: expected a mapping, got "plain"',
      'p.yaml:12:7: needs exactly one of: email, slack, webhook',
    ]);
  });
});

describe('Team', () => {
  it('keeps e-mail members, checks the others as Persons, reads contacts and policy', () => {
    const team = doc(
      'Team',
      'search',
      [
        '  members: [ana, finance@example.com, bo]',
        '  contacts: [{ slack: { webhookUrl: "https://hooks.slack.com/services/T/B/x" } }]',
        '  escalationPolicy: search-oncall',
        '',
      ].join('\n'),
    );
    const policy = doc('EscalationPolicy', 'search-oncall', '  levels: [{ targets: [{ team: search }] }]\n');
    const result = loadTexts({ 'people.yaml': people, 'team.yaml': `${team}---\n${policy}` });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.teams[1]).toMatchObject({
      name: 'search',
      members: ['ana', 'finance@example.com', 'bo'],
      contacts: [{ kind: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/x' }],
      escalationPolicy: 'search-oncall',
    });
    expect(result.model.teams[0]).toMatchObject({ name: 'payments', members: [], contacts: [] });
  });

  it('reports unknown members and policies, also when the document has other problems', () => {
    const spec = '  members: [anna, "@bo", ops@example.com]\n  escalationPolicy: nightly\n  channel: 5\n';
    expect(problemLines(loadTexts({ 'people.yaml': people, 't.yaml': doc('Team', 'search', spec) }))).toEqual(
      [
        't.yaml:6:13: unknown Person "anna" (did you mean "ana"?): members are Person names or e-mail addresses',
        't.yaml:6:19: unknown Person "@bo" (did you mean "bo"?): members are Person names or e-mail addresses',
        't.yaml:7:21: unknown EscalationPolicy "nightly"',
        't.yaml:8:12: expected a string, got number 5',
      ],
    );
  });

  it('a Backstage Group has no contacts and its members are not checked', () => {
    const group =
      'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: stock }\nspec: { members: [carla] }\n';
    const result = loadTexts({ 'g.yaml': group });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.teams[1]).toMatchObject({ members: ['carla'], contacts: [] });
  });
});

const layer = (fields: string) => `  layers:\n    - name: primary\n      participants: [ana, bo]\n${fields}`;

describe('Schedule', () => {
  it('reads turns, starts, zones and restrictions into layers', () => {
    const spec = [
      '  description: Follow the sun',
      '  timeZone: Europe/Berlin',
      '  layers:',
      '    - { name: weekly, participants: [ana, bo, ana], turn: 1w, start: "2026-01-05T09:00" }',
      '    - name: days',
      '      participants: [bo]',
      '      turn: { every: 2, unit: days }',
      '      start: 2026-01-05',
      '      timeZone: America/New_York',
      '      restrictions:',
      '        - { days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:30" }',
      '        - { start: "22:00", end: "06:00" }',
      '        - { days: [sat], start: "00:00", end: "24:00" }',
      '    - { name: nights, participants: [ana], turn: 12h, start: "2026-01-05T20:00" }',
      '',
    ].join('\n');
    const result = loadTexts({ 'people.yaml': people, 's.yaml': doc('Schedule', 'payments', spec) });
    expect(problemLines(result)).toEqual([]);
    const schedule = result.model.schedules[0];
    expect(schedule?.description).toBe('Follow the sun');
    expect(schedule?.layers).toEqual([
      {
        name: 'weekly',
        participants: ['ana', 'bo', 'ana'],
        turn: { every: 1, unit: 'weeks' },
        start: '2026-01-05T09:00',
        timeZone: 'Europe/Berlin',
        restrictions: [],
      },
      {
        name: 'days',
        participants: ['bo'],
        turn: { every: 2, unit: 'days' },
        start: '2026-01-05T00:00',
        timeZone: 'America/New_York',
        restrictions: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 540, endMinute: 1050 },
          { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startMinute: 1320, endMinute: 360 },
          { days: ['sat'], startMinute: 0, endMinute: 1440 },
        ],
      },
      {
        name: 'nights',
        participants: ['ana'],
        turn: { every: 12, unit: 'hours' },
        start: '2026-01-05T20:00',
        timeZone: 'Europe/Berlin',
        restrictions: [],
      },
    ]);
  });

  it('a schedule without a zone uses UTC', () => {
    const spec = layer('      turn: 1d\n      start: "2026-01-05T09:00"\n');
    const result = loadTexts({ 'people.yaml': people, 's.yaml': doc('Schedule', 'plain', spec) });
    expect(result.model.schedules[0]?.layers[0]?.timeZone).toBe('UTC');
  });

  it('reports bad turns, starts, times, days and duplicate layers at the field', () => {
    const spec = [
      '  layers:',
      '    - name: primary',
      '      participants: [ana, bob]',
      '      turn: 1 week',
      '      start: "2026-01-05T09:00Z"',
      '      restrictions:',
      '        - { days: [mon, monday], start: "24:00", end: "25:00" }',
      '        - { days: [tue, sat, tue], start: "09:00", end: "17:00" }',
      '    - { name: primary, participants: [], turn: { every: 0, unit: months }, start: "2026-13-01" }',
      '',
    ].join('\n');
    expect(
      problemLines(loadTexts({ 'people.yaml': people, 's.yaml': doc('Schedule', 'bad', spec) })),
    ).toEqual([
      's.yaml:8:27: unknown Person "bob" (did you mean "bo"?)',
      's.yaml:9:13: expected a turn length such as 12h, 1d, 1w or {every: 2, unit: weeks}',
      "s.yaml:10:14: start is wall time in the layer's timeZone: drop the Z or offset, e.g. 2026-01-05T09:00",
      's.yaml:12:25: must be one of "mon", "tue", "wed", "thu", "fri", "sat", "sun", got "monday"',
      's.yaml:12:41: expected a time such as 09:00 (00:00 to 23:59)',
      's.yaml:12:55: expected a time such as 17:00 (00:00 to 24:00)',
      's.yaml:13:30: tue is listed twice',
      's.yaml:14:38: needs at least 1 item(s)',
      's.yaml:14:57: every must be at least 1',
      's.yaml:14:66: must be one of "hours", "days", "weeks", got "months"',
      's.yaml:14:83: 2026-13-01 is not a valid date-time',
    ]);
  });

  it('names each layer once', () => {
    const spec = [
      '  layers:',
      '    - { name: primary, participants: [ana], turn: 1w, start: 2026-01-05 }',
      '    - { name: primary, participants: [bo], turn: 1w, start: 2026-01-05 }',
      '',
    ].join('\n');
    expect(
      problemLines(loadTexts({ 'people.yaml': people, 's.yaml': doc('Schedule', 'twice', spec) })),
    ).toEqual(['s.yaml:8:15: duplicate layer name "primary"']);
  });

  it('needs at least one layer', () => {
    expect(problemLines(loadTexts({ 's.yaml': doc('Schedule', 'empty', '  layers: []\n') }))).toEqual([
      's.yaml:6:11: needs at least 1 item(s)',
    ]);
  });
});

describe('EscalationPolicy', () => {
  const schedule = doc('Schedule', 'primary', layer('      turn: 1w\n      start: 2026-01-05\n'));

  it('defaults: ackTimeout 5m, repeat 0; targets keep their kind', () => {
    const spec = [
      '  levels:',
      '    - targets: [{ schedule: primary }]',
      '    - ackTimeout: 90s',
      '      targets: [{ person: ana }, { team: payments }]',
      '',
    ].join('\n');
    const policy = doc('EscalationPolicy', 'payments', spec);
    const result = loadTexts({ 'people.yaml': people, 'o.yaml': `${schedule}---\n${policy}` });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.escalationPolicies[0]).toMatchObject({
      name: 'payments',
      repeat: 0,
      levels: [
        { ackTimeoutMs: 300_000, targets: [{ kind: 'schedule', name: 'primary' }] },
        {
          ackTimeoutMs: 90_000,
          targets: [
            { kind: 'person', name: 'ana' },
            { kind: 'team', name: 'payments' },
          ],
        },
      ],
    });
  });

  it('reports short timeouts, ambiguous and unknown targets, and repeat out of range', () => {
    const spec = [
      '  repeat: 10',
      '  levels:',
      '    - ackTimeout: 5s',
      '      targets: [{ schedule: primry }, { person: ana, team: payments }, { team: paymnts }]',
      '    - { ackTimeout: 1m, targets: [] }',
      '',
    ].join('\n');
    const policy = doc('EscalationPolicy', 'bad', spec);
    expect(problemLines(loadTexts({ 'people.yaml': people, 'o.yaml': `${schedule}---\n${policy}` }))).toEqual(
      [
        'o.yaml:17:11: repeat must be between 0 and 9',
        'o.yaml:19:19: ackTimeout must be at least 10s',
        'o.yaml:20:29: unknown Schedule "primry" (did you mean "primary"?)',
        'o.yaml:20:54: only one of schedule, person, team may be set (found person, team)',
        'o.yaml:20:80: unknown Team "paymnts" (did you mean "payments"?)',
        'o.yaml:21:34: needs at least 1 item(s)',
      ],
    );
  });

  it('a malformed or zero ackTimeout gets one message, not one per rule', () => {
    const spec =
      '  levels:\n    - { ackTimeout: soon, targets: [{ person: ana }] }\n    - { ackTimeout: 0s, targets: [{ person: ana }] }\n';
    expect(
      problemLines(loadTexts({ 'people.yaml': people, 'o.yaml': doc('EscalationPolicy', 'odd', spec) })),
    ).toEqual([
      'o.yaml:7:21: expected a duration like 30s, 5m, 1h or 30d',
      'o.yaml:8:21: duration must be greater than zero',
    ]);
  });

  it('accepts exactly 10s, seconds being the smallest useful unit', () => {
    const policy = doc(
      'EscalationPolicy',
      'quick',
      '  levels: [{ ackTimeout: 10s, targets: [{ person: ana }] }]\n',
    );
    const result = loadTexts({ 'people.yaml': people, 'o.yaml': policy });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.escalationPolicies[0]?.levels[0]?.ackTimeoutMs).toBe(10_000);
  });
});

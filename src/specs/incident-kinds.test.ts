import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';
import { defaultIncidentPolicy, incidentPolicyOf } from './model/incidents.ts';

const doc = (kind: string, name: string, spec: string) =>
  `apiVersion: nines.dev/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

const MINUTE = 60_000;

describe('IncidentPolicy', () => {
  it('applies the seed-003 defaults to every field left out', () => {
    const result = loadTexts({
      'i.yaml': 'apiVersion: nines.dev/v1\nkind: IncidentPolicy\nmetadata: { name: default }\n',
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.incidentPolicies).toEqual([
      { ...defaultIncidentPolicy(), source: { file: 'i.yaml', line: 3, col: 19 } },
    ]);
  });

  it('defaults an omitted sub-object, but a given updateCadence replaces the whole map', () => {
    const spec = [
      '  autoDeclare: {}',
      '  updateCadence:',
      '    SEV1: { remindAfter: 10m, dueAfter: 20m }',
      '  postmortem: { requiredFor: { severities: [SEV1] } }',
      '',
    ].join('\n');
    const [policy] = loadTexts({ 'i.yaml': doc('IncidentPolicy', 'ops', spec) }).model.incidentPolicies;
    expect(policy?.autoDeclare).toEqual({});
    expect(policy?.publishAutoDeclared).toBe('manually');
    expect(policy?.updateCadence).toEqual({ SEV1: { remindAfterMs: 10 * MINUTE, dueAfterMs: 20 * MINUTE } });
    expect(policy?.postmortem).toEqual({
      severities: ['SEV1'],
      sloBreach: true,
      budgetConsumedPercent: 30,
      dataLoss: true,
    });
    expect(policy?.actionItemTargetMs).toBe(30 * 86_400_000);
  });

  it('reads a full document into the model exactly', () => {
    const spec = [
      '  autoDeclare: { P0: SEV1, P1: SEV2, P2: SEV3 }',
      '  publishAutoDeclared: immediately',
      '  updateCadence:',
      '    SEV1: { remindAfter: 15m, dueAfter: 30m }',
      '    SEV2: { remindAfter: 30m, dueAfter: 60m }',
      '    SEV4: { remindAfter: 2d, dueAfter: 2d }',
      '  postmortem:',
      '    requiredFor:',
      '      severities: [SEV1, SEV2, SEV3]',
      '      sloBreach: false',
      '      budgetConsumedPercent: null',
      '      dataLoss: true',
      '  actionItemTarget: 2w',
      '',
    ].join('\n');
    const result = loadTexts({ 'incidents.yaml': doc('IncidentPolicy', 'house-rules', spec) });
    expect(problemLines(result)).toEqual([]);
    expect(incidentPolicyOf(result.model)).toEqual({
      name: 'house-rules',
      autoDeclare: { P0: 'SEV1', P1: 'SEV2', P2: 'SEV3' },
      publishAutoDeclared: 'immediately',
      updateCadence: {
        SEV1: { remindAfterMs: 15 * MINUTE, dueAfterMs: 30 * MINUTE },
        SEV2: { remindAfterMs: 30 * MINUTE, dueAfterMs: 60 * MINUTE },
        // 2d = 2 * 24 * 60 min = 2880 min; equal bounds are allowed.
        SEV4: { remindAfterMs: 2880 * MINUTE, dueAfterMs: 2880 * MINUTE },
      },
      postmortem: {
        severities: ['SEV1', 'SEV2', 'SEV3'],
        sloBreach: false,
        budgetConsumedPercent: null,
        dataLoss: true,
      },
      // 2w = 14 days = 14 * 86_400_000 ms.
      actionItemTargetMs: 1_209_600_000,
      origin: 'nines',
      source: { file: 'incidents.yaml', line: 4, col: 9 },
    });
  });

  it('reports a cadence due before its reminder, unknown severities and bad criteria at the field', () => {
    const spec = [
      '  autoDeclare: { P0: SEV0, P9: SEV1 }',
      '  updateCadence:',
      '    SEV1: { remindAfter: 30m, dueAfter: 15m }',
      '    SEV5: { remindAfter: 1h, dueAfter: 2h }',
      '    SEV2: { remindAfter: 30m }',
      '  postmortem:',
      '    requiredFor: { severities: [SEV1, SEV1], budgetConsumedPercent: 130 }',
      '  actionItemTarget: soon',
      '',
    ].join('\n');
    expect(problemLines(loadTexts({ 'i.yaml': doc('IncidentPolicy', 'bad', spec) }))).toEqual([
      'i.yaml:6:22: must be one of "SEV1", "SEV2", "SEV3", "SEV4", got "SEV0"',
      'i.yaml:6:28: key "P9": expected a page severity: P0, P1, P2, P3 or P4',
      'i.yaml:8:41: dueAfter must be at least remindAfter',
      'i.yaml:9:5: key "SEV5": expected an incident severity: SEV1, SEV2, SEV3 or SEV4',
      'i.yaml:10:5: missing required field "dueAfter"',
      'i.yaml:12:39: SEV1 is listed twice',
      'i.yaml:12:69: must be <= 100',
      'i.yaml:13:21: expected a duration like 30s, 5m, 1h or 30d',
    ]);
  });

  it('refuses unknown fields, at every level', () => {
    const spec =
      '  autoDeclar: { P0: SEV1 }\n  postmortem: { requiredFor: { sloBreach: true, outage: true } }\n';
    expect(problemLines(loadTexts({ 'i.yaml': doc('IncidentPolicy', 'typo', spec) }))).toEqual([
      'i.yaml:6:3: unknown field "autoDeclar"',
      'i.yaml:7:49: unknown field "outage"',
    ]);
  });
});

const statusPage = (name: string, components: string) =>
  doc('StatusPage', name, `  title: Acme Status\n  components:\n${components}`);

describe('StatusPage', () => {
  it('reads the title and components in order, optional fields only when given', () => {
    const components = [
      '    - name: checkout',
      '      displayName: Checkout',
      '      description: Paying for orders',
      '      group: Shopping',
      '      services: [checkout]',
      '    - { name: status, displayName: Everything else, services: [checkout] }',
      '',
    ].join('\n');
    const text = statusPage('public', components).replace(
      '  components:',
      "  description: Live status of Acme's services\n  components:",
    );
    const result = loadTexts({ 'status.yaml': text });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.statusPages).toEqual([
      {
        name: 'public',
        title: 'Acme Status',
        description: "Live status of Acme's services",
        components: [
          {
            name: 'checkout',
            displayName: 'Checkout',
            description: 'Paying for orders',
            group: 'Shopping',
            services: ['checkout'],
          },
          { name: 'status', displayName: 'Everything else', services: ['checkout'] },
        ],
        degradeOn: 'page',
        origin: 'nines',
        source: { file: 'status.yaml', line: 4, col: 9 },
      },
    ]);
  });

  it('reports unknown services with a did-you-mean, duplicate components and missing fields', () => {
    const components = [
      '    - { name: checkout, displayName: Checkout, services: [chekout, payment] }',
      '    - { name: checkout, displayName: Checkout again, services: [checkout] }',
      '    - { name: Bad_Name, services: [] }',
      '',
    ].join('\n');
    expect(problemLines(loadTexts({ 's.yaml': statusPage('public', components) }))).toEqual([
      's.yaml:8:59: unknown Service "chekout" (did you mean "checkout"?)',
      's.yaml:8:68: unknown Service "payment"',
      's.yaml:9:15: duplicate component "checkout"',
      's.yaml:10:7: missing required field "displayName"',
      's.yaml:10:15: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
      's.yaml:10:35: needs at least 1 item(s)',
    ]);
  });

  it('checks services of a page that has other problems too', () => {
    const text = doc(
      'StatusPage',
      'public',
      '  components: [{ name: checkout, displayName: Checkout, services: [chekout] }]\n',
    );
    expect(problemLines(loadTexts({ 's.yaml': text }))).toEqual([
      's.yaml:5:1: missing required field "title"',
      's.yaml:6:68: unknown Service "chekout" (did you mean "checkout"?)',
    ]);
  });

  it('degrades on page alerts by default, on ticket alerts when asked, and refuses anything else', () => {
    const components = '    - { name: checkout, displayName: Checkout, services: [checkout] }\n';
    const withDegradeOn = (value: string) => `${statusPage('public', components)}  degradeOn: ${value}\n`;
    expect(loadTexts({ 's.yaml': statusPage('public', components) }).model.statusPages[0]?.degradeOn).toBe(
      'page',
    );
    expect(loadTexts({ 's.yaml': withDegradeOn('ticket') }).model.statusPages[0]?.degradeOn).toBe('ticket');
    expect(problemLines(loadTexts({ 's.yaml': withDegradeOn('always') }))).toEqual([
      's.yaml:9:14: must be one of "page", "ticket", got "always"',
    ]);
  });

  it('refuses unknown fields', () => {
    const components =
      '    - { name: checkout, displayName: Checkout, services: [checkout], hidden: true }\n';
    expect(problemLines(loadTexts({ 's.yaml': statusPage('public', components) }))).toEqual([
      's.yaml:8:70: unknown field "hidden"',
    ]);
  });
});

describe('one of each per installation', () => {
  const components = '    - { name: checkout, displayName: Checkout, services: [checkout] }\n';

  it('refuses a second StatusPage, whatever its name, and keeps the first', () => {
    const result = loadTexts({
      'a.yaml': statusPage('public', components),
      'b.yaml': statusPage('internal', components),
    });
    expect(problemLines(result)).toEqual([
      'b.yaml:4:9: only one StatusPage per installation: first defined at a.yaml:4:9',
    ]);
    expect(result.model.statusPages.map((page) => page.name)).toEqual(['public']);
  });

  it('refuses a second IncidentPolicy, also under the same name, once', () => {
    const policy = (name: string) => doc('IncidentPolicy', name, '  actionItemTarget: 14d\n');
    const result = loadTexts({
      'p.yaml': [policy('default'), policy('default'), policy('other')].join('---\n'),
    });
    expect(problemLines(result)).toEqual([
      'p.yaml:11:9: only one IncidentPolicy per installation: first defined at p.yaml:4:9',
      'p.yaml:18:9: only one IncidentPolicy per installation: first defined at p.yaml:4:9',
    ]);
  });
});

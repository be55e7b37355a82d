import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';

const doc = (kind: string, name: string, spec: string) =>
  `apiVersion: nines.dev/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('nines.dev/v1 defaults', () => {
  it('Team: members empty, spec optional', () => {
    const result = loadTexts({
      'team.yaml': 'apiVersion: nines.dev/v1\nkind: Team\nmetadata:\n  name: growth\n',
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.teams[1]).toMatchObject({ name: 'growth', members: [], origin: 'nines' });
  });

  it('Service: tier 3, production, no dependencies, links or tags', () => {
    const service = loadTexts({}).model.services[0];
    expect(service).toMatchObject({
      owner: 'payments',
      tier: 3,
      lifecycle: 'production',
      dependsOn: [],
      links: [],
      tags: [],
    });
  });

  it('DataSource: timeout 10s, step 1m, no headers', () => {
    expect(loadTexts({}).model.dataSources[0]).toMatchObject({
      kind: 'prometheus',
      timeoutMs: 10_000,
      stepMs: 60_000,
      headers: {},
    });
  });

  it('Probe: interval 30s, timeout 10s, no retries; http GET expecting any 2xx', () => {
    const result = loadTexts({
      'probe.yaml': doc('Probe', 'home', '  http: { url: "https://example.com/" }\n'),
    });
    const probe = result.model.probes[0];
    expect(probe).toMatchObject({ intervalMs: 30_000, timeoutMs: 10_000, retries: 0 });
    expect(probe?.check).toMatchObject({
      kind: 'http',
      method: 'GET',
      headers: {},
      insecureSkipVerify: false,
    });
    const statuses = probe?.check.kind === 'http' ? probe.check.expectStatus : [];
    expect(statuses).toHaveLength(100);
    expect([statuses[0], statuses[99]]).toEqual([200, 299]);
  });

  it('Probe: a single expected status becomes a list; dns asks for A records on port 53', () => {
    const result = loadTexts({
      'probes.yaml': [
        doc(
          'Probe',
          'one',
          '  http: { url: "https://example.com/", expectStatus: 204, maxResponseTime: 1500ms }\n',
        ),
        doc('Probe', 'resolve', '  dns: { name: example.com, server: "[::1]" }\n'),
      ].join('---\n'),
    });
    expect(result.model.probes[0]?.check).toMatchObject({ expectStatus: [204], maxResponseMs: 1500 });
    expect(result.model.probes[1]?.check).toEqual({
      kind: 'dns',
      name: 'example.com',
      recordType: 'A',
      server: '[::1]:53',
    });
  });

  it('ErrorBudgetPolicy: thresholds 50/25/10, deploys allow, allow, warn, block, block', () => {
    const result = loadTexts({
      'policy.yaml': 'apiVersion: nines.dev/v1\nkind: ErrorBudgetPolicy\nmetadata: { name: default }\n',
    });
    expect(result.model.policies[0]).toMatchObject({
      thresholds: { caution: 50, warning: 25, critical: 10 },
      actions: {
        healthy: { deploy: 'allow' },
        caution: { deploy: 'allow' },
        warning: { deploy: 'warn' },
        critical: { deploy: 'block' },
        exhausted: { deploy: 'block' },
      },
    });
  });

  it('SLO: 30d rolling, occurrences, source "default", workbook alerting, no exclusions', () => {
    const spec =
      '  service: checkout\n  objective: 99.5\n  indicator:\n    prometheus:\n      errorQuery: "e[{{.window}}]"\n      totalQuery: "t[{{ .window }}]"\n';
    const result = loadTexts({ 'slo.yaml': doc('SLO', 'checkout-availability', spec) });
    expect(problemLines(result)).toEqual([]);
    const slo = result.model.slos[0];
    expect(slo).toMatchObject({
      window: { kind: 'rolling', durationMs: 30 * 86_400_000 },
      budgeting: { method: 'occurrences' },
      indicator: { kind: 'prometheus', source: 'default', groupBy: [] },
      exclusions: [],
      labels: {},
    });
    expect(slo?.policy).toBeUndefined();
    expect(slo?.alerting).toEqual({
      name: 'ErrorBudgetBurn',
      labels: {},
      annotations: {},
      minEvents: 0,
      noDataAfterMs: 600_000,
      page: {
        enabled: true,
        conditions: [
          { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
          { longWindowMs: 21_600_000, shortWindowMs: 1_800_000, burnRate: 6 },
        ],
      },
      ticket: {
        enabled: true,
        conditions: [
          { longWindowMs: 86_400_000, shortWindowMs: 7_200_000, burnRate: 3 },
          { longWindowMs: 259_200_000, shortWindowMs: 21_600_000, burnRate: 1 },
        ],
      },
      catastrophic: {
        enabled: true,
        conditions: [{ longWindowMs: 300_000, shortWindowMs: 60_000, burnRate: 30 }],
        minEvents: 100,
        minErrorRatio: 0.2,
      },
    });
  });

  it('SLO: the catastrophic tier scales its default burn rate to the window and takes overrides', () => {
    const spec = (alerting: string) =>
      `  service: checkout\n  objective: 99.9\n  window: 7d\n  indicator: { events: {} }\n${alerting}`;
    const scaled = loadTexts({ 'slo.yaml': doc('SLO', 'weekly', spec('')) }).model.slos[0];
    // 30 x 7d / 30d = 7: the same 0.35 % of a week's budget over 5 minutes.
    expect(scaled?.alerting.catastrophic.conditions).toEqual([
      { longWindowMs: 300_000, shortWindowMs: 60_000, burnRate: 7 },
    ]);
    const custom = spec(
      '  alerting:\n    catastrophic: { enabled: false, longWindow: 30m, shortWindow: 5m, burnRate: 50, minEvents: 10, minErrorRatio: 0.9 }\n',
    );
    expect(
      loadTexts({ 'slo.yaml': doc('SLO', 'custom', custom) }).model.slos[0]?.alerting.catastrophic,
    ).toEqual({
      enabled: false,
      conditions: [{ longWindowMs: 1_800_000, shortWindowMs: 300_000, burnRate: 50 }],
      minEvents: 10,
      minErrorRatio: 0.9,
    });
  });

  it('SLO: a catastrophic tier with windows the wrong way round or too long is refused, naming the field', () => {
    const spec = (catastrophic: string) =>
      `  service: checkout\n  objective: 99.9\n  indicator: { events: {} }\n  alerting:\n    catastrophic: ${catastrophic}\n`;
    const lines = (catastrophic: string) =>
      problemLines(loadTexts({ 'slo.yaml': doc('SLO', 'bad', spec(catastrophic)) })).join('\n');
    expect(lines('{ shortWindow: 5m }')).toMatch(/shortWindow must be shorter than longWindow/);
    expect(lines('{ longWindow: 6h }')).toMatch(/must be one of 1m, 5m, 30m, 1h/);
    expect(lines('{ minErrorRatio: 50 }')).toMatch(/minErrorRatio is a share of events, at most 1/);
  });

  it('SLO: calendar windows default to UTC, recurring exclusions too', () => {
    const spec = [
      '  service: checkout',
      '  objective: 99',
      '  window: { calendar: week }',
      '  indicator: { events: }',
      '  exclusions:',
      '    - { rrule: "FREQ=DAILY", start: "2026-01-04T02:00:00", duration: 30m }',
      '',
    ].join('\n');
    const slo = loadTexts({ 'slo.yaml': doc('SLO', 'weekly', spec) }).model.slos[0];
    expect(slo?.window).toEqual({ kind: 'calendar', unit: 'week', timeZone: 'UTC' });
    expect(slo?.indicator).toEqual({ kind: 'events' });
    expect(slo?.exclusions).toEqual([
      {
        kind: 'recurring',
        rrule: 'FREQ=DAILY',
        startMs: Date.UTC(2026, 0, 4, 2),
        durationMs: 1_800_000,
        timeZone: 'UTC',
      },
    ]);
  });

  it('SLO: a timeslice target is stored as a ratio and explicit burn rates are kept as written', () => {
    const spec = [
      '  service: checkout',
      '  objective: 99',
      '  window: 7d',
      '  budgeting: { timeslices: { slice: 1h, target: 99.5 } }',
      '  indicator: { events: {} }',
      '  alerting:',
      '    page: { conditions: [{ longWindow: 6h, shortWindow: 30m, burnRate: 6 }] }',
      '',
    ].join('\n');
    const slo = loadTexts({ 'slo.yaml': doc('SLO', 'sliced', spec) }).model.slos[0];
    expect(slo?.budgeting).toEqual({ method: 'timeslices', sliceMs: 3_600_000, sliceTarget: 0.995 });
    expect(slo?.alerting.page.conditions).toEqual([
      { longWindowMs: 21_600_000, shortWindowMs: 1_800_000, burnRate: 6 },
    ]);
  });
});

describe('nines.dev/v1 problems', () => {
  it('a missing spec names each required field inside it', () => {
    const result = loadTexts({
      'slo.yaml': 'apiVersion: nines.dev/v1\nkind: SLO\nmetadata:\n  name: bare\n',
    });
    expect(problemLines(result)).toEqual([
      'slo.yaml:1:1: missing required field "indicator"',
      'slo.yaml:1:1: missing required field "objective"',
      'slo.yaml:1:1: missing required field "service"',
    ]);
  });

  it('a document that fails validation still claims its name for references', () => {
    const broken = doc('Service', 'cart', '  owner: payments\n  tier: 9\n');
    const slo = doc('SLO', 'cart-ok', '  service: cart\n  objective: 99\n  indicator: { events: {} }\n');
    expect(problemLines(loadTexts({ 'cart.yaml': `${broken}---\n${slo}` }))).toEqual([
      'cart.yaml:7:9: tier must be 1, 2, 3 or 4',
    ]);
  });

  it('a document that fails validation still has its references checked', () => {
    const spec = '  service: chekout\n  objective: 120\n  indicator: { probe: nope }\n  policy: lax\n';
    expect(problemLines(loadTexts({ 'slo.yaml': doc('SLO', 'broken', spec) }))).toEqual([
      'slo.yaml:6:12: unknown Service "chekout" (did you mean "checkout"?)',
      'slo.yaml:7:14: objective is a percent below 100 (e.g. 99.9)',
      'slo.yaml:8:23: unknown Probe "nope"',
      'slo.yaml:9:11: unknown ErrorBudgetPolicy "lax"',
    ]);
  });

  it('a reference field that fails its own check gets only that problem', () => {
    const spec = [
      '  service: 42',
      '  objective: 120',
      '  indicator: { prometheus: { source: thanos, totalQuery: "t[{{.window}}]" } }',
      '  policy: Lax',
      '',
    ].join('\n');
    expect(problemLines(loadTexts({ 'slo.yaml': doc('SLO', 'broken', spec) }))).toEqual([
      'slo.yaml:6:12: expected a string, got number 42',
      'slo.yaml:7:14: objective is a percent below 100 (e.g. 99.9)',
      'slo.yaml:8:16: needs exactly one of: errorQuery, goodQuery',
      'slo.yaml:8:38: unknown DataSource "thanos": prometheus indicators read from a DataSource of that name defined in the config directory',
      'slo.yaml:9:11: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  it('a broken Service or Probe still has its references checked, but not its cycles', () => {
    const service = doc(
      'Service',
      'cart',
      '  owner: core\n  tier: 9\n  dependsOn: [pricing, 7, checkout, cart]\n',
    );
    const probe = doc(
      'Probe',
      'cart-home',
      '  service: carts\n  retries: -1\n  http: { url: "https://x/" }\n',
    );
    expect(problemLines(loadTexts({ 's.yaml': `${service}---\n${probe}` }))).toEqual([
      's.yaml:6:10: unknown Team "core"',
      's.yaml:7:9: tier must be 1, 2, 3 or 4',
      's.yaml:8:15: unknown Service "pricing"',
      's.yaml:8:24: expected a string, got number 7',
      's.yaml:15:12: unknown Service "carts" (did you mean "cart"?)',
      's.yaml:16:12: must be >= 0',
    ]);
  });

  it('an indicator needs exactly one source, pointed at the indicator key', () => {
    const result = loadTexts({
      'slo.yaml': doc('SLO', 'empty', '  service: checkout\n  objective: 99\n  indicator: {}\n'),
    });
    expect(problemLines(result)).toEqual(['slo.yaml:8:3: needs exactly one of: prometheus, probe, events']);
  });

  it('objectives are percents strictly between 0 and 100; rolling windows 1d..366d', () => {
    const spec = '  service: checkout\n  objective: 100\n  window: 12h\n  indicator: { events: {} }\n';
    expect(problemLines(loadTexts({ 'slo.yaml': doc('SLO', 'perfect', spec) }))).toEqual([
      'slo.yaml:7:14: objective is a percent below 100 (e.g. 99.9)',
      'slo.yaml:8:11: a rolling window must be between 1d and 366d',
    ]);
  });

  it('header values are text or {env: NAME}; secrets must name a variable', () => {
    const spec =
      '  type: prometheus\n  url: ftp://prom\n  headers: { X-Key: { file: /x } }\n  bearerToken: { env: "1BAD" }\n';
    expect(problemLines(loadTexts({ 'ds.yaml': doc('DataSource', 'other', spec) }))).toEqual([
      'ds.yaml:7:8: expected an http:// or https:// URL',
      'ds.yaml:8:14: missing required field "env"',
      'ds.yaml:8:23: unknown field "file"',
      'ds.yaml:9:23: expected an environment variable name such as PROM_TOKEN',
    ]);
  });

  it('policy thresholds stay within 0..100', () => {
    const spec = '  thresholds: { caution: 150 }\n';
    expect(problemLines(loadTexts({ 'p.yaml': doc('ErrorBudgetPolicy', 'wide', spec) }))).toEqual([
      'p.yaml:6:26: must be within 0..100',
    ]);
  });

  it('minCertDays needs https', () => {
    const spec = '  http: { url: "http://example.com/", minCertDays: 7 }\n';
    expect(problemLines(loadTexts({ 'p.yaml': doc('Probe', 'plain', spec) }))).toEqual([
      'p.yaml:6:52: minCertDays needs an https:// url',
    ]);
  });

  it('a self-dependency is a cycle', () => {
    const spec = '  owner: payments\n  dependsOn: [loop]\n';
    expect(problemLines(loadTexts({ 's.yaml': doc('Service', 'loop', spec) }))).toEqual([
      's.yaml:7:15: dependency cycle: loop -> loop',
    ]);
  });
});

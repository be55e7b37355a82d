import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigDir } from './load-config-dir.ts';
import { formatProblem } from './problems.ts';

const valid = 'src/specs/fixtures/valid';
const invalid = 'src/specs/fixtures/invalid';

describe('loadConfigDir on the valid fixtures', () => {
  it('reads all four formats and every nines kind without a problem', async () => {
    const { model, problems } = await loadConfigDir(valid);
    expect(problems.map(formatProblem)).toEqual([]);
    const names = Object.fromEntries(
      Object.entries(model).map(([kind, list]) => [kind, list.map((item: { name: string }) => item.name)]),
    );
    expect(names).toEqual({
      teams: ['stock-team', 'payments', 'platform'],
      services: ['inventory', 'pricing', 'orders', 'checkout', 'payments-api'],
      dataSources: ['default', 'cluster-prometheus'],
      probes: ['checkout-home', 'checkout-health', 'payments-db', 'shop-dns'],
      policies: ['default', 'strict'],
      slos: [
        'orders-availability',
        'orders-latency-monthly',
        'search-availability',
        'checkout-availability',
        'checkout-latency',
        'checkout-uptime',
        'payments-settlement',
        'inventory-reads-availability',
        'inventory-writes-availability',
      ],
      persons: ['ana', 'bo', 'chen'],
      schedules: ['payments-primary', 'payments-secondary', 'payments-follow-the-sun'],
      escalationPolicies: ['payments-oncall'],
      alertRoutes: ['payments-critical', 'checkout-warnings'],
      silences: ['payments-db-migration'],
      integrations: ['stripe-monitor'],
      incidentPolicies: ['default'],
      statusPages: ['public'],
      freezeWindows: ['year-end', 'payments-friday-evenings'],
      rolloutPlans: ['checkout-progressive', 'any-service-blue-green'],
    });
  });

  it('reads the on-call setup: rotations, restricted layers, a two-level policy, routes and a silence', async () => {
    const { model } = await loadConfigDir(valid);
    const followTheSun = model.schedules.find((schedule) => schedule.name === 'payments-follow-the-sun');
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
    expect(
      followTheSun?.layers.map(({ name, timeZone, restrictions }) => ({ name, timeZone, restrictions })),
    ).toEqual([
      {
        name: 'emea',
        timeZone: 'Europe/Berlin',
        restrictions: [{ days: weekdays, startMinute: 420, endMinute: 1140 }],
      },
      {
        name: 'americas',
        timeZone: 'America/New_York',
        restrictions: [{ days: weekdays, startMinute: 780, endMinute: 60 }],
      },
    ]);
    expect(model.escalationPolicies[0]).toMatchObject({
      repeat: 1,
      levels: [
        { ackTimeoutMs: 300_000, targets: [{ kind: 'schedule', name: 'payments-primary' }] },
        {
          ackTimeoutMs: 600_000,
          targets: [
            { kind: 'schedule', name: 'payments-secondary' },
            { kind: 'team', name: 'payments' },
          ],
        },
      ],
    });
    expect(model.teams.find((team) => team.name === 'payments')).toMatchObject({
      members: ['ana', 'bo', 'chen', 'finance-alerts@example.com'],
      escalationPolicy: 'payments-oncall',
    });
    expect(model.alertRoutes[1]?.matchers).toEqual([
      { label: 'service', op: '=', value: 'checkout' },
      { label: 'severity', op: '=', value: 'warning' },
    ]);
    // 22:00 and 02:00 at +01:00 are 21:00 and 01:00 UTC.
    expect(model.silences[0]).toMatchObject({
      startMs: Date.UTC(2026, 11, 5, 21),
      endMs: Date.UTC(2026, 11, 6, 1),
    });
  });

  it('records where each definition is, by the file name as given', async () => {
    const { model } = await loadConfigDir(valid);
    const checkout = model.services.find((service) => service.name === 'checkout');
    expect(checkout?.source).toEqual({ file: `${valid}/services/checkout.yaml`, line: 4, col: 9 });
    expect(model.slos.map((slo) => slo.origin)).toContain('sloth');
  });

  it('is deterministic and returns a frozen model', async () => {
    const first = await loadConfigDir(valid);
    const second = await loadConfigDir(valid);
    expect(second).toEqual(first);
    expect(Object.isFrozen(first.model.slos[0]?.alerting.page.conditions)).toBe(true);
  });
});

describe('loadConfigDir on the invalid fixtures', () => {
  it('reports every problem at once, each at its file:line:col', async () => {
    const { problems } = await loadConfigDir(invalid);
    const at = (file: string, rest: string) => `${invalid}/${file}:${rest}`;
    expect(problems.map(formatProblem)).toEqual([
      at('alert-route-matchers.yaml', '7:7: "==" is not an operator: write = (or =~ for a regex)'),
      at('alert-route-matchers.yaml', '8:7: invalid regular expression "(critical": Unterminated group'),
      at('alert-route-matchers.yaml', '9:25: must be one of "=", "!=", "=~", "!~", got "~"'),
      at('alert-route-matchers.yaml', '10:13: must be one of "P0", "P1", "P2", "P3", "P4", got "P5"'),
      at('backstage-mistakes.yaml', '6:11: tier must be "1", "2", "3" or "4", got "gold"'),
      at('backstage-mistakes.yaml', '10:10: unknown Team "search-team"'),
      at('backstage-mistakes.yaml', '12:7: unknown Service "search-index"'),
      at(
        'bad-name.yaml',
        '4:9: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
      ),
      at('broken-reference.yaml', '6:12: unknown Service "chekout" (did you mean "checkout"?)'),
      at('broken-reference.yaml', '9:12: unknown Probe "checkout-homepage"'),
      at('broken-reference.yaml', '10:11: unknown ErrorBudgetPolicy "relaxed"'),
      at('burn-window-too-long.yaml', '14:25: longWindow 3d is longer than the SLO window'),
      at(
        'burn-windows.yaml',
        '13:25: must be one of 5m, 30m, 1h, 2h, 6h, 1d, 3d (the windows the engine keeps)',
      ),
      at('burn-windows.yaml', '14:42: shortWindow must be shorter than longWindow'),
      at('calendar-window.yaml', '8:23: must be one of "week", "month", "quarter", got "year"'),
      at('dependency-cycle.yaml', '7:15: dependency cycle: basket -> pricing -> basket'),
      at('duplicate-key.yaml', '6:3: YAML: Map keys must be unique'),
      at('duplicate-name.yaml', `4:9: duplicate Team "payments": first defined at ${invalid}/base.yaml:5:9`),
      at('duplicate-name.yaml', `9:9: duplicate Person "ana": first defined at ${invalid}/base.yaml:32:9`),
      at('escalation-targets.yaml', '7:19: ackTimeout must be at least 10s'),
      at('escalation-targets.yaml', '8:29: unknown Schedule "primay" (did you mean "primary"?)'),
      at(
        'escalation-targets.yaml',
        '10:26: only one of schedule, person, team may be set (found person, team)',
      ),
      at('exclusions.yaml', '11:60: end must be after start'),
      at('exclusions.yaml', '12:32: invalid RRULE value BYDAY=SUN'),
      at('exclusions.yaml', '18:19: unknown time zone: expected an IANA name such as Europe/Paris or UTC'),
      at('freeze-windows.yaml', '6:11: unknown Team "nobody"'),
      at('freeze-windows.yaml', '7:11: must be one of "feature", "reliability", "security", got "features"'),
      at('freeze-windows.yaml', '8:12: a freeze needs at least one window'),
      at('freeze-windows.yaml', '17:37: retries must be 0 to 10'),
      at('freeze-windows.yaml', '26:5: calls.ledger: "ledger" is not in dependsOn; list it there first'),
      at(
        'group-by-probe.yaml',
        '10:5: unknown field "groupBy": groupBy is only for prometheus indicators (indicator.prometheus.groupBy)',
      ),
      at('integration-key.yaml', '5:1: a pagerduty integration needs routingKey'),
      at('integration-key.yaml', '14:15: expected a routing key of 32 lowercase letters and digits'),
      at(
        'integration-key.yaml',
        `22:15: routingKey is already used by Integration "shop-monitor" at ${invalid}/base.yaml:56:15`,
      ),
      at('integration-key.yaml', '23:12: unknown Service "serch" (did you mean "search"?)'),
      at(
        'missing-datasource.yaml',
        '10:15: unknown DataSource "thanos": prometheus indicators read from a DataSource of that name defined in the config directory',
      ),
      at('missing-field.yaml', '5:1: missing required field "objective"'),
      at(
        'not-a-mapping.yaml',
        '1:1: expected a mapping with apiVersion and kind (or a Sloth spec with version)',
      ),
      at('openslo-mistakes.yaml', '7:17: unknown SLI "orders-ratio": define it with kind: SLI (openslo/v1)'),
      at('openslo-mistakes.yaml', '26:17: calendar windows must be 1w, 1M or 1Q'),
      at('openslo-mistakes.yaml', '30:7: a thresholdMetric needs op and value on the objective'),
      at('openslo-mistakes.yaml', '38:17: unknown SLI "orders-ratio": define it with kind: SLI (openslo/v1)'),
      at('openslo-mistakes.yaml', '41:15: target is a ratio below 1 (e.g. 0.999)'),
      at(
        'openslo-mistakes.yaml',
        '44:7: unknown OpenSLO kind "Dashboard"; expected one of SLO, SLI, Service, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget, BudgetAdjustment',
      ),
      at('person-contact.yaml', '6:13: unknown time zone: expected an IANA name such as Europe/Paris or UTC'),
      at('person-contact.yaml', '9:7: only one of email, slack, webhook may be set (found email, slack)'),
      at('person-contact.yaml', '10:14: expected an e-mail address such as ana@example.com'),
      at('policy-thresholds.yaml', '8:14: warning (30) must be below caution (20)'),
      at('probe-timeout.yaml', '7:12: timeout (10s) must not exceed interval (5s)'),
      at('probe-two-checks.yaml', '7:3: only one of http, tcp, dns may be set (found http, tcp)'),
      at(
        'query-without-window.yaml',
        '10:19: query must contain {{.window}} (replaced by the range to read, e.g. 5m)',
      ),
      at(
        'query-without-window.yaml',
        '11:7: only one of errorQuery, goodQuery may be set (found errorQuery, goodQuery)',
      ),
      at('rollout-plans.yaml', '6:14: unknown Service "nowhere"'),
      at('rollout-plans.yaml', '9:17: weights must increase step by step: 5 after 5'),
      at('rollout-plans.yaml', '9:26: expected a string, got number 10'),
      at('rollout-plans.yaml', '10:17: the last step must send all traffic (weight 100)'),
      at('rollout-plans.yaml', '12:5: service is set by each rollout; leave it out of the plan'),
      at('rollout-plans.yaml', '16:20: expected an http:// or https:// URL'),
      at(
        'rollout-plans.yaml',
        '16:58: unknown placeholder {{wieght}} in body; expected one of {{service}}, {{version}}, {{environment}}, {{weight}}, {{step}}, {{deployId}}, {{rolloutId}}',
      ),
      at('rollout-plans.yaml', '18:7: only one of http, command may be set (found http, command)'),
      at(
        'rollout-plans.yaml',
        '20:26: must be a plain file name in NINES_ROLLOUT_COMMANDS_DIR (no "/", no "..")',
      ),
      at('rollout-plans.yaml', '20:52: retries must be 0 to 10'),
      at('rollout-plans.yaml', '21:22: must be one of "P0", "P1", "P2", "P3", "P4", "none", got "P5"'),
      at('schedule-layers.yaml', '9:27: unknown Person "zoe"'),
      at(
        'schedule-layers.yaml',
        '10:13: expected a turn length such as 12h, 1d, 1w or {every: 2, unit: weeks}',
      ),
      at(
        'schedule-layers.yaml',
        "11:14: start is wall time in the layer's timeZone: drop the Z or offset, e.g. 2026-01-05T09:00",
      ),
      at('schedule-layers.yaml', '13:52: expected a time such as 17:00 (00:00 to 24:00)'),
      at('silence-times.yaml', '6:13: needs at least 1 item(s)'),
      at('silence-times.yaml', '7:10: expected a date-time with Z or an offset, e.g. 2026-11-01T02:00:00Z'),
      at('silence-times.yaml', '17:8: end must be after start'),
      at(
        'sloth-missing-service.yml',
        '2:10: unknown Service "recommendations": a Sloth spec\'s service must be defined too: add a Service named "recommendations" (nines.dev/v1 Service, OpenSLO Service or Backstage Component)',
      ),
      at(
        'sloth-unsupported.yml',
        '7:7: sli.raw is not supported: Nines needs event counts to weight by traffic',
      ),
      at(
        'team-members.yaml',
        '7:13: unknown Person "anna" (did you mean "ana"?): members are Person names or e-mail addresses',
      ),
      at(
        'team-members.yaml',
        '8:21: unknown EscalationPolicy "payments-oncal" (did you mean "payments-oncall"?)',
      ),
      at(
        'timeslice-slice.yaml',
        '9:26: slice must be whole minutes from 1m to 1h that divide 1h (1m, 2m, 5m, 10m, 15m, 30m, 1h, ...)',
      ),
      at(
        'unknown-api-version.yaml',
        '1:13: unknown apiVersion "nines.dev/v2"; expected one of nines.dev/v1, openslo/v1, backstage.io/v1alpha1, backstage.io/v1beta1, sloth.slok.dev/v1',
      ),
      at('unknown-field.yaml', '7:3: unknown field "slack"'),
      at(
        'unknown-kind.yaml',
        '2:7: unknown kind "Dashboard" for nines.dev/v1; expected one of Team, Service, DataSource, Probe, ErrorBudgetPolicy, SLO, Person, Schedule, EscalationPolicy, AlertRoute, Silence, Integration, IncidentPolicy, StatusPage, FreezeWindow, RolloutPlan',
      ),
      at('wrong-type.yaml', '7:9: expected a whole number from 1 to 4'),
      at('wrong-type.yaml', '8:9: expected a list, got "web"'),
      at('wrong-type.yaml', '9:14: must be one of "experimental", "production", "deprecated", got "retired"'),
    ]);
  });

  it('keeps what it could read in a partial model', async () => {
    const { model } = await loadConfigDir(invalid);
    expect(model.teams.map((team) => team.name)).toEqual(['payments', 'search']);
    expect(model.services.map((service) => service.name)).toContain('checkout');
  });
});

describe('loadConfigDir on a directory with a broken file', () => {
  it('reports the syntax error and still reads the other files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nines-config-'));
    try {
      await mkdir(join(dir, 'teams'));
      await writeFile(
        join(dir, 'teams', 'broken.yml'),
        'apiVersion: nines.dev/v1\nkind: Team\nmetadata:\n  name: [unclosed\n',
      );
      await writeFile(
        join(dir, 'teams', 'ok.yaml'),
        'apiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: ok }\n',
      );
      await writeFile(join(dir, 'notes.txt'), 'not: [yaml');
      const { model, problems } = await loadConfigDir(dir);
      expect(problems.map(formatProblem)).toEqual([
        `${dir}/teams/broken.yml:5:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      ]);
      expect(model.teams.map((team) => team.name)).toEqual(['ok']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadConfigDir on a missing directory', () => {
  it('reports the directory instead of throwing', async () => {
    const { model, problems } = await loadConfigDir('src/specs/fixtures/does-not-exist');
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0] as never)).toMatch(
      /^src\/specs\/fixtures\/does-not-exist:1:1: cannot read directory: ENOENT/,
    );
    expect(model.slos).toEqual([]);
  });
});

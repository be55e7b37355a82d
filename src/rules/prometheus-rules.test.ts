import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Slo } from '../specs/index.ts';
import { modelWithSlos, prometheusSlo } from '../testing/prometheus.ts';
import { loadTexts, opensloRatioSlo, problemLines } from '../testing/specs-fixtures.ts';
import { prometheusRules } from './prometheus-rules.ts';
import { type AlertingRule, burnThreshold, type RecordingRule, type RuleGroup } from './slo-rule-group.ts';

function groupsOf(text: string): RuleGroup[] {
  return (parse(text) as { groups: RuleGroup[] }).groups;
}

function alerts(group: RuleGroup | undefined): AlertingRule[] {
  return (group?.rules ?? []).filter((rule): rule is AlertingRule => 'alert' in rule);
}

function recordings(group: RuleGroup | undefined): RecordingRule[] {
  return (group?.rules ?? []).filter((rule): rule is RecordingRule => 'record' in rule);
}

describe('burnThreshold', () => {
  it('is burn rate times error budget, without binary noise', () => {
    // 99.9 % leaves a 0.001 budget: 14.4 x 0.001 = 0.0144, 6 x 0.001 = 0.006, 3 x 0.001 = 0.003.
    expect(burnThreshold(14.4, 99.9)).toBe(0.0144);
    expect(burnThreshold(6, 99.9)).toBe(0.006);
    expect(burnThreshold(3, 99.9)).toBe(0.003);
    expect(burnThreshold(1, 99.9)).toBe(0.001);
    // A 7-day window scales 14.4 by 7/30 = 3.36; at 99 % that is 3.36 x 0.01 = 0.0336.
    expect(burnThreshold((14.4 * 7) / 30, 99)).toBe(0.0336);
  });
});

describe('prometheusRules', () => {
  const slo = prometheusSlo({
    alerting: {
      ...prometheusSlo().alerting,
      name: 'ApiErrors',
      labels: { category: 'availability', severity: 'info', slo: 'other' },
    },
  });

  it('records the error ratio for every window the conditions use, labelled with slo and service', () => {
    const [group] = groupsOf(prometheusRules(modelWithSlos([slo])));

    expect(group?.name).toBe('nines-slo-api-availability');
    // 1m for the catastrophic tier, and its 5m event count (its minEvents is 100).
    expect(recordings(group).map((rule) => rule.record)).toEqual([
      'slo:sli_error:ratio_rate1m',
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_total:increase5m',
    ]);
    expect(recordings(group)[1]).toEqual({
      record: 'slo:sli_error:ratio_rate5m',
      expr:
        '((sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))) or ((sum(rate(http_requests_total{job="api"}[5m]))) * 0))' +
        ' / (sum(rate(http_requests_total{job="api"}[5m])))',
      labels: { slo: 'api-availability', service: 'api' },
    });
  });

  it('pages and tickets under the SLO alert name, with both windows over burn rate x budget', () => {
    const text = prometheusRules(modelWithSlos([slo], { runbook: 'https://runbooks.test/api' }));
    const [page, ticket] = alerts(groupsOf(text)[0]);

    expect(page?.alert).toBe('ApiErrors');
    expect(page?.labels).toEqual({
      category: 'availability',
      slo: 'api-availability',
      service: 'api',
      severity: 'page',
    });
    expect(page?.annotations).toEqual({
      summary: 'api/api-availability is burning its error budget too fast (objective 99.9%)',
      runbook: 'https://runbooks.test/api',
    });
    expect(page?.expr).toBe(
      [
        '(',
        '  slo:sli_error:ratio_rate1h{slo="api-availability"} > (14.4 * 0.001)',
        '  and',
        '  slo:sli_error:ratio_rate5m{slo="api-availability"} > (14.4 * 0.001)',
        ')',
        'or',
        '(',
        '  slo:sli_error:ratio_rate6h{slo="api-availability"} > (6 * 0.001)',
        '  and',
        '  slo:sli_error:ratio_rate30m{slo="api-availability"} > (6 * 0.001)',
        ')',
      ].join('\n'),
    );
    expect(ticket?.labels.severity).toBe('ticket');
    expect(ticket?.expr).toContain('slo:sli_error:ratio_rate1d{slo="api-availability"} > (3 * 0.001)');
    expect(ticket?.expr).toContain('slo:sli_error:ratio_rate2h{slo="api-availability"} > (3 * 0.001)');
    expect(ticket?.expr).toContain('slo:sli_error:ratio_rate3d{slo="api-availability"} > (1 * 0.001)');
    expect(ticket?.expr).toContain('slo:sli_error:ratio_rate6h{slo="api-availability"} > (1 * 0.001)');
  });

  it('pages a near-total outage from the catastrophic tier, labelled as such, with its own guards', () => {
    const fast = alerts(groupsOf(prometheusRules(modelWithSlos([slo])))[0]).find(
      (rule) => rule.labels.tier === 'catastrophic',
    );

    // 30 x 0.001 = 0.03 over 5m and 1m, at least 20 % of the last minute failing, 100 events in 5m.
    expect(fast?.expr).toBe(
      [
        '(',
        '  slo:sli_error:ratio_rate5m{slo="api-availability"} > (30 * 0.001)',
        '  and',
        '  slo:sli_error:ratio_rate1m{slo="api-availability"} > (30 * 0.001)',
        '  and',
        '  slo:sli_error:ratio_rate1m{slo="api-availability"} >= 0.2',
        '  and',
        '  slo:sli_total:increase5m{slo="api-availability"} >= 100',
        ')',
      ].join('\n'),
    );
    expect(fast?.alert).toBe('ApiErrors');
    expect(fast?.labels).toEqual({
      category: 'availability',
      slo: 'api-availability',
      service: 'api',
      severity: 'page',
      tier: 'catastrophic',
    });
    expect(fast?.annotations.reason).toMatch(/^catastrophic tier: /);
  });

  it('uses the SLO own, already scaled, burn rates', () => {
    const weekly = prometheusSlo({
      objective: 99,
      alerting: {
        ...slo.alerting,
        page: {
          enabled: true,
          conditions: [{ longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: (14.4 * 7) / 30 }],
        },
        ticket: { enabled: false, conditions: [] },
        catastrophic: { ...slo.alerting.catastrophic, enabled: false },
      },
    });

    const [page, ...others] = alerts(groupsOf(prometheusRules(modelWithSlos([weekly])))[0]);

    expect(others).toEqual([]);
    expect(page?.expr).toContain('slo:sli_error:ratio_rate1h{slo="api-availability"} > (3.36 * 0.01)');
    expect(recordings(groupsOf(prometheusRules(modelWithSlos([weekly])))[0]).map((r) => r.record)).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate1h',
    ]);
  });

  it('turns a goodQuery into one minus the good ratio, counting no good series as none good', () => {
    const good = prometheusSlo({
      indicator: {
        kind: 'prometheus',
        source: 'prod',
        goodQuery: 'good[{{.window}}]',
        totalQuery: 'total[{{.window}}]',
        groupBy: [],
      },
    });

    const first = recordings(groupsOf(prometheusRules(modelWithSlos([good])))[0]).find(
      (rule) => rule.record === 'slo:sli_error:ratio_rate5m',
    );

    expect(first?.expr).toBe('1 - (((good[5m]) or ((total[5m]) * 0)) / (total[5m]))');
  });

  it('keeps a groupBy label the queries carry instead of overwriting it', () => {
    const grouped = prometheusSlo({
      indicator: {
        kind: 'prometheus',
        source: 'prod',
        errorQuery: 'sum by (service, region) (rate(errors[{{.window}}]))',
        totalQuery: 'sum by (service, region) (rate(requests[{{.window}}]))',
        groupBy: ['service', 'region'],
      },
    });

    const [group] = groupsOf(prometheusRules(modelWithSlos([grouped])));

    expect(recordings(group)[0]?.labels).toEqual({ slo: 'api-availability' });
    expect(alerts(group)[0]?.labels).toEqual({ slo: 'api-availability', severity: 'page' });
    expect(alerts(group)[0]?.annotations.summary).toBe(
      'api/api-availability is burning its error budget too fast (objective 99.9%)' +
        ' for service={{ $labels.service }}, region={{ $labels.region }}',
    );
  });

  it('holds alerts back until the long window has minEvents events', () => {
    const guarded = prometheusSlo({ alerting: { ...slo.alerting, minEvents: 100 } });

    const [group] = groupsOf(prometheusRules(modelWithSlos([guarded])));

    expect(recordings(group).find((rule) => rule.record === 'slo:sli_total:increase1h')?.expr).toBe(
      '(sum(rate(http_requests_total{job="api"}[1h]))) * 3600',
    );
    expect(alerts(group)[0]?.expr).toContain(
      '  and\n  slo:sli_total:increase1h{slo="api-availability"} >= 100\n)',
    );
  });

  it('skips SLOs without a Prometheus indicator and says so', () => {
    const probed: Slo = prometheusSlo({ name: 'home-up', indicator: { kind: 'probe', probe: 'home' } });

    const text = prometheusRules(modelWithSlos([probed, slo]));

    expect(groupsOf(text).map((group) => group.name)).toEqual(['nines-slo-api-availability']);
    expect(text).toContain('# Not exported (not Prometheus-sourced): api/home-up');
  });

  it('writes an empty rule file for a model without Prometheus SLOs', () => {
    expect(groupsOf(prometheusRules(modelWithSlos([])))).toEqual([]);
  });
});

describe('rules exported from OpenSLO files', () => {
  const openslo = (ratioMetric: string) => opensloRatioSlo(ratioMetric);
  const metric = (role: string, query: string) =>
    `        ${role}: { metricSource: { type: Prometheus, spec: { query: ${JSON.stringify(query)} } } }`;

  function ratioExprs(ratioMetric: string): Map<string, string> {
    const result = loadTexts({ 'o.yaml': openslo(ratioMetric) });
    expect(problemLines(result)).toEqual([]);
    const { model } = result;
    const group = groupsOf(prometheusRules(model))[0];
    const ratios = recordings(group).filter((rule) => rule.record.startsWith('slo:sli_error:'));
    return new Map(ratios.map((rule) => [rule.record, rule.expr]));
  }

  it('every burn window exports its own range, not the same [5m] expression seven times', () => {
    const exprs = ratioExprs(
      [
        metric('bad', 'sum(rate(http_requests_total{code=~"5.."}[5m]))'),
        metric('total', 'sum(rate(http_requests_total[5m]))'),
      ].join('\n'),
    );
    expect(exprs.get('slo:sli_error:ratio_rate5m')).toBe(
      '((sum(rate(http_requests_total{code=~"5.."}[5m]))) or ((sum(rate(http_requests_total[5m]))) * 0)) / (sum(rate(http_requests_total[5m])))',
    );
    expect(exprs.get('slo:sli_error:ratio_rate6h')).toBe(
      '((sum(rate(http_requests_total{code=~"5.."}[6h]))) or ((sum(rate(http_requests_total[6h]))) * 0)) / (sum(rate(http_requests_total[6h])))',
    );
    expect(exprs.size).toBe(8);
    expect(new Set(exprs.values()).size).toBe(8);
  });

  it('a counter (counter: true) exports increases per window, not the lifetime ratio of its totals', () => {
    const exprs = ratioExprs(
      [
        '        counter: true',
        metric('good', 'sum(http_requests{component="web",code=~"2xx|4xx"})'),
        metric('total', 'sum(http_requests{component="web"})'),
      ].join('\n'),
    );
    expect(exprs.get('slo:sli_error:ratio_rate1h')).toBe(
      '1 - (((sum(rate(http_requests{component="web",code=~"2xx|4xx"}[1h]))) or ((sum(rate(http_requests{component="web"}[1h]))) * 0)) / (sum(rate(http_requests{component="web"}[1h]))))',
    );
  });
});

describe('rules exported from Sloth files', () => {
  it('keep page_alert / ticket_alert labels and annotations (routing_key, slack_channel), severity stays the tier', () => {
    // Sloth's getting-started example.
    const result = loadTexts({
      's.yaml': `version: "prometheus/v1"
service: checkout
slos:
  - name: requests-availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count[{{.window}}]))
    alerting:
      name: MyServiceHighErrorRate
      labels: { category: "availability" }
      page_alert:
        labels: { severity: pageteam, routing_key: myteam }
        annotations: { dashboard: "https://dash/checkout" }
      ticket_alert:
        labels: { severity: "slack", slack_channel: "#alerts-myteam" }
`,
    });
    expect(problemLines(result)).toEqual([]);
    const [page, ticket] = alerts(groupsOf(prometheusRules(result.model))[0]);
    expect(page?.labels).toEqual({
      category: 'availability',
      routing_key: 'myteam',
      slo: 'checkout-requests-availability',
      service: 'checkout',
      severity: 'page',
    });
    expect(page?.annotations.dashboard).toBe('https://dash/checkout');
    expect(ticket?.labels).toMatchObject({ slack_channel: '#alerts-myteam', severity: 'ticket' });
    expect(ticket?.annotations.dashboard).toBeUndefined();
  });
});

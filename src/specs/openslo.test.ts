import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';

const slo = (body: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: orders-slo
spec:
  service: checkout
${body}`;

const ratioIndicator = `  indicator:
    metadata: { name: ratio }
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource: { type: Prometheus, spec: { query: "sum(rate(errors_total[5m]))" } }
        total:
          metricSource: { type: Prometheus, spec: { query: "sum(rate(requests_total[5m]))" } }
`;

describe('OpenSLO v1', () => {
  it('maps target 0.999 to objective 99.9 and a rolling 28d window', () => {
    const result = loadTexts({
      'o.yaml': slo(`${ratioIndicator}  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`),
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.slos[0]).toMatchObject({
      name: 'orders-slo',
      service: 'checkout',
      objective: 99.9,
      window: { kind: 'rolling', durationMs: 28 * 86_400_000 },
      budgeting: { method: 'occurrences' },
      indicator: {
        kind: 'prometheus',
        source: 'default',
        errorQuery: 'sum(rate(errors_total[{{.window}}]))',
        totalQuery: 'sum(rate(requests_total[{{.window}}]))',
        groupBy: [],
      },
      origin: 'openslo',
    });
  });

  it('maps Timeslices and calendar months, with the objective as a percent', () => {
    const result = loadTexts({
      'o.yaml': slo(`${ratioIndicator}  timeWindow:
    - duration: 1M
      calendar: { startTime: "2026-01-01 00:00:00", timeZone: Europe/Paris }
  budgetingMethod: Timeslices
  objectives: [{ targetPercent: 99.5, timeSliceTarget: 0.95, timeSliceWindow: 2m }]
`),
    });
    expect(problemLines(result)).toEqual([]);
    const mapped = result.model.slos[0];
    expect(mapped?.objective).toBe(99.5);
    expect(mapped?.window).toEqual({ kind: 'calendar', unit: 'month', timeZone: 'Europe/Paris' });
    expect(mapped?.budgeting).toEqual({ method: 'timeslices', sliceMs: 120_000, sliceTarget: 0.95 });
  });

  it('maps 1w and 1Q calendars, and RatioTimeslices with a slice given in minutes', () => {
    const week = loadTexts({
      'o.yaml': slo(`${ratioIndicator}  timeWindow: [{ duration: 1Q, calendar: {} }]
  budgetingMethod: RatioTimeslices
  objectives: [{ target: 0.99, timeSliceTarget: 0.9, timeSliceWindow: 10 }]
`),
    }).model.slos[0];
    expect(week?.window).toEqual({ kind: 'calendar', unit: 'quarter', timeZone: 'UTC' });
    expect(week?.budgeting).toEqual({ method: 'timeslices', sliceMs: 600_000, sliceTarget: 0.9 });
  });

  it('maps a thresholdMetric to sum((Q) <op> bool V) over count(Q), each averaged over the window', () => {
    const result = loadTexts({
      'o.yaml': slo(`  indicator:
    spec:
      thresholdMetric:
        metricSource: { metricSourceRef: default, spec: { query: "latency_p95" } }
  budgetingMethod: Occurrences
  objectives: [{ op: lt, value: 0.3, target: 0.99 }]
`),
    });
    expect(result.model.slos[0]?.indicator).toEqual({
      kind: 'prometheus',
      source: 'default',
      goodQuery: 'avg_over_time((sum((latency_p95) < bool 0.3))[{{.window}}:])',
      totalQuery: 'avg_over_time((count(latency_p95))[{{.window}}:])',
      groupBy: [],
    });
  });

  it('resolves indicatorRef to an SLI in another file, and DataSource/Service kinds', () => {
    const result = loadTexts({
      'a.yaml': slo(`  indicatorRef: good-ratio
  budgetingMethod: Occurrences
  objectives: [{ target: 0.995 }]
`),
      'b.yaml': `apiVersion: openslo/v1
kind: SLI
metadata: { name: good-ratio }
spec:
  ratioMetric:
    counter: true
    good: { metricSource: { metricSourceRef: thanos, spec: { query: good } } }
    total: { metricSource: { metricSourceRef: thanos, spec: { query: total } } }
---
apiVersion: openslo/v1
kind: DataSource
metadata: { name: thanos }
spec: { type: Prometheus, connectionDetails: { url: "http://thanos:9090" } }
---
apiVersion: openslo/v1
kind: Service
metadata:
  name: search
  displayName: Search
  annotations: { nines.dev/owner: payments }
spec: { description: Finds things }
`,
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.slos[0]?.indicator).toMatchObject({
      source: 'thanos',
      goodQuery: 'sum(rate(good[{{.window}}]))',
      totalQuery: 'sum(rate(total[{{.window}}]))',
    });
    const byName = (name: string) => result.model.dataSources.find((source) => source.name === name);
    expect(byName('thanos')).toMatchObject({
      name: 'thanos',
      url: 'http://thanos:9090',
      timeoutMs: 10_000,
      stepMs: 60_000,
      origin: 'openslo',
    });
    expect(result.model.services.find((service) => service.name === 'search')).toMatchObject({
      name: 'search',
      displayName: 'Search',
      owner: 'payments',
      tier: 3,
      description: 'Finds things',
    });
  });

  it('leaves owner undefined when neither label nor annotation names one', () => {
    const result = loadTexts({
      's.yaml': 'apiVersion: openslo/v1\nkind: Service\nmetadata: { name: lonely }\n',
    });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.services[1]?.owner).toBeUndefined();
  });

  it('ignores valid kinds Nines does not use, and reports unsupported metrics', () => {
    const result = loadTexts({
      'o.yaml': `apiVersion: openslo/v1
kind: AlertCondition
metadata: { name: fast-burn }
spec: { severity: page, condition: { kind: burnrate, threshold: 2, lookbackWindow: 1h, alertAfter: 5m } }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: precomputed }
spec:
  ratioMetric:
    rawType: success
    raw: { metricSource: { type: Prometheus, spec: { query: ratio } } }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: datadog }
spec:
  thresholdMetric:
    metricSource: { type: Datadog, spec: { query: "avg:latency{*}" } }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: mixed }
spec:
  ratioMetric:
    good: { metricSource: { metricSourceRef: a, spec: { query: good } } }
    total: { metricSource: { metricSourceRef: b, spec: { query: total } } }
`,
    });
    expect(problemLines(result)).toEqual([
      'o.yaml:12:5: raw ratio metrics are not supported: Nines needs event counts to weight by traffic',
      'o.yaml:19:27: metric source type "Datadog" is not supported: only Prometheus',
      'o.yaml:27:47: all queries of an indicator must read one DataSource ("a" above)',
    ]);
  });

  it('checks the references of an SLO or Service that fails validation', () => {
    const result = loadTexts({
      'o.yaml': `apiVersion: openslo/v1
kind: SLO
metadata: { name: orders }
spec:
  service: chekout
  indicatorRef: ratio
  budgetingMethod: Occurrences
  objectives: [{ target: 99 }]
---
apiVersion: openslo/v1
kind: Service
metadata: { name: orders, labels: { owner: [paymnts] }, annotations: { tier: 1 } }
`,
    });
    expect(problemLines(result)).toEqual([
      'o.yaml:5:12: unknown Service "chekout" (did you mean "checkout"?)',
      'o.yaml:6:17: unknown SLI "ratio": define it with kind: SLI (openslo/v1)',
      'o.yaml:8:26: target is a ratio below 1 (e.g. 0.999)',
      'o.yaml:12:45: unknown Team "paymnts" (did you mean "payments"?)',
      'o.yaml:12:78: expected a string, got number 1',
    ]);
  });

  it('a Service with an invalid owner still claims its name; so does an SLO whose SLI is broken', () => {
    const result = loadTexts({
      'o.yaml': `apiVersion: openslo/v1
kind: Service
metadata: { name: search, labels: { owner: Search Team } }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: search-slo }
spec:
  service: search
  indicatorRef: mixed
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: mixed }
spec:
  ratioMetric:
    good: { metricSource: { metricSourceRef: a, spec: { query: good } } }
    total: { metricSource: { metricSourceRef: b, spec: { query: total } } }
`,
    });
    expect(problemLines(result)).toEqual([
      'o.yaml:3:44: owner "Search Team" is not a valid Team name',
      'o.yaml:20:47: all queries of an indicator must read one DataSource ("a" above)',
    ]);
  });

  it('reports more than one objective, and a timeWindow list that is not exactly one item', () => {
    const result = loadTexts({
      'o.yaml': slo(`${ratioIndicator}  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }, { target: 0.999 }]
`),
      'p.yaml': slo(`${ratioIndicator}  timeWindow: []
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
`).replace('orders-slo', 'other-slo'),
    });
    expect(problemLines(result)).toEqual([
      'o.yaml:17:34: Nines reads one objective per SLO: move the others into SLOs of their own',
      'p.yaml:16:15: timeWindow is a list of exactly one window',
    ]);
  });
});

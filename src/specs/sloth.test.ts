import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';

const spec = `version: "prometheus/v1"
service: checkout
labels: { team: payments, tier: "1" }
slos:
  - name: requests-availability
    objective: 99.9
    description: Requests succeed
    labels: { tier: "0", category: availability }
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: CheckoutHighErrorRate
      labels: { category: availability }
      annotations: { runbook: "https://runbooks/checkout" }
      page_alert: { labels: { severity: critical } }
      ticket_alert: { disable: true }
`;

describe('Sloth prometheus/v1', () => {
  it('names SLOs <service>-<slo>, keeps objective, queries, labels and alert settings', () => {
    const result = loadTexts({ 'sloth.yaml': spec });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.slos[0]).toMatchObject({
      name: 'checkout-requests-availability',
      service: 'checkout',
      description: 'Requests succeed',
      objective: 99.9,
      window: { kind: 'rolling', durationMs: 30 * 86_400_000 },
      budgeting: { method: 'occurrences' },
      indicator: {
        kind: 'prometheus',
        source: 'default',
        errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
        groupBy: [],
      },
      labels: { team: 'payments', tier: '0', category: 'availability' },
      origin: 'sloth',
    });
    expect(result.model.slos[0]?.alerting).toMatchObject({
      name: 'CheckoutHighErrorRate',
      labels: { category: 'availability' },
      annotations: { runbook: 'https://runbooks/checkout' },
      page: { enabled: true },
      ticket: { enabled: false },
    });
    expect(result.model.slos[0]?.alerting.page.conditions.map((c) => c.burnRate)).toEqual([14.4, 6]);
  });

  it('reads the camelCase spellings and the Kubernetes PrometheusServiceLevel form', () => {
    const crd = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: checkout }
spec:
  service: checkout
  slos:
    - name: writes
      objective: 99
      sli: { events: { errorQuery: "e[{{.window}}]", totalQuery: "t[{{.window}}]" } }
      alerting: { name: Writes, pageAlert: { disable: true } }
`;
    const result = loadTexts({ 'crd.yaml': crd });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.slos[0]).toMatchObject({
      name: 'checkout-writes',
      indicator: { errorQuery: 'e[{{.window}}]' },
    });
    expect(result.model.slos[0]?.alerting.page.enabled).toBe(false);
    expect(result.model.slos[0]?.alerting.catastrophic.enabled).toBe(false);
  });

  it('says raw and plugin SLIs are not supported, and still reads the other SLOs', () => {
    const text = `version: "prometheus/v1"
service: checkout
slos:
  - name: raw
    objective: 99
    sli: { raw: { error_ratio_query: "ratio" } }
  - name: plugin
    objective: 99
    sli: { plugin: { id: sloth-common/availability } }
  - name: ok
    objective: 99
    sli: { events: { error_query: "e[{{.window}}]", total_query: "t[{{.window}}]" } }
`;
    const result = loadTexts({ 's.yaml': text });
    expect(problemLines(result)).toEqual([
      's.yaml:6:12: sli.raw is not supported: Nines needs event counts to weight by traffic',
      's.yaml:9:12: sli.plugin is not supported: Nines needs event counts to weight by traffic',
    ]);
    expect(result.model.slos.map((slo) => slo.name)).toEqual(['checkout-ok']);
  });

  it('needs the service and the "default" DataSource to be defined', () => {
    const result = loadTexts({ 's.yaml': spec }, false);
    expect(problemLines(result)).toEqual([
      's.yaml:2:10: unknown Service "checkout": a Sloth spec\'s service must be defined too: add a Service named "checkout" (nines.dev/v1 Service, OpenSLO Service or Backstage Component)',
      's.yaml:10:7: unknown DataSource "default": Sloth SLOs read from the DataSource named "default": define one',
    ]);
  });

  it('checks the service even when the body or every SLO is invalid', () => {
    const file = 'version: "prometheus/v1"\nservice: chekout\nlabels: { team: [7] }\nslos: []\n';
    const events = 'sli: { events: { error_query: "e[{{.window}}]", total_query: "t[{{.window}}]" } }';
    const crd = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata: { name: search }
spec:
  service: search
  slos:
    - { name: Bad, objective: 99, ${events} }
    - { name: worse, objective: 100, ${events} }
`;
    const hint = (name: string) =>
      `a Sloth spec's service must be defined too: add a Service named "${name}" (nines.dev/v1 Service, OpenSLO Service or Backstage Component)`;
    expect(problemLines(loadTexts({ 's.yaml': file, 'k.yaml': crd }))).toEqual([
      `k.yaml:5:12: unknown Service "search": ${hint('search')}`,
      'k.yaml:7:15: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
      'k.yaml:8:33: objective is a percent below 100 (e.g. 99.9)',
      `s.yaml:2:10: unknown Service "chekout" (did you mean "checkout"?): ${hint('chekout')}`,
      's.yaml:3:17: expected a label value: a string (numbers and true/false are read as text)',
      's.yaml:4:7: needs at least 1 item(s)',
    ]);
  });

  it('requires {{.window}} in Sloth queries and an objective below 100', () => {
    const text = `version: "prometheus/v1"
service: checkout
slos:
  - name: bad
    objective: 100
    sli: { events: { error_query: "e[5m]", total_query: "t[{{.window}}]" } }
`;
    expect(problemLines(loadTexts({ 's.yaml': text }))).toEqual([
      's.yaml:5:16: objective is a percent below 100 (e.g. 99.9)',
      's.yaml:6:35: Sloth queries must contain {{.window}}',
    ]);
  });
});

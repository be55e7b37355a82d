import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines, warningLines } from '../testing/specs-fixtures.ts';

const events = 'sli: { events: { error_query: "e[{{.window}}]", total_query: "t[{{.window}}]" } }';

describe('Sloth files as Sloth reads them', () => {
  it('label values written as YAML numbers or booleans are read as strings, as Sloth renders them', () => {
    const text = `version: "prometheus/v1"
service: checkout
labels: { tier: 2, generated: true }
slos:
  - name: requests
    objective: 99.9
    labels: { priority: 1.5 }
    ${events}
    alerting:
      name: CheckoutErrors
      labels: { escalate: false }
      annotations: { level: 3 }
`;
    const result = loadTexts({ 's.yaml': text });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.slos[0]?.labels).toEqual({ tier: '2', generated: 'true', priority: '1.5' });
    expect(result.model.slos[0]?.alerting.labels).toEqual({ escalate: 'false' });
    expect(result.model.slos[0]?.alerting.annotations).toMatchObject({ level: '3' });
  });

  it('reports every problem of a file, not only the first: a broken top level still has its SLOs checked', () => {
    const text = `version: "prometheus/v1"
service: checkout
labels: { owners: [a, b] }
slos:
  - { name: requests, objective: 0.999, ${events} }
  - { name: Latency, objective: 99, ${events} }
`;
    expect(problemLines(loadTexts({ 's.yaml': text }))).toEqual([
      's.yaml:3:19: expected a label value: a string (numbers and true/false are read as text)',
      's.yaml:5:34: objective is a percent: 0.999 means 0.999 %, below the 50 % floor; did you mean 99.9?',
      's.yaml:6:13: must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  it('a derived SLO name longer than 63 characters is accepted, shortened, with a warning naming it', () => {
    const text = `version: "prometheus/v1"
service: checkout
slos:
  - name: requests-availability-contrib-plugin-rule-intervals-v1-long
    objective: 99.9
    ${events}
`;
    const result = loadTexts({ 's.yaml': text });
    expect(problemLines(result)).toEqual([]);
    const name = result.model.slos[0]?.name ?? '';
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^checkout-requests-availability-contrib-plugin-rule-i[a-z0-9-]*-[0-9a-f]{6}$/);
    expect(warningLines(result)).toEqual([
      `s.yaml:4:11: SLO name "checkout-requests-availability-contrib-plugin-rule-intervals-v1-long" (service-name) is longer than 63 characters: Nines names it "${name}"`,
    ]);
  });

  it('SLO plugins are not run: each plugin chain gets a warning instead of vanishing silently', () => {
    const text = `version: "prometheus/v1"
service: checkout
slo_plugins:
  chain:
    - { id: "sloth.dev/core/debug/v1", config: { msg: "Plugin 99" } }
slos:
  - name: requests
    objective: 99.9
    plugins:
      chain:
        - { id: "sloth.dev/contrib/rule_intervals/v1", config: { interval: { default: 5m } } }
    ${events}
`;
    const result = loadTexts({ 's.yaml': text });
    expect(problemLines(result)).toEqual([]);
    expect(result.model.slos.map((slo) => slo.name)).toEqual(['checkout-requests']);
    expect(warningLines(result)).toEqual([
      's.yaml:3:1: Sloth SLO plugins are not run by Nines (sloth.dev/core/debug/v1): their changes to the generated rules are not applied',
      's.yaml:9:5: Sloth SLO plugins are not run by Nines (sloth.dev/contrib/rule_intervals/v1): their changes to the generated rules are not applied',
    ]);
  });
});

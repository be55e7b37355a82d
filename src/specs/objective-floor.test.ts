import { describe, expect, it } from 'vitest';
import { loadTexts, problemLines } from '../testing/specs-fixtures.ts';

const events = 'events: { error_query: "e[{{.window}}]", total_query: "t[{{.window}}]" }';

const nines = (objective: string) => `apiVersion: nines.dev/v1
kind: SLO
metadata: { name: checkout-availability }
spec:
  service: checkout
  objective: ${objective}
  indicator: { events: {} }
`;

const openslo = (objective: string) => `apiVersion: openslo/v1
kind: SLO
metadata: { name: orders-slo }
spec:
  service: checkout
  indicator:
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: "sum(rate(errors_total[5m]))" } } }
        total: { metricSource: { type: Prometheus, spec: { query: "sum(rate(requests_total[5m]))" } } }
  budgetingMethod: Occurrences
  objectives: [{ ${objective} }]
`;

const sloth = (objective: string) => `version: "prometheus/v1"
service: checkout
slos:
  - name: requests
    objective: ${objective}
    sli: { ${events} }
`;

describe('objectives written as a ratio where a percent is expected', () => {
  it('objective 0.995 (the OpenSLO habit) in a Nines SLO is refused with "did you mean 99.5?"', () => {
    const result = loadTexts({ 'slo.yaml': nines('0.995') });
    expect(problemLines(result)).toEqual([
      'slo.yaml:6:14: objective is a percent: 0.995 means 0.995 %, below the 50 % floor; did you mean 99.5?',
    ]);
    expect(result.model.slos).toEqual([]);
  });

  it('a Sloth objective of 0.999 is refused with "did you mean 99.9?"', () => {
    expect(problemLines(loadTexts({ 's.yaml': sloth('0.999') }))).toEqual([
      's.yaml:5:16: objective is a percent: 0.999 means 0.999 %, below the 50 % floor; did you mean 99.9?',
    ]);
  });

  it('an OpenSLO targetPercent of 0.995 is refused, target 0.995 is read as 99.5 %', () => {
    expect(problemLines(loadTexts({ 'o.yaml': openslo('targetPercent: 0.995') }))).toEqual([
      'o.yaml:12:33: targetPercent is a percent: 0.995 means 0.995 %, below the 50 % floor; did you mean 99.5?',
    ]);
    const ratio = loadTexts({ 'o.yaml': openslo('target: 0.995') });
    expect(problemLines(ratio)).toEqual([]);
    expect(ratio.model.slos[0]?.objective).toBe(99.5);
  });

  it('objectives from 1 to below 50 are refused without a guess; 50 itself is accepted', () => {
    expect(problemLines(loadTexts({ 'slo.yaml': nines('20') }))).toEqual([
      'slo.yaml:6:14: objective is a percent: 20 % is below the 50 % floor (e.g. 99.9)',
    ]);
    const floor = loadTexts({ 'slo.yaml': nines('50') });
    expect(problemLines(floor)).toEqual([]);
    expect(floor.model.slos[0]?.objective).toBe(50);
  });
});

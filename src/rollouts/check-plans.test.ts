import { describe, expect, it } from 'vitest';
import { formatProblem, loadConfigFiles } from '../specs/index.ts';
import { rolloutPlanProblems } from './check-plans.ts';
import { analysesJudge } from './judgement.ts';

const catalog = `apiVersion: nines.dev/v1
kind: Service
metadata: { name: payment }
spec: { owner: payments, tier: 1 }
---
apiVersion: nines.dev/v1
kind: Team
metadata: { name: payments }
spec: {}
---
apiVersion: nines.dev/v1
kind: DataSource
metadata: { name: default }
spec: { type: prometheus, url: "http://127.0.0.1:9" }
---
`;

function problemsOf(analysis: string) {
  const plan = `apiVersion: nines.dev/v1
kind: RolloutPlan
metadata: { name: progressive }
spec:
  steps: [{ weight: 10, bake: 1m }, { weight: 100 }]
  analysis: ${analysis}
  actions:
    setWeight: { command: [set-weight, "{{weight}}"] }
    rollback: { command: [set-weight, "0"] }
`;
  const loaded = loadConfigFiles([{ file: 'plans.yaml', text: catalog + plan }]);
  expect(loaded.problems.map(formatProblem)).toEqual([]);
  return rolloutPlanProblems(loaded.model, analysesJudge).map(formatProblem);
}

describe('rolloutPlanProblems', () => {
  it('accepts an analysis the analyses module can run for every step', () => {
    expect(
      problemsOf(
        '{ source: default, metrics: [{ name: errors, query: "sum(rate(e{track=\\"{{variant}}\\"}[1m]))" }] }',
      ),
    ).toEqual([]);
  });

  it('points at the plan’s analysis for a data source that does not exist, naming the service', () => {
    const problems = problemsOf(
      '{ source: nowhere, metrics: [{ name: errors, query: "sum(rate(e[1m]))" }] }',
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(
      /^plans\.yaml:21:13: analysis\.source: no data source "nowhere".*\(for payment, 10% step\)$/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfigFiles } from './load-config.ts';
import { formatProblem } from './problems.ts';

const service = `apiVersion: nines.dev/v1
kind: Service
metadata: { name: payment }
spec: { owner: payments, tier: 1 }
---
apiVersion: nines.dev/v1
kind: Team
metadata: { name: payments }
spec: {}
---
`;

function load(plan: string) {
  const result = loadConfigFiles([{ file: 'plans.yaml', text: service + plan }]);
  return { plans: result.model.rolloutPlans, problems: result.problems.map(formatProblem) };
}

const minimal = `apiVersion: nines.dev/v1
kind: RolloutPlan
metadata: { name: progressive }
spec:
  services: [payment]
  steps: [{ weight: 10 }, { weight: 100, bake: 90s }]
  analysis: { source: pushed, metrics: [{ name: errors, direction: increase }] }
  actions:
    setWeight: { http: { url: "http://127.0.0.1:9/weight/{{service}}", body: '{"w": {{weight}}}' } }
    rollback: { command: [rollback.sh, "{{service}}"], timeout: 1m, retries: 0 }
`;

describe('RolloutPlan', () => {
  it('reads a plan with its defaults: POST, 10s, 3 retries, bake by tier, page P3', () => {
    const { plans, problems } = load(minimal);
    expect(problems).toEqual([]);
    expect(plans).toEqual([
      {
        name: 'progressive',
        services: ['payment'],
        steps: [
          { weight: 10, bakeMs: null },
          { weight: 100, bakeMs: 90_000 },
        ],
        analysis: { source: 'pushed', metrics: [{ name: 'errors', direction: 'increase' }] },
        actions: {
          setWeight: {
            kind: 'http',
            url: 'http://127.0.0.1:9/weight/{{service}}',
            method: 'POST',
            headers: {},
            body: '{"w": {{weight}}}',
            timeoutMs: 10_000,
            retries: 3,
          },
          rollback: {
            kind: 'command',
            command: ['rollback.sh', '{{service}}'],
            timeoutMs: 60_000,
            retries: 0,
          },
        },
        onFailure: { page: 'P3' },
        origin: 'nines',
        source: { file: 'plans.yaml', line: 13, col: 19 },
        analysisSource: { file: 'plans.yaml', line: 17, col: 13 },
      },
    ]);
  });

  it('refuses an action with neither http nor command, a missing rollback and an absolute command', () => {
    const plan = minimal
      .replace(/ {4}setWeight: .*\n/, '    setWeight: { timeout: 5s }\n')
      .replace(/ {4}rollback: .*\n/, '    promote: { command: [/bin/sh, -c, "curl evil"] }\n');
    expect(load(plan).problems).toEqual([
      'plans.yaml:18:3: missing required field "rollback"',
      'plans.yaml:19:5: needs exactly one of: http, command',
      'plans.yaml:20:26: must be a plain file name in NINES_ROLLOUT_COMMANDS_DIR (no "/", no "..")',
    ]);
  });

  it('refuses an empty plan and weights that do not reach 100', () => {
    expect(load(minimal.replace('[{ weight: 10 }, { weight: 100, bake: 90s }]', '[]')).problems).toEqual([
      'plans.yaml:16:10: a plan needs at least one step',
    ]);
    expect(load(minimal.replace('weight: 100, bake: 90s', 'weight: 60')).problems).toEqual([
      'plans.yaml:16:37: the last step must send all traffic (weight 100)',
    ]);
  });
});

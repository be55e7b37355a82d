import { describe, expect, it } from 'vitest';
import { type RolloutFigures, type StepFigures, stepState } from './rollout-steps.ts';

const step = (n: number, weight: number, more: Partial<StepFigures> = {}): StepFigures => ({
  step: n,
  weight,
  weightSetAt: null,
  bakeStartedAt: null,
  outcome: null,
  ...more,
});

describe('rollout step states', () => {
  const steps = [
    step(1, 1, { weightSetAt: 't', bakeStartedAt: 't', outcome: 'pass' }),
    step(2, 5, { weightSetAt: 't', bakeStartedAt: 't' }),
    step(3, 25),
  ];

  it('reads a running rollout: passed, baking, waiting', () => {
    const rollout: RolloutFigures = { status: 'running', phase: 'bake', step: 2, steps };
    expect(steps.map((s) => stepState(rollout, s))).toEqual(['passed', 'baking', 'waiting']);
    const acting: RolloutFigures = { status: 'running', phase: 'act', step: 3, steps };
    expect(stepState(acting, step(3, 25))).toBe('setting weight');
    const backing: RolloutFigures = { status: 'running', phase: 'rollback', step: 2, steps };
    expect(stepState(backing, steps[1] as StepFigures)).toBe('rolling back');
  });

  it('reads a rolled-back rollout: the failed step, and the ones never reached', () => {
    const failed = [steps[0] as StepFigures, step(2, 5, { outcome: 'fail' }), step(3, 25)];
    const rollout: RolloutFigures = { status: 'rolled_back', phase: 'done', step: 2, steps: failed };
    expect(failed.map((s) => stepState(rollout, s))).toEqual(['passed', 'failed', 'not reached']);
  });
});

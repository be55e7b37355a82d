import { describe, expect, it } from 'vitest';
import { describeRollout } from './rollout.ts';

describe('describeRollout', () => {
  it('says where the rollout is, each step, the action in flight and why it failed', () => {
    expect(
      describeRollout({
        id: 4,
        deployId: 12,
        service: 'payment',
        plan: 'progressive',
        status: 'running',
        phase: 'rollback',
        step: 2,
        weight: 25,
        failure: 'step 2 (25%) judged fail: errors is higher',
        steps: [
          { step: 1, weight: 5, analysisId: 7, outcome: 'pass' },
          { step: 2, weight: 25, analysisId: 8, outcome: 'fail' },
          { step: 3, weight: 100, analysisId: null, outcome: null },
        ],
        inFlight: { action: 'rollback', key: 'nines-rollout-4-2-rollback', attempt: 1 },
      }),
    ).toEqual([
      'rollout 4 of deploy 12 (payment, plan progressive): running, rollback at step 2 (25%)',
      '  step 1 5%: pass analysis 7',
      '  step 2 25%: fail analysis 8',
      '  step 3 100%: pending',
      '  in flight: rollback (attempt 1, key nines-rollout-4-2-rollback)',
      '  failure: step 2 (25%) judged fail: errors is higher',
    ]);
  });
});

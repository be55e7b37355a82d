import { describe, expect, it } from 'vitest';
import { deployDuration, deployEventSentence, deployState } from './deploy-text.ts';

describe('deploy history sentences', () => {
  it('reads the kinds the deploys module writes', () => {
    expect(
      deployEventSentence({
        kind: 'started',
        actor: 'ci',
        details: { version: 'v2.3.1', environment: 'production', strategy: 'canary' },
      }),
    ).toBe('Started by ci: v2.3.1 to production (canary).');
    expect(deployEventSentence({ kind: 'finished', actor: 'ana', details: { outcome: 'rolled_back' } })).toBe(
      'Finished by ana: rolled back.',
    );
  });

  it('reads the canary analysis kinds with their score and reason', () => {
    expect(deployEventSentence({ kind: 'analysis.started', actor: 'ci', details: { analysisId: 4 } })).toBe(
      'Canary analysis 4 started by ci.',
    );
    expect(
      deployEventSentence({
        kind: 'analysis.interval',
        actor: 'nines',
        details: { analysisId: 4, index: 2, verdict: 'marginal', score: 80 },
      }),
    ).toBe('Canary analysis 4, interval 2: marginal, score 80.');
    expect(
      deployEventSentence({
        kind: 'analysis.finished',
        actor: 'nines',
        details: { analysisId: 4, status: 'fail', score: 50, reason: 'errors is higher' },
      }),
    ).toBe('Canary analysis 4 finished: fail, score 50 (errors is higher).');
  });

  it('reads the rollout kinds: steps, actions, judgements, rollback and the end', () => {
    const say = (kind: string, details: Record<string, unknown>) =>
      deployEventSentence({ kind, actor: 'nines', details });
    expect(
      say('rollout.started', { rolloutId: 1, plan: 'order-progressive', change: 'feature', gate: 'allow' }),
    ).toBe('Rollout 1 of plan order-progressive started by nines for a feature change; the gate said allow.');
    expect(say('rollout.step', { step: 2, weight: 5 })).toBe('Rollout step 2: traffic to 5 %.');
    expect(say('rollout.action', { action: 'setWeight', step: 2, attempt: 1, result: 'succeeded' })).toBe(
      'Action setWeight at step 2 succeeded.',
    );
    expect(
      say('rollout.action', {
        action: 'setWeight',
        step: 2,
        attempt: 3,
        result: 'failed',
        error: 'HTTP 502',
        final: true,
      }),
    ).toBe('Action setWeight at step 2 (attempt 3) failed: HTTP 502 (no retry left).');
    expect(
      say('rollout.judged', {
        step: 3,
        weight: 25,
        analysisId: 7,
        status: 'fail',
        reason: 'errors is higher',
      }),
    ).toBe('Step 3 (25 %) judged fail by canary analysis 7: errors is higher.');
    expect(say('rollout.rollback', { step: 3, cause: 'judgement', reason: 'errors is higher' })).toBe(
      'Rolling back from step 3 (judgement failed): errors is higher.',
    );
    expect(say('rollout.aborted', { by: 'ana', step: 1, reason: 'wrong build' })).toBe(
      'Rollout aborted by ana at step 1: wrong build.',
    );
    expect(say('rollout.rolled_back', { reason: 'step 3 failed' })).toBe(
      'Rollout rolled back: step 3 failed.',
    );
  });

  it('reads a rollout kind it does not know by its words, with its step and weight, and keeps other facts', () => {
    expect(
      deployEventSentence({
        kind: 'rollout.step_started',
        actor: 'nines',
        details: { step: 2, weight: 5, plan: 'payment-canary' },
      }),
    ).toBe('Rollout step started at step 2 (5 % of traffic) by nines: plan: payment-canary.');
    expect(
      deployEventSentence({ kind: 'rollout.resumed', actor: 'nines', details: { step: 2, phase: 'bake' } }),
    ).toBe('Rollout resumed at step 2 by nines: phase: bake.');
  });

  it('reads an unknown kind generically with its simple facts', () => {
    expect(
      deployEventSentence({ kind: 'page_opened', actor: 'nines', details: { pageId: 9, nested: { a: 1 } } }),
    ).toBe('page opened by nines (pageId: 9).');
  });
});

describe('deploy figures', () => {
  it('gives the duration of an ended deploy and the running time of one still running', () => {
    // 12:00:00 → 12:42:30 is 2,550 s, which rounds to 43 min.
    expect(deployDuration('2026-03-02T12:00:00Z', '2026-03-02T12:42:30Z', 0)).toBe('43 min');
    // Still running at 14:05: 2 h 5 min.
    expect(deployDuration('2026-03-02T12:00:00Z', null, Date.parse('2026-03-02T14:05:00Z'))).toBe(
      'running for 2 h 5 min',
    );
    expect(deployState(null)).toBe('running');
    expect(deployState('failed')).toBe('failed');
  });
});

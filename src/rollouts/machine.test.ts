import { describe, expect, it } from 'vitest';
import { abortRefusal, transition } from './machine.ts';
import {
  ACTION_GRACE_MS,
  BAKE_POLL_MS,
  initialState,
  type MachinePlan,
  type RolloutEffect,
  type RolloutEvent,
  type RolloutState,
  retryDelayMs,
  withAnalysis,
} from './rollout-state.ts';

const plan: MachinePlan = {
  retries: { setWeight: 2, rollback: 1, promote: 0 },
  timeoutMs: { setWeight: 5_000, rollback: 5_000, promote: 5_000 },
  hasPromote: true,
  page: 'P2',
};

const T0 = 1_000_000;
const start = () =>
  initialState({
    id: 7,
    steps: [
      { weight: 10, bakeMs: 60_000 },
      { weight: 100, bakeMs: 120_000 },
    ],
    nowMs: T0,
  });

/** Runs events in order from `state`, keeping every effect. */
function run(state: RolloutState, events: RolloutEvent[], p: MachinePlan = plan) {
  const effects: RolloutEffect[] = [];
  let current = state;
  for (const event of events) {
    const next = transition(current, event, p);
    current = next.state;
    effects.push(...next.effects);
  }
  return { state: current, effects };
}

const timeline = (effects: RolloutEffect[]) =>
  effects.flatMap((effect) => (effect.kind === 'timeline' ? [effect.entry.kind] : []));
const sends = (effects: RolloutEffect[]) =>
  effects.flatMap((effect) =>
    effect.kind === 'send' ? [`${effect.action.action}@${effect.action.step + 1}`] : [],
  );
const ok = (key: string, nowMs: number): RolloutEvent => ({
  kind: 'action_succeeded',
  key,
  nowMs,
  detail: 'HTTP 200',
});
const failed = (key: string, nowMs: number): RolloutEvent => ({
  kind: 'action_failed',
  key,
  nowMs,
  error: 'HTTP 503',
});
const judged = (
  status: 'running' | 'pass' | 'fail' | 'marginal' | 'cancelled',
  nowMs: number,
): RolloutEvent => ({
  kind: 'judged',
  status,
  reason: status === 'pass' ? null : 'errors is higher',
  nowMs,
});

describe('a rollout that passes', () => {
  it('sets each weight once, bakes each step, promotes, then finishes the deploy succeeded', () => {
    const { state, effects } = run(start(), [
      { kind: 'due', nowMs: T0 },
      ok('nines-rollout-7-1-setWeight', T0 + 100),
      judged('running', T0 + 2_100),
      judged('pass', T0 + 60_100),
      { kind: 'due', nowMs: T0 + 60_100 },
      ok('nines-rollout-7-2-setWeight', T0 + 60_200),
      judged('pass', T0 + 180_200),
      { kind: 'due', nowMs: T0 + 180_200 },
      ok('nines-rollout-7-2-promote', T0 + 180_300),
    ]);
    expect(sends(effects)).toEqual(['setWeight@1', 'setWeight@2', 'promote@2']);
    expect(timeline(effects)).toEqual([
      'rollout.action',
      'rollout.judged',
      'rollout.step',
      'rollout.action',
      'rollout.judged',
      'rollout.action',
      'rollout.succeeded',
    ]);
    expect(effects.filter((e) => e.kind === 'start_judgement')).toEqual([
      { kind: 'start_judgement', step: 0, bakeMs: 60_000 },
      { kind: 'start_judgement', step: 1, bakeMs: 120_000 },
    ]);
    expect(effects.filter((e) => e.kind === 'finish_deploy')).toEqual([
      { kind: 'finish_deploy', outcome: 'succeeded' },
    ]);
    expect(effects.some((e) => e.kind === 'page')).toBe(false);
    expect(state).toMatchObject({
      status: 'succeeded',
      phase: 'done',
      dueMs: null,
      finishedMs: T0 + 180_300,
    });
    expect(state.steps.map((s) => [s.weightSetMs, s.outcome])).toEqual([
      [T0 + 100, 'pass'],
      [T0 + 60_200, 'pass'],
    ]);
  });

  it('records the intent before sending: the sent action is in flight and due again only after timeout + grace', () => {
    const { state, effects } = run(start(), [{ kind: 'due', nowMs: T0 }]);
    expect(state.inFlight).toEqual({
      action: 'setWeight',
      step: 0,
      key: 'nines-rollout-7-1-setWeight',
      attempt: 1,
      sentMs: T0,
      resent: false,
    });
    // 5 s timeout + 10 s grace.
    expect(state.dueMs).toBe(T0 + 5_000 + ACTION_GRACE_MS);
    expect(effects).toEqual([{ kind: 'send', action: state.inFlight }]);
    // A second `due` while in flight sends nothing more.
    expect(transition(state, { kind: 'due', nowMs: T0 + 20_000 }, plan).effects).toEqual([]);
  });

  it('bakes: polls the judgement every 2 s while it runs, and keeps the analysis id', () => {
    const baking = run(start(), [{ kind: 'due', nowMs: T0 }, ok('nines-rollout-7-1-setWeight', T0)]).state;
    const stored = withAnalysis(baking, 42);
    const polled = transition(stored, judged('running', T0 + 2_000), plan).state;
    expect(polled.dueMs).toBe(T0 + 2_000 + BAKE_POLL_MS);
    expect(polled.steps[0]).toMatchObject({ analysisId: 42, bakeStartedMs: T0, outcome: null });
  });

  it('without a promote action the last pass ends the deploy succeeded at once', () => {
    const { state, effects } = run(
      start(),
      [
        { kind: 'due', nowMs: T0 },
        ok('nines-rollout-7-1-setWeight', T0),
        judged('pass', T0 + 1),
        { kind: 'due', nowMs: T0 + 1 },
        ok('nines-rollout-7-2-setWeight', T0 + 2),
        judged('pass', T0 + 3),
      ],
      { ...plan, hasPromote: false },
    );
    expect(state.status).toBe('succeeded');
    expect(sends(effects)).toEqual(['setWeight@1', 'setWeight@2']);
  });
});

describe('a rollout that fails', () => {
  const baking = () =>
    run(start(), [{ kind: 'due', nowMs: T0 }, ok('nines-rollout-7-1-setWeight', T0)]).state;

  it.each(['fail', 'marginal', 'cancelled'] as const)(
    'a %s judgement rolls back, finishes the deploy rolled_back and pages P2',
    (status) => {
      const { state, effects } = run(withAnalysis(baking(), 3), [
        judged(status, T0 + 30_000),
        { kind: 'due', nowMs: T0 + 30_000 },
        ok('nines-rollout-7-1-rollback', T0 + 30_100),
      ]);
      expect(sends(effects)).toEqual(['rollback@1']);
      expect(timeline(effects)).toEqual([
        'rollout.judged',
        'rollout.rollback',
        'rollout.action',
        'rollout.rolled_back',
      ]);
      expect(effects.filter((e) => e.kind === 'finish_deploy')).toEqual([
        { kind: 'finish_deploy', outcome: 'rolled_back' },
      ]);
      expect(effects.filter((e) => e.kind === 'page')).toEqual([
        {
          kind: 'page',
          severity: 'P2',
          summary: `rollout 7 failed and was rolled back: step 1 (10%) judged ${status}: errors is higher`,
        },
      ]);
      expect(state).toMatchObject({ status: 'rolled_back', failure: { cause: 'judgement' } });
      expect(state.steps[0]).toMatchObject({ analysisId: 3, outcome: status });
    },
  );

  it('page none: rolled back without a page', () => {
    const { effects } = run(
      baking(),
      [judged('fail', T0 + 1), { kind: 'due', nowMs: T0 + 1 }, ok('nines-rollout-7-1-rollback', T0 + 2)],
      { ...plan, page: 'none' },
    );
    expect(effects.some((e) => e.kind === 'page')).toBe(false);
    expect(effects.filter((e) => e.kind === 'finish_deploy')).toEqual([
      { kind: 'finish_deploy', outcome: 'rolled_back' },
    ]);
  });

  it('retries a failed action after 1 s then 2 s (2 retries), then rolls back', () => {
    const key = 'nines-rollout-7-1-setWeight';
    const first = run(start(), [{ kind: 'due', nowMs: T0 }, failed(key, T0 + 10)]);
    expect(first.state.dueMs).toBe(T0 + 10 + 1_000);
    // Not due yet: nothing is sent before the backoff ends.
    expect(transition(first.state, { kind: 'due', nowMs: T0 + 500 }, plan).effects).toEqual([]);
    const second = run(first.state, [{ kind: 'due', nowMs: T0 + 1_010 }, failed(key, T0 + 1_020)]);
    expect(second.state.dueMs).toBe(T0 + 1_020 + 2_000);
    const third = run(second.state, [{ kind: 'due', nowMs: T0 + 3_020 }, failed(key, T0 + 3_030)]);
    expect(sends([...first.effects, ...second.effects, ...third.effects])).toEqual([
      'setWeight@1',
      'setWeight@1',
      'setWeight@1',
    ]);
    expect(third.state).toMatchObject({
      phase: 'rollback',
      dueMs: T0 + 3_030,
      failure: { cause: 'action', reason: 'setWeight failed at step 1 after 3 attempt(s): HTTP 503' },
    });
    // Every attempt carries the same key, numbered.
    const attempts = [...first.effects, ...second.effects, ...third.effects].flatMap((e) =>
      e.kind === 'send' ? [[e.action.key, e.action.attempt]] : [],
    );
    expect(attempts).toEqual([
      [key, 1],
      [key, 2],
      [key, 3],
    ]);
  });

  it('a failed promote rolls back (no retries configured)', () => {
    const atPromote = run(start(), [
      { kind: 'due', nowMs: T0 },
      ok('nines-rollout-7-1-setWeight', T0),
      judged('pass', T0),
      { kind: 'due', nowMs: T0 },
      ok('nines-rollout-7-2-setWeight', T0),
      judged('pass', T0),
      { kind: 'due', nowMs: T0 },
    ]).state;
    const { state } = run(atPromote, [failed('nines-rollout-7-2-promote', T0 + 1)]);
    expect(state).toMatchObject({ phase: 'rollback', failure: { cause: 'action' } });
  });

  it('a rollback that keeps failing ends failed, finishes the deploy failed and pages', () => {
    const key = 'nines-rollout-7-1-rollback';
    const { state, effects } = run(baking(), [
      judged('fail', T0 + 1),
      { kind: 'due', nowMs: T0 + 1 },
      failed(key, T0 + 2),
      { kind: 'due', nowMs: T0 + 1_002 },
      failed(key, T0 + 1_003),
    ]);
    expect(sends(effects)).toEqual(['rollback@1', 'rollback@1']);
    expect(state.status).toBe('failed');
    expect(state.failure?.reason).toBe(
      'rollback failed after 2 attempt(s): HTTP 503; step 1 (10%) judged fail: errors is higher',
    );
    expect(effects.filter((e) => e.kind === 'finish_deploy')).toEqual([
      { kind: 'finish_deploy', outcome: 'failed' },
    ]);
    expect(effects.filter((e) => e.kind === 'page').map((e) => (e as { severity: string }).severity)).toEqual(
      ['P2'],
    );
    expect(timeline(effects).at(-1)).toBe('rollout.failed');
  });

  it('ignores a stale action result (another key) and events after the end', () => {
    const sent = run(start(), [{ kind: 'due', nowMs: T0 }]).state;
    expect(transition(sent, ok('nines-rollout-7-9-setWeight', T0), plan).state).toBe(sent);
    const ended = { ...sent, status: 'succeeded' as const };
    expect(transition(ended, { kind: 'due', nowMs: T0 }, plan)).toEqual({ state: ended, effects: [] });
  });
});

describe('abort', () => {
  it('while baking: cancels the analysis, rolls back, ends aborted without a page', () => {
    const baking = withAnalysis(
      run(start(), [{ kind: 'due', nowMs: T0 }, ok('nines-rollout-7-1-setWeight', T0)]).state,
      5,
    );
    const { state, effects } = run(baking, [
      { kind: 'abort', reason: 'bad dashboards', actor: 'ana', nowMs: T0 + 1 },
      { kind: 'due', nowMs: T0 + 1 },
      ok('nines-rollout-7-1-rollback', T0 + 2),
    ]);
    expect(effects.filter((e) => e.kind === 'cancel_judgement')).toEqual([
      { kind: 'cancel_judgement', analysisId: 5, reason: 'rollout aborted: bad dashboards' },
    ]);
    expect(timeline(effects)).toEqual([
      'rollout.aborted',
      'rollout.rollback',
      'rollout.action',
      'rollout.aborted',
    ]);
    expect(state).toMatchObject({
      status: 'aborted',
      failure: { cause: 'abort', reason: 'aborted by ana: bad dashboards' },
    });
    expect(effects.filter((e) => e.kind === 'finish_deploy')).toEqual([
      { kind: 'finish_deploy', outcome: 'rolled_back' },
    ]);
    expect(effects.some((e) => e.kind === 'page')).toBe(false);
  });

  it('while an action is in flight: waits for its result, then rolls back', () => {
    const sent = run(start(), [{ kind: 'due', nowMs: T0 }]).state;
    const asked = transition(sent, { kind: 'abort', reason: 'stop', actor: 'bo', nowMs: T0 + 1 }, plan);
    expect(asked.effects).toEqual([]);
    expect(asked.state.abortRequested).toEqual({ reason: 'stop', actor: 'bo' });
    expect(abortRefusal(asked.state)).toBe('rollout 7 is already being aborted');
    const { state, effects } = run(asked.state, [ok('nines-rollout-7-1-setWeight', T0 + 2)]);
    expect(state.phase).toBe('rollback');
    expect(effects.some((e) => e.kind === 'start_judgement')).toBe(false);
  });

  it('is refused while rolling back and after the end', () => {
    const rollingBack = run(start(), [{ kind: 'abort', reason: 'x', actor: 'a', nowMs: T0 }]).state;
    expect(abortRefusal(rollingBack)).toBe('rollout 7 is already rolling back');
    expect(abortRefusal({ ...rollingBack, status: 'succeeded' })).toBe('rollout 7 already ended: succeeded');
  });
});

describe('resume after a restart', () => {
  it('re-sends an action in flight once, with the same key', () => {
    const sent = run(start(), [{ kind: 'due', nowMs: T0 }]).state;
    const { state, effects } = run(sent, [{ kind: 'resumed', nowMs: T0 + 30_000 }]);
    expect(sends(effects)).toEqual(['setWeight@1']);
    expect(state.inFlight).toMatchObject({ key: 'nines-rollout-7-1-setWeight', attempt: 1, resent: true });
    expect(timeline(effects)).toEqual(['rollout.resumed']);
    // Interrupted again: a failed attempt, retried after the backoff (not a third immediate send).
    const again = run(state, [{ kind: 'resumed', nowMs: T0 + 60_000 }]);
    expect(sends(again.effects)).toEqual([]);
    expect(again.state).toMatchObject({ inFlight: null, failedAttempts: 1, dueMs: T0 + 61_000 });
  });

  it('keeps the bake clock: a resumed bake has its recorded start and analysis', () => {
    const baking = withAnalysis(
      run(start(), [{ kind: 'due', nowMs: T0 }, ok('nines-rollout-7-1-setWeight', T0 + 5)]).state,
      9,
    );
    const { state, effects } = run(baking, [{ kind: 'resumed', nowMs: T0 + 40_000 }]);
    expect(sends(effects)).toEqual([]);
    expect(state.steps[0]).toMatchObject({ bakeStartedMs: T0 + 5, analysisId: 9 });
    expect(state.phase).toBe('bake');
    expect(effects.some((e) => e.kind === 'start_judgement')).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});

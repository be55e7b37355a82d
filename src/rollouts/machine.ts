// The rollout state machine, pure: a state and an event in, the next state and the effects to perform out
// (the data it works on is in `rollout-state.ts`).
// The driver (`drive-rollout.ts`) commits the state with the in-transaction effects in one transaction and
// performs `send` effects only after that commit, so an action's intent is durable before it is attempted.

import {
  ACTION_GRACE_MS,
  actionKey,
  BAKE_POLL_MS,
  type InFlightAction,
  type JudgementOutcome,
  type MachinePlan,
  patchStep,
  type RolloutActionName,
  type RolloutEffect,
  type RolloutEvent,
  type RolloutFailure,
  type RolloutPhase,
  type RolloutState,
  type RolloutStatus,
  type RolloutStepState,
  retryDelayMs,
  type TimelineEntry,
  type Transition,
} from './rollout-state.ts';

/** The next state and effects; an event that does not apply (stale, or after the end) changes nothing. */
export function transition(state: RolloutState, event: RolloutEvent, plan: MachinePlan): Transition {
  if (state.status !== 'running') return unchanged(state);
  switch (event.kind) {
    case 'due':
      return onDue(state, event.nowMs, plan);
    case 'action_succeeded':
      return state.inFlight?.key === event.key ? onActionSucceeded(state, event, plan) : unchanged(state);
    case 'action_failed':
      return state.inFlight?.key === event.key ? onActionFailed(state, event, plan) : unchanged(state);
    case 'judged':
      return state.phase === 'bake' && state.inFlight === null
        ? onJudged(state, event, plan)
        : unchanged(state);
    case 'resumed':
      return onResumed(state, event.nowMs, plan);
    case 'abort':
      return onAbort(state, event);
  }
}

/** Why an abort is refused now, or null when it is taken. */
export function abortRefusal(state: RolloutState): string | null {
  if (state.status !== 'running') return `rollout ${state.id} already ended: ${state.status}`;
  if (state.phase === 'rollback') return `rollout ${state.id} is already rolling back`;
  if (state.abortRequested) return `rollout ${state.id} is already being aborted`;
  return null;
}

/** The action the current phase performs, or null while baking. */
export function phaseAction(phase: RolloutPhase): RolloutActionName | null {
  switch (phase) {
    case 'act':
      return 'setWeight';
    case 'promote':
      return 'promote';
    case 'rollback':
      return 'rollback';
    case 'bake':
    case 'done':
      return null;
  }
}

function unchanged(state: RolloutState): Transition {
  return { state, effects: [] };
}

function onDue(state: RolloutState, nowMs: number, plan: MachinePlan): Transition {
  const action = phaseAction(state.phase);
  if (action === null || state.inFlight !== null) return unchanged(state);
  if (state.dueMs !== null && state.dueMs > nowMs) return unchanged(state);
  const inFlight: InFlightAction = {
    action,
    step: state.step,
    key: actionKey(state.id, state.step, action),
    attempt: state.failedAttempts + 1,
    sentMs: nowMs,
    resent: false,
  };
  return {
    state: { ...state, inFlight, dueMs: nowMs + plan.timeoutMs[action] + ACTION_GRACE_MS },
    effects: [{ kind: 'send', action: inFlight }],
  };
}

function actionEntry(inFlight: InFlightAction, result: Record<string, unknown>): RolloutEffect {
  const { action, step, key, attempt } = inFlight;
  return {
    kind: 'timeline',
    entry: { kind: 'rollout.action', details: { action, step: step + 1, key, attempt, ...result } },
  };
}

function onActionSucceeded(
  state: RolloutState,
  event: { nowMs: number; detail: string | null },
  plan: MachinePlan,
): Transition {
  const inFlight = state.inFlight as InFlightAction;
  const done = actionEntry(inFlight, { result: 'succeeded', detail: event.detail });
  const base = { ...state, inFlight: null, failedAttempts: 0 };
  switch (inFlight.action) {
    case 'setWeight': {
      if (state.abortRequested)
        return startRollback(base, abortFailure(state), event.nowMs, [done, abortedEntry(state)]);
      const steps = patchStep(state.steps, state.step, {
        weightSetMs: event.nowMs,
        bakeStartedMs: event.nowMs,
      });
      const current = steps[state.step] as RolloutStepState;
      return {
        state: { ...base, steps, phase: 'bake', dueMs: event.nowMs + Math.min(BAKE_POLL_MS, current.bakeMs) },
        effects: [done, { kind: 'start_judgement', step: state.step, bakeMs: current.bakeMs }],
      };
    }
    case 'promote':
      if (state.abortRequested)
        return startRollback(base, abortFailure(state), event.nowMs, [done, abortedEntry(state)]);
      return finish(base, 'succeeded', event.nowMs, plan, [done]);
    case 'rollback': {
      const status = state.failure?.cause === 'abort' ? 'aborted' : 'rolled_back';
      return finish(base, status, event.nowMs, plan, [done]);
    }
  }
}

function onActionFailed(
  state: RolloutState,
  event: { nowMs: number; error: string },
  plan: MachinePlan,
): Transition {
  const inFlight = state.inFlight as InFlightAction;
  const failedAttempts = state.failedAttempts + 1;
  const exhausted = failedAttempts > plan.retries[inFlight.action];
  const entry = actionEntry(inFlight, { result: 'failed', error: event.error, final: exhausted });
  const base = { ...state, inFlight: null, failedAttempts };
  if (!exhausted && !(state.abortRequested && inFlight.action !== 'rollback')) {
    return { state: { ...base, dueMs: event.nowMs + retryDelayMs(failedAttempts) }, effects: [entry] };
  }
  if (inFlight.action === 'rollback') {
    const failure = {
      cause: state.failure?.cause ?? 'action',
      reason:
        `rollback failed after ${failedAttempts} attempt(s): ${event.error}; ${state.failure?.reason ?? ''}`.trim(),
    } as RolloutFailure;
    return finish({ ...base, failure }, 'failed', event.nowMs, plan, [entry]);
  }
  if (state.abortRequested)
    return startRollback(base, abortFailure(state), event.nowMs, [entry, abortedEntry(state)]);
  const failure: RolloutFailure = {
    cause: 'action',
    reason: `${inFlight.action} failed at step ${inFlight.step + 1} after ${failedAttempts} attempt(s): ${event.error}`,
  };
  return startRollback(base, failure, event.nowMs, [entry]);
}

function onJudged(
  state: RolloutState,
  event: { status: 'running' | JudgementOutcome; reason: string | null; nowMs: number },
  plan: MachinePlan,
): Transition {
  if (event.status === 'running')
    return { state: { ...state, dueMs: event.nowMs + BAKE_POLL_MS }, effects: [] };
  const current = state.steps[state.step] as RolloutStepState;
  const steps = patchStep(state.steps, state.step, {
    outcome: event.status,
    reason: event.reason,
    judgedMs: event.nowMs,
  });
  const judged: RolloutEffect = {
    kind: 'timeline',
    entry: {
      kind: 'rollout.judged',
      details: {
        step: state.step + 1,
        weight: current.weight,
        analysisId: current.analysisId,
        status: event.status,
        reason: event.reason,
      },
    },
  };
  const base = { ...state, steps };
  if (event.status !== 'pass') {
    const reason = `step ${state.step + 1} (${current.weight}%) judged ${event.status}${event.reason ? `: ${event.reason}` : ''}`;
    return startRollback(base, { cause: 'judgement', reason }, event.nowMs, [judged]);
  }
  const next = state.step + 1;
  if (next < state.steps.length) {
    return {
      state: { ...base, step: next, phase: 'act', dueMs: event.nowMs },
      effects: [judged, stepEntry(base, next)],
    };
  }
  if (plan.hasPromote) {
    return { state: { ...base, phase: 'promote', dueMs: event.nowMs }, effects: [judged] };
  }
  return finish(base, 'succeeded', event.nowMs, plan, [judged]);
}

function onResumed(state: RolloutState, nowMs: number, plan: MachinePlan): Transition {
  const inFlight = state.inFlight;
  const entry = (details: Record<string, unknown>): RolloutEffect => ({
    kind: 'timeline',
    entry: { kind: 'rollout.resumed', details: { phase: state.phase, step: state.step + 1, ...details } },
  });
  if (inFlight === null) {
    const dueMs = Math.min(state.dueMs ?? nowMs, nowMs);
    return { state: { ...state, dueMs }, effects: [entry({})] };
  }
  if (inFlight.resent) {
    // Interrupted again after its one resend: counted as a failed attempt (retried, then failure).
    const failed = onActionFailed(state, { nowMs, error: 'interrupted twice by a restart' }, plan);
    return { state: failed.state, effects: [entry({ interrupted: inFlight.key }), ...failed.effects] };
  }
  const resent = { ...inFlight, resent: true, sentMs: nowMs };
  return {
    state: { ...state, inFlight: resent, dueMs: nowMs + plan.timeoutMs[inFlight.action] + ACTION_GRACE_MS },
    effects: [entry({ resend: inFlight.key }), { kind: 'send', action: resent }],
  };
}

function onAbort(state: RolloutState, event: { reason: string; actor: string; nowMs: number }): Transition {
  if (abortRefusal(state) !== null) return unchanged(state);
  const abortRequested = { reason: event.reason, actor: event.actor };
  if (state.inFlight !== null) return { state: { ...state, abortRequested }, effects: [] };
  const requested = { ...state, abortRequested };
  const effects: RolloutEffect[] = [abortedEntry(requested)];
  const analysisId = state.steps[state.step]?.analysisId ?? null;
  if (state.phase === 'bake' && analysisId !== null) {
    effects.push({ kind: 'cancel_judgement', analysisId, reason: `rollout aborted: ${event.reason}` });
  }
  return startRollback(requested, abortFailure(requested), event.nowMs, effects);
}

function abortFailure(state: RolloutState): RolloutFailure {
  const { reason, actor } = state.abortRequested as { reason: string; actor: string };
  return { cause: 'abort', reason: `aborted by ${actor}: ${reason}` };
}

function abortedEntry(state: RolloutState): RolloutEffect {
  const { reason, actor } = state.abortRequested as { reason: string; actor: string };
  return {
    kind: 'timeline',
    entry: { kind: 'rollout.aborted', details: { reason, by: actor, step: state.step + 1 } },
  };
}

function startRollback(
  state: RolloutState,
  failure: RolloutFailure,
  nowMs: number,
  effects: RolloutEffect[],
): Transition {
  return {
    state: { ...state, phase: 'rollback', failure, failedAttempts: 0, inFlight: null, dueMs: nowMs },
    effects: [
      ...effects,
      {
        kind: 'timeline',
        entry: {
          kind: 'rollout.rollback',
          details: { step: state.step + 1, cause: failure.cause, reason: failure.reason },
        },
      },
    ],
  };
}

function finish(
  state: RolloutState,
  status: Exclude<RolloutStatus, 'running'>,
  nowMs: number,
  plan: MachinePlan,
  effects: RolloutEffect[],
): Transition {
  const ended = { ...state, status, phase: 'done' as const, inFlight: null, dueMs: null, finishedMs: nowMs };
  const outcome = status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'rolled_back';
  const reason = state.failure?.reason ?? null;
  const all: RolloutEffect[] = [
    ...effects,
    { kind: 'timeline', entry: { kind: `rollout.${status}`, details: reason === null ? {} : { reason } } },
    { kind: 'finish_deploy', outcome },
  ];
  const pages = (status === 'rolled_back' || status === 'failed') && plan.page !== 'none';
  if (pages) {
    const what = status === 'failed' ? 'failed and its rollback failed too' : 'failed and was rolled back';
    all.push({
      kind: 'page',
      severity: plan.page,
      summary: `rollout ${state.id} ${what}: ${reason ?? 'no reason'}`,
    });
  }
  return { state: ended, effects: all };
}

function stepEntry(state: RolloutState, step: number): RolloutEffect {
  const weight = (state.steps[step] as RolloutStepState).weight;
  return { kind: 'timeline', entry: { kind: 'rollout.step', details: { step: step + 1, weight } } };
}

/** The timeline entry of the first step, written with `rollout.started`. */
export function firstStepEntry(state: RolloutState): TimelineEntry {
  return (stepEntry(state, 0) as { entry: TimelineEntry }).entry;
}

// A rollout's state and what the machine reads and produces: plain data, no I/O.

export const rolloutStatuses = ['running', 'succeeded', 'rolled_back', 'failed', 'aborted'] as const;
export type RolloutStatus = (typeof rolloutStatuses)[number];
export type RolloutPhase = 'act' | 'bake' | 'promote' | 'rollback' | 'done';
export type RolloutActionName = 'setWeight' | 'rollback' | 'promote';
/** How a step's judgement ended (an analysis' final status). */
export type JudgementOutcome = 'pass' | 'marginal' | 'fail' | 'cancelled';

/** An action whose intent is recorded and whose result is not (yet). */
export interface InFlightAction {
  action: RolloutActionName;
  step: number;
  key: string;
  /** 1-based attempt of this action at this step. */
  attempt: number;
  sentMs: number;
  /** Sent again after a restart found it in flight; never a third time. */
  resent: boolean;
}

export interface RolloutStepState {
  weight: number;
  bakeMs: number;
  /** When its weight was set (the setWeight action succeeded). */
  weightSetMs: number | null;
  analysisId: number | null;
  bakeStartedMs: number | null;
  outcome: JudgementOutcome | null;
  reason: string | null;
  judgedMs: number | null;
}

export interface RolloutFailure {
  cause: 'judgement' | 'action' | 'abort';
  reason: string;
}

export interface RolloutState {
  id: number;
  status: RolloutStatus;
  phase: RolloutPhase;
  /** 0-based index of the current step. */
  step: number;
  /** Failed attempts of the current action so far. */
  failedAttempts: number;
  inFlight: InFlightAction | null;
  /** When the driver should look at it next; null once it ended. */
  dueMs: number | null;
  steps: RolloutStepState[];
  failure: RolloutFailure | null;
  /** An abort asked for while an action was in flight; acted on when the action ends. */
  abortRequested: { reason: string; actor: string } | null;
  finishedMs: number | null;
}

/** What the machine needs from the plan a rollout snapshotted. */
export interface MachinePlan {
  retries: Record<RolloutActionName, number>;
  timeoutMs: Record<RolloutActionName, number>;
  hasPromote: boolean;
  /** Severity of the page a failure opens; none: no page. */
  page: string;
}

export type RolloutEvent =
  | { kind: 'due'; nowMs: number }
  | { kind: 'action_succeeded'; key: string; nowMs: number; detail: string | null }
  | { kind: 'action_failed'; key: string; nowMs: number; error: string }
  | { kind: 'judged'; status: 'running' | JudgementOutcome; reason: string | null; nowMs: number }
  | { kind: 'resumed'; nowMs: number }
  | { kind: 'abort'; reason: string; actor: string; nowMs: number };

/** A timeline entry (a `deploy_events` row), written in the state's transaction. */
export interface TimelineEntry {
  kind: string;
  details: Record<string, unknown>;
}

export type RolloutEffect =
  | { kind: 'timeline'; entry: TimelineEntry }
  | { kind: 'start_judgement'; step: number; bakeMs: number }
  | { kind: 'cancel_judgement'; analysisId: number; reason: string }
  | { kind: 'finish_deploy'; outcome: 'succeeded' | 'rolled_back' | 'failed' }
  | { kind: 'page'; severity: string; summary: string }
  /** After the commit: perform the action in `inFlight`. */
  | { kind: 'send'; action: InFlightAction };

export interface Transition {
  state: RolloutState;
  effects: RolloutEffect[];
}

/** How long the driver waits between reads of a bake's analysis. */
export const BAKE_POLL_MS = 2_000;
/** How long after an action's timeout a node may take the action over as interrupted. */
export const ACTION_GRACE_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

/** Delay before retrying after the `failed`-th failure: 1 s, 2 s, 4 s … at most 30 s. */
export function retryDelayMs(failed: number): number {
  return Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, failed - 1));
}

/** The idempotency key of an action of a rollout at a step (also sent on a retry and a resend). */
export function actionKey(rolloutId: number, step: number, action: RolloutActionName): string {
  return `nines-rollout-${rolloutId}-${step + 1}-${action}`;
}

/** A new rollout: at its first step, due now. */
export function initialState(options: {
  id: number;
  steps: Array<{ weight: number; bakeMs: number }>;
  nowMs: number;
}): RolloutState {
  return {
    id: options.id,
    status: 'running',
    phase: 'act',
    step: 0,
    failedAttempts: 0,
    inFlight: null,
    dueMs: options.nowMs,
    steps: options.steps.map((step) => ({
      weight: step.weight,
      bakeMs: step.bakeMs,
      weightSetMs: null,
      analysisId: null,
      bakeStartedMs: null,
      outcome: null,
      reason: null,
      judgedMs: null,
    })),
    failure: null,
    abortRequested: null,
    finishedMs: null,
  };
}

export function patchStep(
  steps: readonly RolloutStepState[],
  index: number,
  patch: Partial<RolloutStepState>,
): RolloutStepState[] {
  return steps.map((step, i) => (i === index ? { ...step, ...patch } : step));
}

/** The state once the analysis of the current step is stored. */
export function withAnalysis(state: RolloutState, analysisId: number): RolloutState {
  return { ...state, steps: patchStep(state.steps, state.step, { analysisId }) };
}

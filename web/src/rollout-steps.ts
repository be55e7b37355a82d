/** Where each step of a rollout stands, in words (the rollout progress list). Pure: tested beside it. */

export interface StepFigures {
  step: number;
  weight: number;
  weightSetAt: string | null;
  bakeStartedAt: string | null;
  outcome: 'pass' | 'marginal' | 'fail' | 'cancelled' | null;
}

export interface RolloutFigures {
  status: 'running' | 'succeeded' | 'rolled_back' | 'failed' | 'aborted';
  phase: 'act' | 'bake' | 'promote' | 'rollback' | 'done';
  /** 1-based. */
  step: number;
  steps: StepFigures[];
}

export type StepState =
  | 'passed'
  | 'marginal'
  | 'failed'
  | 'cancelled'
  | 'setting weight'
  | 'baking'
  | 'rolling back'
  | 'waiting'
  | 'not reached';

/**
 * A judged step reads its outcome; the current step of a running rollout what it is doing; a later step
 * waits while the rollout runs and was never reached once it ended.
 */
export function stepState(rollout: RolloutFigures, step: StepFigures): StepState {
  if (step.outcome === 'pass') return 'passed';
  if (step.outcome === 'fail') return 'failed';
  if (step.outcome === 'marginal') return 'marginal';
  if (step.outcome === 'cancelled') return 'cancelled';
  const running = rollout.status === 'running';
  if (step.step === rollout.step && running) {
    if (rollout.phase === 'rollback') return 'rolling back';
    if (rollout.phase === 'bake' || step.bakeStartedAt !== null) return 'baking';
    return 'setting weight';
  }
  return running && step.step > rollout.step ? 'waiting' : 'not reached';
}

/** The tone a step state is drawn in (its word is always shown too). */
export function stepTone(state: StepState): 'good' | 'warn' | 'bad' | 'info' | 'muted' {
  switch (state) {
    case 'passed':
      return 'good';
    case 'marginal':
      return 'warn';
    case 'failed':
    case 'rolling back':
      return 'bad';
    case 'setting weight':
    case 'baking':
      return 'info';
    default:
      return 'muted';
  }
}

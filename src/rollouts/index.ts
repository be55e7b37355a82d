export { abortRollout } from './abort-rollout.ts';
export { rolloutPlanProblems } from './check-plans.ts';
export { LEASE_MS } from './drive-rollout.ts';
export type { Judge, JudgementStatus } from './judge.ts';
export { analysesJudge } from './judgement.ts';
export type {
  InFlightAction,
  JudgementOutcome,
  RolloutPhase,
  RolloutState,
  RolloutStatus,
  RolloutStepState,
} from './rollout-state.ts';
export { rolloutStatuses } from './rollout-state.ts';
export { nextRolloutDueMs, runDueRollouts } from './run-due-rollouts.ts';
export { newRolloutRunner, type RolloutRunner, stopRolloutRunner } from './runner.ts';
export { defaultBakeMs, startRollout } from './start-rollout.ts';
export { getRollout, listRollouts, type RolloutRow, rolloutOfDeploy } from './store.ts';

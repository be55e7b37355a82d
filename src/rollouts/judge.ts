import type { AppContext } from '../context/index.ts';
import type { Model, RolloutPlan } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { JudgementOutcome } from './rollout-state.ts';

/** Where a judgement stands: still baking, or how it ended and why. */
export interface JudgementStatus {
  status: 'running' | JudgementOutcome;
  reason: string | null;
}

/**
 * What a rollout asks of the canary analyses, as a small seam: the driver and the start verb use only
 * this, and `judgement.ts` (the one file that imports the analyses module) answers it.
 */
export interface Judge {
  /** The analysis a step bakes under, built and checked; throws NinesError('invalid_input') when the plan's is bad. */
  prepare(options: {
    model: Model;
    plan: RolloutPlan;
    service: string;
    deployId: number | null;
    bakeMs: number;
  }): unknown;
  /** Starts a prepared analysis in `tx`; answers its id. */
  start(options: { ctx: AppContext; tx: Queryable; spec: unknown; actor: string }): Promise<number>;
  /** Undefined when there is no such analysis. */
  status(db: Queryable, id: number): Promise<JudgementStatus | undefined>;
  /** Cancels a running analysis in `tx` (one that already ended is left as it is). */
  cancel(options: {
    ctx: AppContext;
    tx: Queryable;
    id: number;
    reason: string;
    actor: string;
  }): Promise<void>;
}

// The one file that reaches the canary analyses module: a rollout step's judgement is an analysis.

import { analysisSpecFrom, cancelAnalysis, getAnalysis, startAnalysis } from '../analyses/index.ts';
import { isNinesError } from '../core/errors.ts';
import type { Judge, JudgementStatus } from './judge.ts';

/** Step bakes as the analysis request's `bakeTime` (a duration text). */
function bakeTime(bakeMs: number): string {
  return bakeMs % 1_000 === 0 ? `${bakeMs / 1_000}s` : `${bakeMs}ms`;
}

/** Judgements by canary analyses: the plan's analysis request with this rollout's service, deploy and bake. */
export const analysesJudge: Judge = {
  prepare({ model, plan, service, deployId, bakeMs }) {
    const request = {
      ...plan.analysis,
      service,
      ...(deployId === null ? {} : { deployId }),
      bakeTime: bakeTime(bakeMs),
    };
    return analysisSpecFrom(request, { model });
  },
  async start({ ctx, tx, spec, actor }) {
    const view = await startAnalysis({
      ctx,
      tx,
      actor,
      spec: spec as Parameters<typeof startAnalysis>[0]['spec'],
    });
    return view.id;
  },
  async status(db, id): Promise<JudgementStatus | undefined> {
    const view = await getAnalysis(db, id);
    return view ? { status: view.status, reason: view.reason } : undefined;
  },
  async cancel({ ctx, tx, id, reason, actor }) {
    try {
      await cancelAnalysis({ ctx, tx, id, reason, actor });
    } catch (error) {
      // It ended on its own meanwhile: nothing to cancel.
      if (!(isNinesError(error) && error.code === 'conflict')) throw error;
    }
  },
};

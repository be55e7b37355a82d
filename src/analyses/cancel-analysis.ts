import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { addDeployEvent } from '../deploys/index.ts';
import { appendAudit, type Queryable } from '../storage/index.ts';
import { analysisRow, endAnalysis } from './store.ts';
import type { AnalysisView } from './types.ts';
import { analysisView } from './view.ts';

/** Ends a running analysis as `cancelled`, audited; one that already ended is a conflict. */
export async function cancelAnalysis(o: {
  ctx: Pick<AppContext, 'db' | 'clock'>;
  id: number;
  actor: string;
  reason: string;
  tx?: Queryable;
}): Promise<AnalysisView> {
  const run = async (tx: Queryable) => {
    const current = await analysisRow(tx, o.id, true);
    if (!current) throw new NinesError('not_found', `no canary analysis ${o.id}`);
    const nowMs = o.ctx.clock.now();
    const reason = `cancelled by ${o.actor}: ${o.reason}`;
    const ended = await endAnalysis(tx, { id: o.id, status: 'cancelled', reason, finishedMs: nowMs });
    if (!ended) throw new NinesError('conflict', `canary analysis ${o.id} already ended: ${current.status}`);
    if (ended.deploy_id !== null) {
      await addDeployEvent(tx, {
        deployId: ended.deploy_id,
        atMs: nowMs,
        kind: 'analysis.finished',
        actor: o.actor,
        details: { analysisId: ended.id, status: ended.status, score: ended.score, reason },
      });
    }
    await appendAudit(tx, {
      nowMs,
      actor: o.actor,
      action: 'canary_analysis.cancel',
      target: String(o.id),
      details: { reason: o.reason },
    });
    return analysisView(ended);
  };
  return o.tx ? run(o.tx) : o.ctx.db.transaction(run);
}

import { type AppContext, wakeAfterCommit } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { addDeployEvent, getDeploy } from '../deploys/index.ts';
import { appendAudit, type Queryable } from '../storage/index.ts';
import { intervalDueMs } from './plan.ts';
import { insertAnalysis } from './store.ts';
import type { AnalysisSpec, AnalysisView } from './types.ts';
import { analysisView } from './view.ts';

/** Stores a running analysis (in `tx` when given), audited, with `analysis.started` on its deploy's history. */
export async function startAnalysis(o: {
  ctx: Pick<AppContext, 'db' | 'clock'>;
  spec: AnalysisSpec;
  actor: string;
  tx?: Queryable;
}): Promise<AnalysisView> {
  const run = async (tx: Queryable) => {
    const { spec } = o;
    if (spec.deployId !== null) {
      const deploy = await getDeploy(tx, spec.deployId);
      if (!deploy || deploy.service !== spec.service) {
        throw new NinesError('invalid_input', `no deploy ${spec.deployId} of service ${spec.service}`, [
          { path: 'deployId', message: deploy ? `is a deploy of ${deploy.service}` : 'no such deploy' },
        ]);
      }
    }
    const nowMs = o.ctx.clock.now();
    const row = await insertAnalysis(tx, {
      spec,
      startedMs: nowMs,
      endsMs: nowMs + spec.bakeMs,
      nextDueMs: intervalDueMs(spec, nowMs, 1),
      createdBy: o.actor,
    });
    wakeAfterCommit('canary-analyses', row.next_due_ms ?? nowMs);
    if (spec.deployId !== null) {
      await addDeployEvent(tx, {
        deployId: spec.deployId,
        atMs: nowMs,
        kind: 'analysis.started',
        actor: o.actor,
        details: { analysisId: row.id },
      });
    }
    await appendAudit(tx, {
      nowMs,
      actor: o.actor,
      action: 'canary_analysis.start',
      target: String(row.id),
      details: { service: spec.service, deployId: spec.deployId, source: spec.source.kind },
    });
    return analysisView(row);
  };
  return o.tx ? run(o.tx) : o.ctx.db.transaction(run);
}

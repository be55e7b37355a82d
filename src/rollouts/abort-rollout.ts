import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { appendAudit } from '../storage/index.ts';
import { applyEffects, machinePlan } from './apply-effects.ts';
import type { Judge } from './judge.ts';
import { abortRefusal, transition } from './machine.ts';
import { lockRollout, type RolloutRow, saveRolloutState } from './store.ts';

/**
 * Aborts a running rollout: it rolls back now (or as soon as an action in flight ends), and ends
 * `aborted` with the deploy `rolled_back`. Audited; a rollout that ended or is rolling back is a conflict.
 */
export async function abortRollout(options: {
  ctx: AppContext;
  judge: Judge;
  id: number;
  actor: string;
  reason: string;
}): Promise<RolloutRow> {
  const { ctx, id } = options;
  return ctx.db.transaction(async (tx) => {
    const row = await lockRollout(tx, id);
    if (!row) throw new NinesError('not_found', `no rollout ${id}`);
    const refusal = abortRefusal(row.state);
    if (refusal !== null) throw new NinesError('conflict', refusal);
    const nowMs = ctx.clock.now();
    const result = transition(
      row.state,
      { kind: 'abort', reason: options.reason, actor: options.actor, nowMs },
      machinePlan(row),
    );
    const { state } = await applyEffects({ ctx, judge: options.judge, tx, row, result, nowMs });
    // The lease stays with the node driving it: that node rolls it back at its next look (due now).
    const saved = await saveRolloutState(tx, {
      id,
      version: row.version,
      state,
      leaseOwner: row.lease_owner,
      leaseUntilMs: row.lease_until_ms,
      nowMs,
    });
    if (!saved) throw new NinesError('conflict', `rollout ${id} changed meanwhile; try again`);
    await appendAudit(tx, {
      nowMs,
      actor: options.actor,
      action: 'rollout.abort',
      target: String(id),
      details: { reason: options.reason, deploy: row.deploy_id },
    });
    return { ...row, state, status: state.status, due_ms: state.dueMs, version: row.version + 1 };
  });
}

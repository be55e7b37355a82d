import type { NormalisedAlert } from '../alerting/index.ts';
import type { AppContext } from '../context/index.ts';
import { isNinesError } from '../core/errors.ts';
import { addDeployEvent, finishDeploy } from '../deploys/index.ts';
import { ingestAlerts } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { Judge } from './judge.ts';
import { transition } from './machine.ts';
import {
  type InFlightAction,
  type MachinePlan,
  type RolloutEffect,
  type RolloutState,
  type Transition,
  withAnalysis,
} from './rollout-state.ts';
import type { RolloutRow } from './store.ts';

/** Who automatic transitions are recorded as. */
export const ROLLOUT_ACTOR = 'nines';

/** The plan facts the machine reads, from a rollout's snapshotted plan. */
export function machinePlan(row: Pick<RolloutRow, 'plan'>): MachinePlan {
  const { actions } = row.plan;
  const promote = actions.promote ?? actions.setWeight;
  return {
    retries: {
      setWeight: actions.setWeight.retries,
      rollback: actions.rollback.retries,
      promote: promote.retries,
    },
    timeoutMs: {
      setWeight: actions.setWeight.timeoutMs,
      rollback: actions.rollback.timeoutMs,
      promote: promote.timeoutMs,
    },
    hasPromote: actions.promote !== undefined,
    page: row.plan.onFailure.page,
  };
}

/**
 * Performs a transition's effects that belong in the state's transaction (timeline, analyses, the deploy's
 * end, the page) and answers the state to store and the action to send after the commit, if any.
 */
export async function applyEffects(options: {
  ctx: AppContext;
  judge: Judge;
  tx: Queryable;
  row: RolloutRow;
  result: Transition;
  nowMs: number;
}): Promise<{ state: RolloutState; send: InFlightAction | null }> {
  const { ctx, judge, tx, row, nowMs } = options;
  let { state } = options.result;
  let send: InFlightAction | null = null;
  for (const effect of options.result.effects) {
    switch (effect.kind) {
      case 'timeline':
        await addDeployEvent(tx, {
          deployId: row.deploy_id,
          atMs: nowMs,
          kind: effect.entry.kind,
          actor: ROLLOUT_ACTOR,
          details: { rolloutId: row.id, ...effect.entry.details },
        });
        break;
      case 'start_judgement': {
        const started = await startJudgement({ ...options, state, step: effect.step, bakeMs: effect.bakeMs });
        state = started.state;
        send = started.send ?? send;
        break;
      }
      case 'cancel_judgement':
        await judge.cancel({ ctx, tx, id: effect.analysisId, reason: effect.reason, actor: ROLLOUT_ACTOR });
        break;
      case 'finish_deploy':
        await finishDeployOnce(ctx, tx, row.deploy_id, effect.outcome, nowMs);
        break;
      case 'page':
        await ingestAlerts({ ctx, tx, alerts: [failureAlert(ctx, row, effect, nowMs)] });
        break;
      case 'send':
        send = effect.action;
        break;
    }
  }
  return { state, send };
}

/** Starts the step's analysis; one that cannot start (the plan's analysis no longer fits) fails the step. */
async function startJudgement(options: {
  ctx: AppContext;
  judge: Judge;
  tx: Queryable;
  row: RolloutRow;
  state: RolloutState;
  step: number;
  bakeMs: number;
  nowMs: number;
}): Promise<{ state: RolloutState; send: InFlightAction | null }> {
  const { ctx, judge, tx, row, nowMs } = options;
  let spec: unknown;
  try {
    spec = judge.prepare({
      model: ctx.model,
      plan: row.plan,
      service: row.service,
      deployId: row.deploy_id,
      bakeMs: options.bakeMs,
    });
  } catch (error) {
    const reason = `the analysis could not start: ${(error as Error).message}`;
    const failed = transition(
      options.state,
      { kind: 'judged', status: 'cancelled', reason, nowMs },
      machinePlan(row),
    );
    return applyEffects({ ...options, result: failed });
  }
  const id = await judge.start({ ctx, tx, spec, actor: ROLLOUT_ACTOR });
  return { state: withAnalysis(options.state, id), send: null };
}

/** A deploy its pipeline already ended keeps its outcome. */
async function finishDeployOnce(
  ctx: AppContext,
  tx: Queryable,
  deployId: number,
  outcome: 'succeeded' | 'rolled_back' | 'failed',
  nowMs: number,
): Promise<void> {
  try {
    await finishDeploy({
      db: ctx.db,
      tx,
      id: deployId,
      outcome,
      actor: ROLLOUT_ACTOR,
      finishedMs: nowMs,
      nowMs,
    });
  } catch (error) {
    if (!(isNinesError(error) && error.code === 'conflict')) throw error;
  }
}

/** The alert a failed rollout raises, routed like any alert of its service. */
export function failureAlert(
  ctx: Pick<AppContext, 'publicUrl'>,
  row: Pick<RolloutRow, 'id' | 'deploy_id' | 'service' | 'plan_name'>,
  page: Extract<RolloutEffect, { kind: 'page' }>,
  nowMs: number,
): NormalisedAlert {
  const identity = `rollout:${row.id}`;
  return {
    source: 'rollout',
    integration: null,
    fingerprint: identity,
    groupKey: identity,
    status: 'firing',
    labels: {
      alertname: 'NinesRolloutFailed',
      service: row.service,
      severity: page.severity,
      rollout: String(row.id),
      deploy: String(row.deploy_id),
      plan: row.plan_name,
    },
    annotations: {},
    summary: `${row.service}: ${page.summary}`,
    sourceSeverity: page.severity,
    startsAtMs: nowMs,
    endsAtMs: null,
    links: ctx.publicUrl ? [`${ctx.publicUrl}/api/v1/rollouts/${row.id}`] : [],
  };
}

import type { AppContext } from '../context/index.ts';
import { MINUTE_MS } from '../core/duration.ts';
import { isNinesError, NinesError } from '../core/errors.ts';
import { addDeployEvent, type DeployRow, getDeploy, type NewDeploy, recordDeploy } from '../deploys/index.ts';
import { gateVerdict } from '../gates/index.ts';
import type { ChangeKind, RolloutPlan, Service } from '../specs/index.ts';
import { appendAudit, type Queryable } from '../storage/index.ts';
import type { Judge } from './judge.ts';
import { firstStepEntry } from './machine.ts';
import { initialState } from './rollout-state.ts';
import { insertRollout, type RolloutRow, rolloutOfDeploy, saveRolloutState } from './store.ts';

/** A step's bake when its plan does not say: 30 minutes for tier-1 services, 10 for the others (seed 000). */
export function defaultBakeMs(service: Pick<Service, 'tier'>): number {
  return (service.tier === 1 ? 30 : 10) * MINUTE_MS;
}

/**
 * Starts a rollout of `plan` for a new deploy (recorded with it) or a recorded running one, once the deploy
 * gate does not block the change: the plan is snapshotted, the first step is due now. Nothing is written
 * when it is refused. `field` names the request field that names the plan, for errors.
 */
export async function startRollout(options: {
  ctx: AppContext;
  judge: Judge;
  planName: string;
  field: string;
  change: ChangeKind;
  deploy: { id: number } | { record: NewDeploy };
  actor: string;
}): Promise<{ rollout: RolloutRow; deploy: DeployRow }> {
  const { ctx, change } = options;
  const nowMs = ctx.clock.now();
  const existing = 'id' in options.deploy ? await runningDeploy(ctx, options.deploy.id) : null;
  const serviceName = existing?.service ?? (options.deploy as { record: NewDeploy }).record.service;
  const service = ctx.model.services.find((s) => s.name === serviceName);
  if (!service) throw new NinesError('not_found', `no service "${serviceName}" in the catalog`);
  const plan = planFor(ctx, options.planName, service, options.field);
  const steps = plan.steps.map((step) => ({
    weight: step.weight,
    bakeMs: step.bakeMs ?? defaultBakeMs(service),
  }));
  checkAnalysis(ctx, options, plan, service.name, (steps[0] as { bakeMs: number }).bakeMs);
  const verdict = await gateVerdict({ ctx, serviceName: service.name, change });
  if (verdict.decision === 'block') {
    throw new NinesError(
      'conflict',
      `the deploy gate blocks this ${change} change to ${service.name}`,
      verdict.reasons.map((reason) => ({ path: reason.source, message: reason.message })),
    );
  }
  return ctx.db.transaction(async (tx) => {
    const deploy =
      existing ??
      (await recordDeploy({
        db: ctx.db,
        tx,
        deploy: (options.deploy as { record: NewDeploy }).record,
        createdBy: options.actor,
        nowMs,
      }));
    const rollout = await insertRollout(tx, {
      deployId: deploy.id,
      service: service.name,
      plan,
      change,
      createdBy: options.actor,
      nowMs,
    });
    if (!rollout) throw new NinesError('conflict', `deploy ${deploy.id} already has a rollout`);
    const state = initialState({ id: rollout.id, steps, nowMs });
    await saveRolloutState(tx, {
      id: rollout.id,
      version: rollout.version,
      state,
      leaseOwner: null,
      leaseUntilMs: null,
      nowMs,
    });
    await recordStart(tx, { rollout, deploy, steps, gate: verdict.decision, actor: options.actor, nowMs });
    await addDeployEvent(tx, {
      deployId: deploy.id,
      atMs: nowMs,
      kind: 'rollout.step',
      actor: options.actor,
      details: { rolloutId: rollout.id, ...firstStepEntry(state).details },
    });
    return {
      rollout: { ...rollout, state, status: state.status, due_ms: state.dueMs, version: rollout.version + 1 },
      deploy,
    };
  });
}

async function runningDeploy(ctx: AppContext, id: number): Promise<DeployRow> {
  const deploy = await getDeploy(ctx.db, id);
  if (!deploy) throw new NinesError('not_found', `no deploy ${id}`);
  if (deploy.outcome !== null)
    throw new NinesError('conflict', `deploy ${id} already ended: ${deploy.outcome}`);
  const rollout = await rolloutOfDeploy(ctx.db, id);
  if (rollout)
    throw new NinesError('conflict', `deploy ${id} already has rollout ${rollout.id} (${rollout.status})`);
  return deploy;
}

function planFor(ctx: AppContext, name: string, service: Service, field: string): RolloutPlan {
  const plan = ctx.model.rolloutPlans.find((p) => p.name === name);
  if (!plan) {
    const known = ctx.model.rolloutPlans.map((p) => p.name).join(', ') || 'none';
    throw new NinesError('invalid_input', `no RolloutPlan "${name}" (known: ${known})`, [
      { path: field, message: 'must name a RolloutPlan in the config' },
    ]);
  }
  if (plan.services.length > 0 && !plan.services.includes(service.name)) {
    throw new NinesError('invalid_input', `RolloutPlan "${name}" is not for ${service.name}`, [
      { path: field, message: `the plan lists ${plan.services.join(', ')}` },
    ]);
  }
  return plan;
}

/** The plan's analysis must be one that can run for this service now (e.g. its data source exists). */
function checkAnalysis(
  ctx: AppContext,
  options: { judge: Judge; field: string },
  plan: RolloutPlan,
  service: string,
  bakeMs: number,
): void {
  try {
    options.judge.prepare({ model: ctx.model, plan, service, deployId: null, bakeMs });
  } catch (error) {
    if (!isNinesError(error) || error.code !== 'invalid_input') throw error;
    const problems = (error.details ?? []).map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new NinesError(
      'invalid_input',
      `RolloutPlan "${plan.name}" has an analysis that cannot run: ${error.message}`,
      [{ path: options.field, message: problems || error.message }],
    );
  }
}

async function recordStart(
  tx: Queryable,
  o: {
    rollout: RolloutRow;
    deploy: DeployRow;
    steps: Array<{ weight: number; bakeMs: number }>;
    gate: string;
    actor: string;
    nowMs: number;
  },
): Promise<void> {
  const details = {
    rolloutId: o.rollout.id,
    plan: o.rollout.plan_name,
    change: o.rollout.change_kind,
    gate: o.gate,
    steps: o.steps.map((step) => ({ weight: step.weight, bakeSeconds: step.bakeMs / 1000 })),
  };
  await addDeployEvent(tx, {
    deployId: o.deploy.id,
    atMs: o.nowMs,
    kind: 'rollout.started',
    actor: o.actor,
    details,
  });
  await appendAudit(tx, {
    nowMs: o.nowMs,
    actor: o.actor,
    action: 'rollout.start',
    target: String(o.rollout.id),
    details: { deploy: o.deploy.id, service: o.rollout.service, plan: o.rollout.plan_name },
  });
}

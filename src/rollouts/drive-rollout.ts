import type { AppContext } from '../context/index.ts';
import { getDeploy } from '../deploys/index.ts';
import type { Queryable } from '../storage/index.ts';
import { applyEffects, machinePlan } from './apply-effects.ts';
import type { JudgementStatus } from './judge.ts';
import { transition } from './machine.ts';
import { type ActionResult, performAction } from './perform-action.ts';
import type { InFlightAction, RolloutEvent, RolloutState } from './rollout-state.ts';
import type { RolloutRunner } from './runner.ts';
import { lockRollout, type RolloutRow, saveRolloutState } from './store.ts';
import { formatWeight } from './templates.ts';

/** How long a node holds a rollout it drives between two looks; another node takes it over after. */
export const LEASE_MS = 10_000;
/** Transitions one drive makes at most before it lets the job come back (a bound, never reached in practice). */
const MAX_TRANSITIONS = 50;

/**
 * Drives one rollout as far as it can go now: each transition is committed with its timeline entries and
 * effects; an action is sent only after its intent is committed, and its result recorded after.
 */
export async function driveRollout(options: {
  ctx: AppContext;
  runner: RolloutRunner;
  id: number;
}): Promise<void> {
  const { ctx, runner, id } = options;
  for (let turn = 0; turn < MAX_TRANSITIONS; turn++) {
    if (runner.stop.signal.aborted) return;
    const nowMs = ctx.clock.now();
    const step = await ctx.db.transaction((tx) => advance({ ctx, runner, tx, id, nowMs }));
    if (step === null) return;
    const action = step.send;
    if (action === null) {
      if (!step.dueNow) return;
      continue;
    }
    const result = await send(ctx, runner, step.row, action);
    // A shutdown aborted it: left in flight, it is sent again (same key) after the restart.
    if (runner.stop.signal.aborted) return;
    const recorded = await ctx.db.transaction((tx) => record({ ctx, runner, tx, id, action, result }));
    if (!recorded) return;
  }
}

interface Advanced {
  row: RolloutRow;
  send: InFlightAction | null;
  dueNow: boolean;
}

/** One transition of a due rollout this node may drive (taking it over, as a resume, from another owner). */
async function advance(options: {
  ctx: AppContext;
  runner: RolloutRunner;
  tx: Queryable;
  id: number;
  nowMs: number;
}): Promise<Advanced | null> {
  const { ctx, runner, tx, id, nowMs } = options;
  const row = await lockRollout(tx, id);
  if (row?.status !== 'running' || row.due_ms === null || row.due_ms > nowMs) return null;
  const mine = row.lease_owner === null || row.lease_owner === runner.owner;
  if (!mine && (row.lease_until_ms ?? 0) >= nowMs) return null;
  const event = mine ? await nextEvent(tx, runner, row.state, nowMs) : ({ kind: 'resumed', nowMs } as const);
  return commit({ ctx, runner, tx, row, event, nowMs });
}

/** What a due rollout of ours is waiting for: its judgement while baking, else its next action. */
async function nextEvent(
  tx: Queryable,
  runner: RolloutRunner,
  state: RolloutState,
  nowMs: number,
): Promise<RolloutEvent> {
  if (state.phase !== 'bake' || state.inFlight !== null) return { kind: 'due', nowMs };
  const analysisId = state.steps[state.step]?.analysisId ?? null;
  const judged: JudgementStatus | undefined =
    analysisId === null ? undefined : await runner.judge.status(tx, analysisId);
  const { status, reason } = judged ?? { status: 'cancelled' as const, reason: 'its analysis is gone' };
  return { kind: 'judged', status, reason, nowMs };
}

/** Applies `event` to the locked row: effects in this transaction, state saved by compare-and-set. */
async function commit(options: {
  ctx: AppContext;
  runner: RolloutRunner;
  tx: Queryable;
  row: RolloutRow;
  event: RolloutEvent;
  nowMs: number;
}): Promise<Advanced | null> {
  const { ctx, runner, tx, row, event, nowMs } = options;
  const result = transition(row.state, event, machinePlan(row));
  if (result.state === row.state && event.kind !== 'resumed') {
    // Nothing changed; keep the lease fresh so no other node takes over a rollout this one drives.
    await saveRolloutState(tx, {
      ...leaseOf(runner, row.state, nowMs),
      id: row.id,
      version: row.version,
      state: row.state,
      nowMs,
    });
    return null;
  }
  const applied = await applyEffects({ ctx, judge: runner.judge, tx, row, result, nowMs });
  const saved = await saveRolloutState(tx, {
    ...leaseOf(runner, applied.state, nowMs),
    id: row.id,
    version: row.version,
    state: applied.state,
    nowMs,
  });
  if (!saved) throw new Error(`rollout ${row.id} changed under its lock`);
  const { dueMs, status } = applied.state;
  return { row, send: applied.send, dueNow: status === 'running' && dueMs !== null && dueMs <= nowMs };
}

/** Held until it is due again (an action's timeout and grace), at least `LEASE_MS`; released at the end. */
function leaseOf(runner: RolloutRunner, state: RolloutState, nowMs: number) {
  if (state.status !== 'running') return { leaseOwner: null, leaseUntilMs: null };
  return { leaseOwner: runner.owner, leaseUntilMs: Math.max(nowMs + LEASE_MS, state.dueMs ?? 0) };
}

/** Records an action's result, unless another node took the rollout over meanwhile (it re-sends, same key). */
async function record(options: {
  ctx: AppContext;
  runner: RolloutRunner;
  tx: Queryable;
  id: number;
  action: InFlightAction;
  result: ActionResult;
}): Promise<boolean> {
  const { ctx, runner, tx, id, action, result } = options;
  const row = await lockRollout(tx, id);
  if (!row || row.lease_owner !== runner.owner || row.state.inFlight?.key !== action.key) return false;
  const nowMs = ctx.clock.now();
  const event: RolloutEvent = result.ok
    ? { kind: 'action_succeeded', key: action.key, nowMs, detail: result.detail }
    : { kind: 'action_failed', key: action.key, nowMs, error: result.error };
  const advanced = await commit({ ctx, runner, tx, row, event, nowMs });
  return advanced !== null;
}

/** Performs the action with the rollout's values; `{{weight}}` is 0 for a rollback and 100 for a promote. */
async function send(
  ctx: AppContext,
  runner: RolloutRunner,
  row: RolloutRow,
  action: InFlightAction,
): Promise<ActionResult> {
  const deploy = await getDeploy(ctx.db, row.deploy_id);
  const stepWeight = row.state.steps[action.step]?.weight ?? 0;
  const weight = action.action === 'rollback' ? 0 : action.action === 'promote' ? 100 : stepWeight;
  const spec = row.plan.actions[action.action];
  if (!spec) return { ok: false, error: `the plan has no ${action.action} action` };
  return performAction({
    action: spec,
    idempotencyKey: action.key,
    values: {
      service: row.service,
      version: deploy?.version ?? '',
      environment: deploy?.environment ?? '',
      weight: formatWeight(weight),
      step: String(action.step + 1),
      deployId: String(row.deploy_id),
      rolloutId: String(row.id),
    },
    environment: { env: ctx.env, commandsDir: runner.commandsDir, signal: runner.stop.signal },
  });
}

import { performance } from 'node:perf_hooks';
import type { EngineContext, SloStatusChange } from '../context/index.ts';
import {
  type AlertFlag,
  type AlertState,
  type AlertTransition,
  evaluateSlo,
  freshTail,
  nextAlertState,
  type SloEvaluation,
} from '../slo/index.ts';
import type { ErrorBudgetPolicy, Slo } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { SloInstance } from './slo-engine.ts';
import { upsertAlertStates } from './store.ts';

interface Pending {
  instance: SloInstance;
  state: AlertState;
  transitions: AlertTransition[];
}

export interface TickReport {
  evaluated: number;
  transitions: Array<{ slo: string; transition: AlertTransition }>;
  /** Wall time of the in-memory part (advance + evaluate), the hot path. */
  evaluateMs: number;
}

/**
 * One evaluation tick: every instance is advanced and evaluated in memory (synchronously, so pushes never
 * interleave), then alert state changes and transitions are stored in one transaction. The new state is
 * adopted only after that commit, so a failed write is retried by the next tick instead of being lost.
 */
export async function evaluateSlos({
  ctx,
  onTransitions,
  onStatusChanges,
}: {
  ctx: EngineContext;
  /** Told, before anything is stored, of every instance whose status differs from the previous tick's. */
  onStatusChanges?: (changes: SloStatusChange[]) => void;
  /** Runs inside the transaction that stores the transitions (the alerting intake), so both commit or neither. */
  onTransitions?: (
    tx: Queryable,
    transitions: Array<{ instance: SloInstance; transition: AlertTransition }>,
  ) => Promise<void>;
}): Promise<TickReport> {
  const nowMs = ctx.clock.now();
  const started = performance.now();
  const pending: Pending[] = [];
  const statusChanges: SloStatusChange[] = [];
  for (const instance of ctx.engine.instances.values()) {
    const atMs = Math.max(nowMs, instance.series.nowMs);
    instance.series.advance(atMs);
    const evaluation = evaluateAgain(instance, ctx.engine.policyFor(instance.slo), atMs);
    const previous = instance.evaluation?.status ?? 'no_data';
    instance.evaluation = evaluation;
    if (evaluation.status !== previous) statusChanges.push(statusChange(instance, previous, atMs));
    const next = nextAlertState({
      prev: instance.alertState,
      evaluation,
      nowMs: atMs,
      noDataAfterMs: instance.slo.alerting.noDataAfterMs,
    });
    if (instance.alertState === undefined || !sameState(instance.alertState, next.state)) {
      pending.push({ instance, state: next.state, transitions: next.transitions });
    }
  }
  const evaluateMs = performance.now() - started;
  if (statusChanges.length > 0) onStatusChanges?.(statusChanges);
  if (pending.length > 0) {
    await ctx.db.transaction(async (tx) => {
      for (const change of pending) await storeTransitions(tx, change);
      await storeStates(tx, pending, nowMs);
      const all = pending.flatMap((change) =>
        change.transitions.map((transition) => ({ instance: change.instance, transition })),
      );
      if (onTransitions && all.length > 0) await onTransitions(tx, all);
    });
    for (const change of pending) change.instance.alertState = change.state;
  }
  const transitions = pending.flatMap((change) =>
    change.transitions.map((transition) => ({ slo: change.instance.slo.name, transition })),
  );
  for (const { slo, transition } of transitions) {
    ctx.logger.info({ slo, severity: transition.severity, state: transition.state }, 'slo alert transition');
  }
  return { evaluated: ctx.engine.instances.size, transitions, evaluateMs };
}

/** What an instance's last evaluation was made from: the same again gives the same evaluation. */
interface EvaluatedFrom {
  revision: number;
  slo: Slo;
  policy: ErrorBudgetPolicy | undefined;
  sourceError: string | undefined;
}

const evaluatedFrom = new WeakMap<SloInstance, EvaluatedFrom>();

/**
 * The instance evaluated at `atMs`. When nothing it reads has changed since its last evaluation (same
 * series revision, spec, policy and source error, and no provisional tail, whose share of a window moves
 * with time), the last one is reused with the new time: a polled SLO's data moves once a minute, while
 * every instance is evaluated every tick.
 */
function evaluateAgain(
  instance: SloInstance,
  policy: ErrorBudgetPolicy | undefined,
  atMs: number,
): SloEvaluation {
  const { slo, series, sourceError } = instance;
  const tail = freshTail(instance.tail, atMs);
  const last = evaluatedFrom.get(instance);
  if (
    instance.evaluation &&
    !tail &&
    last?.revision === series.revision &&
    last.slo === slo &&
    last.policy === policy &&
    last.sourceError === sourceError
  ) {
    return { ...instance.evaluation, atMs, budgetWindow: series.budgetWindow() };
  }
  const evaluation = evaluateSlo({ slo, series, policy, nowMs: atMs, sourceError, tail });
  // After a tail the next evaluation starts afresh: this one counted it.
  if (tail) evaluatedFrom.delete(instance);
  else evaluatedFrom.set(instance, { revision: series.revision, slo, policy, sourceError });
  return evaluation;
}

function statusChange(instance: SloInstance, previous: string, atMs: number): SloStatusChange {
  const evaluation = instance.evaluation;
  return {
    slo: instance.slo.name,
    service: instance.slo.service,
    status: evaluation?.status ?? 'no_data',
    previous,
    budgetRemaining: evaluation && evaluation.sli.total > 0 ? evaluation.errorBudget.remaining : null,
    atMs,
  };
}

// Fails to compile when AlertState gains a field that sameState does not compare.
const comparedFields: Record<keyof AlertState, true> = {
  page: true,
  ticket: true,
  noData: true,
  firstSeenMs: true,
  sourceErrorSinceMs: true,
};
void comparedFields;

const sameFlag = (a: AlertFlag, b: AlertFlag) => a.firing === b.firing && a.sinceMs === b.sinceMs;

/** Field by field: this runs for every instance on every tick (JSON.stringify here was a third of a tick). */
function sameState(a: AlertState, b: AlertState): boolean {
  return (
    sameFlag(a.page, b.page) &&
    sameFlag(a.ticket, b.ticket) &&
    sameFlag(a.noData, b.noData) &&
    a.firstSeenMs === b.firstSeenMs &&
    a.sourceErrorSinceMs === b.sourceErrorSinceMs
  );
}

/** Every changed alert state in one statement: the first tick of 10,000 SLOs stores 10,000 of them. */
async function storeStates(tx: Queryable, pending: Pending[], nowMs: number): Promise<void> {
  await upsertAlertStates(
    tx,
    pending.map((p) => ({ slo: p.instance.slo.name, state: p.state })),
    nowMs,
  );
}

async function storeTransitions(tx: Queryable, change: Pending): Promise<void> {
  const { slo } = change.instance;
  for (const t of change.transitions) {
    if (t.state === 'firing') {
      const labels = { ...slo.labels, slo: slo.name, service: slo.service, severity: t.severity };
      await tx.query(
        `INSERT INTO slo_alerts (slo, service, severity, fired_ms, fired_burn_rates, labels, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          slo.name,
          slo.service,
          t.severity,
          t.atMs,
          JSON.stringify(t.burnRates),
          JSON.stringify(labels),
          t.reason,
        ],
      );
    } else {
      await tx.query(
        `UPDATE slo_alerts SET resolved_ms = $3, resolved_burn_rates = $4
         WHERE slo = $1 AND severity = $2 AND resolved_ms IS NULL`,
        [slo.name, t.severity, t.atMs, JSON.stringify(t.burnRates)],
      );
    }
  }
}

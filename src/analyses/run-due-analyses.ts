import type { AppContext } from '../context/index.ts';
import { addDeployEvent } from '../deploys/index.ts';
import type { Queryable } from '../storage/index.ts';
import { judgeInterval, statusAfter } from './judge-interval.ts';
import { intervalCount, intervalDueMs, intervalWindow, retryWindowMs } from './plan.ts';
import { type IntervalReads, mapBounded, readPrometheus, readPushed } from './read-interval.ts';
import { canaryBurn } from './slo-burn.ts';
import { type AnalysisRow, dueAnalyses, recordInterval, recordRetry } from './store.ts';
import type { AnalysisInterval, IntervalSlo } from './types.ts';

/** Analyses advanced at once: one slow Prometheus holds only its own slot. */
const IN_FLIGHT = 4;
/** Due analyses taken per run; the rest are due again next second. */
const BATCH = 100;
const RETRY_EVERY_MS = 1_000;
const ACTOR = 'nines:canary-analysis';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'logger' | 'model' | 'env'>;

/** When the earliest running analysis' next interval (or retry) falls due (epoch ms), or null. */
export async function nextAnalysisDueMs(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ due: number | null }>(
    `SELECT MIN(next_due_ms) AS due FROM canary_analyses WHERE status = 'running'`,
  );
  return row?.due ?? null;
}

/** The job verb: judges every interval that is due, fails early, finishes at bake end. */
export async function runDueAnalyses(o: {
  ctx: Ctx;
  signal?: AbortSignal;
}): Promise<{ judged: number; retried: number }> {
  const due = await dueAnalyses(o.ctx.db, o.ctx.clock.now(), BATCH);
  let judged = 0;
  let retried = 0;
  await mapBounded(due, IN_FLIGHT, async (row) => {
    if (o.signal?.aborted) return;
    try {
      const outcome = await advanceAnalysis(o.ctx, row, o.signal);
      if (outcome === 'judged') judged++;
      if (outcome === 'retry') retried++;
    } catch (error) {
      o.ctx.logger.error({ err: error, analysis: row.id }, 'canary analysis interval failed');
    }
  });
  return { judged, retried };
}

async function readInterval(
  ctx: Ctx,
  row: AnalysisRow,
  window: { fromMs: number; toMs: number },
  signal?: AbortSignal,
): Promise<IntervalReads> {
  return row.spec.source.kind === 'pushed'
    ? readPushed(ctx, { id: row.id, spec: row.spec, window })
    : readPrometheus(ctx, { spec: row.spec, window, ...(signal ? { signal } : {}) });
}

function sloOf(ctx: Ctx, row: AnalysisRow, errorRatio: number | null | undefined): IntervalSlo | null {
  const aware = row.spec.sloAware;
  if (!aware || errorRatio === undefined) return null;
  const slo = ctx.model.slos.find((s) => s.name === aware.slo);
  // An SLO removed from the config since the start: nothing to hold the canary to.
  if (!slo) return { name: aware.slo, burnRate: null, maxBurnRate: aware.maxBurnRate, ok: true, errorRatio };
  return canaryBurn({
    slo: slo.name,
    objectivePercent: slo.objective,
    maxBurnRate: aware.maxBurnRate,
    errorRatio,
  });
}

async function advanceAnalysis(
  ctx: Ctx,
  row: AnalysisRow,
  signal?: AbortSignal,
): Promise<'judged' | 'retry' | 'skipped'> {
  const { spec } = row;
  const index = row.judged + 1;
  const window = intervalWindow(spec, row.started_ms, index);
  const reads = await readInterval(ctx, row, window, signal);
  const nowMs = ctx.clock.now();
  if (reads.errors.length > 0) {
    const since = row.retry_since_ms ?? nowMs;
    if (nowMs < since + retryWindowMs(spec.intervalMs) && !signal?.aborted) {
      await recordRetry(ctx.db, {
        id: row.id,
        expectJudged: row.judged,
        retrySinceMs: since,
        lastError: reads.errors.join('; '),
        nextDueMs: nowMs + RETRY_EVERY_MS,
      });
      return 'retry';
    }
    if (signal?.aborted) return 'skipped';
  }
  const interval = judgeInterval({
    spec,
    index,
    window,
    nowMs,
    samples: reads.samples,
    errors: reads.errors,
    slo: sloOf(ctx, row, reads.errorRatio),
  });
  const stored = await ctx.db.transaction((tx) => storeInterval(tx, row, interval, nowMs));
  return stored ? 'judged' : 'skipped';
}

/** The interval, the analysis' new state and the deploy's history, in one transaction; once per interval. */
async function storeInterval(
  tx: Queryable,
  row: AnalysisRow,
  interval: AnalysisInterval,
  nowMs: number,
): Promise<boolean> {
  const count = intervalCount(row.spec);
  const status = statusAfter(interval, count);
  const finished = status !== 'running';
  const stored = await recordInterval(tx, {
    id: row.id,
    expectJudged: row.judged,
    intervals: [...row.intervals, interval],
    status,
    reason: finished ? interval.reason : null,
    score: interval.score,
    nextDueMs: finished ? null : intervalDueMs(row.spec, row.started_ms, interval.index + 1),
    finishedMs: finished ? nowMs : null,
  });
  if (!stored || row.deploy_id === null) return stored;
  const event = { deployId: row.deploy_id, atMs: nowMs, actor: ACTOR };
  await addDeployEvent(tx, {
    ...event,
    kind: 'analysis.interval',
    details: { analysisId: row.id, index: interval.index, verdict: interval.verdict, score: interval.score },
  });
  if (finished) {
    await addDeployEvent(tx, {
      ...event,
      kind: 'analysis.finished',
      details: { analysisId: row.id, status, score: interval.score, reason: interval.reason },
    });
  }
  return true;
}

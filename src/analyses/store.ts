import type { Queryable } from '../storage/index.ts';
import type { AnalysisInterval, AnalysisSpec, AnalysisStatus } from './types.ts';

/** A row of `canary_analyses`. */
export interface AnalysisRow {
  id: number;
  service: string;
  deploy_id: number | null;
  status: AnalysisStatus;
  reason: string | null;
  score: number | null;
  spec: AnalysisSpec;
  intervals: AnalysisInterval[];
  judged: number;
  next_due_ms: number | null;
  retry_since_ms: number | null;
  last_error: string | null;
  started_ms: number;
  ends_ms: number;
  finished_ms: number | null;
  created_by: string;
}

export interface SampleRow {
  metric: string;
  variant: 'control' | 'experiment';
  value: number;
}

export async function insertAnalysis(
  tx: Queryable,
  o: { spec: AnalysisSpec; startedMs: number; endsMs: number; nextDueMs: number; createdBy: string },
): Promise<AnalysisRow> {
  const [row] = await tx.query<AnalysisRow>(
    `INSERT INTO canary_analyses (service, deploy_id, status, spec, started_ms, ends_ms, next_due_ms, created_by)
     VALUES ($1, $2, 'running', $3, $4, $5, $6, $7) RETURNING *`,
    [
      o.spec.service,
      o.spec.deployId,
      JSON.stringify(o.spec),
      o.startedMs,
      o.endsMs,
      o.nextDueMs,
      o.createdBy,
    ],
  );
  if (!row) throw new Error('analysis insert returned nothing');
  return row;
}

export async function analysisRow(
  db: Queryable,
  id: number,
  forUpdate = false,
): Promise<AnalysisRow | undefined> {
  const [row] = await db.query<AnalysisRow>(
    `SELECT * FROM canary_analyses WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

export async function analysisRows(
  db: Queryable,
  f: { service?: string; deployId?: number; limit: number },
): Promise<AnalysisRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.service !== undefined) {
    params.push(f.service);
    where.push(`service = $${params.length}`);
  }
  if (f.deployId !== undefined) {
    params.push(f.deployId);
    where.push(`deploy_id = $${params.length}`);
  }
  params.push(f.limit);
  const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  return db.query<AnalysisRow>(
    `SELECT * FROM canary_analyses ${filter} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
}

/** Running analyses with an interval (or a retry) due; the job's one query when nothing is. */
export async function dueAnalyses(db: Queryable, nowMs: number, limit: number): Promise<AnalysisRow[]> {
  return db.query<AnalysisRow>(
    `SELECT * FROM canary_analyses WHERE status = 'running' AND next_due_ms <= $1 ORDER BY next_due_ms, id LIMIT $2`,
    [nowMs, limit],
  );
}

/**
 * Stores a judged interval with the analysis' new state, only if no one judged it first (`judged` still
 * `expectJudged` and still running); false otherwise.
 */
export async function recordInterval(
  tx: Queryable,
  o: {
    id: number;
    expectJudged: number;
    intervals: AnalysisInterval[];
    status: AnalysisStatus;
    reason: string | null;
    score: number;
    nextDueMs: number | null;
    finishedMs: number | null;
  },
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE canary_analyses
        SET intervals = $3, judged = $4, status = $5, reason = $6, score = $7, next_due_ms = $8, finished_ms = $9,
            retry_since_ms = NULL, last_error = NULL
      WHERE id = $1 AND judged = $2 AND status = 'running' RETURNING id`,
    [
      o.id,
      o.expectJudged,
      JSON.stringify(o.intervals),
      o.intervals.length,
      o.status,
      o.reason,
      o.score,
      o.nextDueMs,
      o.finishedMs,
    ],
  );
  return rows.length === 1;
}

/** Remembers a failed read of the interval now due and when to try again. */
export async function recordRetry(
  db: Queryable,
  o: { id: number; expectJudged: number; retrySinceMs: number; lastError: string; nextDueMs: number },
): Promise<void> {
  await db.query(
    `UPDATE canary_analyses SET retry_since_ms = $3, last_error = $4, next_due_ms = $5
      WHERE id = $1 AND judged = $2 AND status = 'running'`,
    [o.id, o.expectJudged, o.retrySinceMs, o.lastError, o.nextDueMs],
  );
}

export async function endAnalysis(
  tx: Queryable,
  o: { id: number; status: AnalysisStatus; reason: string; finishedMs: number },
): Promise<AnalysisRow | undefined> {
  const [row] = await tx.query<AnalysisRow>(
    `UPDATE canary_analyses SET status = $2, reason = $3, finished_ms = $4, next_due_ms = NULL
      WHERE id = $1 AND status = 'running' RETURNING *`,
    [o.id, o.status, o.reason, o.finishedMs],
  );
  return row;
}

export async function insertSamples(
  tx: Queryable,
  analysisId: number,
  samples: ReadonlyArray<{ metric: string; variant: string; atMs: number; value: number }>,
): Promise<void> {
  // In chunks: 5 parameters a row stays well under either engine's parameter limit.
  for (let start = 0; start < samples.length; start += 1_000) {
    const chunk = samples.slice(start, start + 1_000);
    const params: unknown[] = [];
    const rows = chunk.map((s) => {
      params.push(analysisId, s.metric, s.variant, s.atMs, s.value);
      const n = params.length;
      return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await tx.query(
      `INSERT INTO canary_samples (analysis_id, metric, variant, at_ms, value) VALUES ${rows.join(', ')}`,
      params,
    );
  }
}

/** Pushed samples of an analysis in [fromMs, toMs], newest first, at most `limit` per metric and variant. */
export async function readSamples(
  db: Queryable,
  o: { analysisId: number; fromMs: number; toMs: number; metrics: readonly string[]; limitEach: number },
): Promise<SampleRow[]> {
  const out: SampleRow[] = [];
  for (const metric of o.metrics) {
    for (const variant of ['control', 'experiment'] as const) {
      const rows = await db.query<{ value: number }>(
        `SELECT value FROM canary_samples
          WHERE analysis_id = $1 AND metric = $2 AND variant = $3 AND at_ms >= $4 AND at_ms <= $5
          ORDER BY at_ms DESC, id DESC LIMIT $6`,
        [o.analysisId, metric, variant, o.fromMs, o.toMs, o.limitEach],
      );
      for (const row of rows) out.push({ metric, variant, value: row.value });
    }
  }
  return out;
}

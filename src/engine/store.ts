import { DAY_MS } from '../core/duration.ts';
import type { AlertSeverity, BurnRates } from '../slo/index.ts';
import { dialectOf, type Queryable, sqlFor } from '../storage/index.ts';

/**
 * A bulk statement and its parameters, written once per dialect: PostgreSQL takes one array per column
 * (`unnest`), SQLite one JSON array of row tuples (`json_each`, read with `value ->> i`), since joining
 * parallel `json_each` arrays by key is quadratic there.
 */
function bulk(
  db: Queryable,
  statements: { postgres: () => [string, unknown[]]; sqlite: () => [string, unknown[]] },
): [string, unknown[]] {
  return statements[dialectOf(db.engine)]();
}

/** A write would have taken one SLO's minute past `maxMinuteTotal`; the statement stored nothing. */
export class MinuteTotalExceeded extends Error {
  constructor() {
    super('a minute bucket would exceed its limit');
  }
}

/**
 * Adds minute points to the durable buckets (inside the caller's transaction), in one statement per
 * batch: the hot write path of pushed events. Rows are written in one global order (SLO, then minute), so
 * concurrent batches on PostgreSQL lock them in the same order and cannot deadlock each other.
 *
 * With `maxMinuteTotal`, a sum past it makes the statement fail (`MinuteTotalExceeded`; the caller's
 * transaction must then roll back). The check rides in the upsert itself — the new total is NULL past the
 * limit and the column is NOT NULL — because reading every row back (RETURNING) doubled the statement's
 * cost on SQLite (1.6 → 3.3 ms for 1,000 rows).
 */
export async function addSliBuckets(
  tx: Queryable,
  unordered: ReadonlyArray<{ slo: string; timeMs: number; good: number; total: number }>,
  options: { maxMinuteTotal?: number } = {},
): Promise<void> {
  if (unordered.length === 0) return;
  const points = [...unordered].sort((a, b) =>
    a.slo === b.slo ? a.timeMs - b.timeMs : a.slo < b.slo ? -1 : 1,
  );
  const limit = options.maxMinuteTotal;
  const upsert = (limitParam: string) => `ON CONFLICT (slo, start_ms) DO UPDATE
       SET good = sli_buckets.good + excluded.good,
           total = ${
             limit === undefined
               ? 'sli_buckets.total + excluded.total'
               : `CASE WHEN sli_buckets.total + excluded.total <= ${limitParam} THEN sli_buckets.total + excluded.total END`
           }`;
  const extra = limit === undefined ? [] : [limit];
  try {
    await tx.query(
      ...bulk(tx, {
        postgres: () => [
          `INSERT INTO sli_buckets (slo, start_ms, good, total)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::float8[])
         ${upsert('$5::float8')}`,
          [
            points.map((p) => p.slo),
            points.map((p) => p.timeMs),
            points.map((p) => p.good),
            points.map((p) => p.total),
            ...extra,
          ],
        ],
        // `WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT, not to a join.
        sqlite: () => [
          `INSERT INTO sli_buckets (slo, start_ms, good, total)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each($1) WHERE true
         ${upsert('$2')}`,
          [points.map((p) => [p.slo, p.timeMs, p.good, p.total]), ...extra],
        ],
      }),
    );
  } catch (error) {
    if (limit !== undefined && isTotalNullViolation(error)) throw new MinuteTotalExceeded();
    throw error;
  }
}

/** PostgreSQL's not_null_violation on `total`, or SQLite's "NOT NULL constraint failed: sli_buckets.total". */
function isTotalNullViolation(error: unknown): boolean {
  const { code, column, message } = (error ?? {}) as { code?: unknown; column?: unknown; message?: unknown };
  if (code === '23502') return column === 'total';
  return typeof message === 'string' && message.includes('NOT NULL constraint failed: sli_buckets.total');
}

/** The first point that would take its stored minute past `limit` (read outside any write). */
export async function firstMinuteOver(
  db: Queryable,
  points: ReadonlyArray<{ slo: string; timeMs: number; total: number }>,
  limit: number,
): Promise<{ slo: string; timeMs: number; total: number } | undefined> {
  for (const point of points) {
    const [row] = await db.query<{ total: number }>(
      'SELECT total FROM sli_buckets WHERE slo = $1 AND start_ms = $2',
      [point.slo, point.timeMs],
    );
    const total = Number(row?.total ?? 0) + point.total;
    if (total > limit) return { slo: point.slo, timeMs: point.timeMs, total };
  }
  return undefined;
}

/** Stores alert states (plain JSON) in one statement: the first tick of 10,000 SLOs stores 10,000. */
export async function upsertAlertStates(
  tx: Queryable,
  states: ReadonlyArray<{ slo: string; state: object }>,
  nowMs: number,
): Promise<void> {
  if (states.length === 0) return;
  const upsert = 'ON CONFLICT (slo) DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms';
  await tx.query(
    ...bulk(tx, {
      postgres: () => [
        `INSERT INTO slo_alert_state (slo, state, updated_ms)
         SELECT slo, state::jsonb, $3 FROM unnest($1::text[], $2::text[]) AS u(slo, state)
         ${upsert}`,
        [states.map((s) => s.slo), states.map((s) => JSON.stringify(s.state)), nowMs],
      ],
      // `value -> 1` is the state as JSON text; `WHERE true` as in addSliBuckets.
      sqlite: () => [
        `INSERT INTO slo_alert_state (slo, state, updated_ms)
         SELECT value ->> 0, value -> 1, $2 FROM json_each($1) WHERE true
         ${upsert}`,
        [states.map((s) => [s.slo, s.state]), nowMs],
      ],
    }),
  );
}

/** The groupBy instances known for these specs, by name. */
export function knownInstances(
  db: Queryable,
  specs: readonly string[],
): Promise<Array<{ spec: string; labels: Record<string, string> }>> {
  return db.query(
    sqlFor(db, {
      postgres: 'SELECT spec, labels FROM slo_instances WHERE spec = ANY($1::text[]) ORDER BY name',
      sqlite:
        'SELECT spec, labels FROM slo_instances WHERE spec IN (SELECT value FROM json_each($1)) ORDER BY name',
    }),
    [specs],
  );
}

/** The stored minutes of these SLO instances from `fromMs` on, by SLO then time. */
export function bucketsSince(
  db: Queryable,
  slos: readonly string[],
  fromMs: number,
): Promise<Array<{ slo: string; start_ms: number; good: number; total: number }>> {
  return db.query(
    sqlFor(db, {
      postgres:
        'SELECT slo, start_ms, good, total FROM sli_buckets WHERE slo = ANY($1::text[]) AND start_ms >= $2 ORDER BY slo, start_ms',
      sqlite:
        'SELECT slo, start_ms, good, total FROM sli_buckets WHERE slo IN (SELECT value FROM json_each($1)) AND start_ms >= $2 ORDER BY slo, start_ms',
    }),
    [slos, fromMs],
  );
}

/** The persisted alert state of these SLO instances (those that have one). */
export function alertStatesOf<State>(
  db: Queryable,
  slos: readonly string[],
): Promise<Array<{ slo: string; state: State }>> {
  return db.query(
    sqlFor(db, {
      postgres: 'SELECT slo, state FROM slo_alert_state WHERE slo = ANY($1::text[])',
      sqlite: 'SELECT slo, state FROM slo_alert_state WHERE slo IN (SELECT value FROM json_each($1))',
    }),
    [slos],
  );
}

/** One SLO alert episode as stored in `slo_alerts`. */
export interface SloAlertRow {
  id: number | string;
  slo: string;
  service: string;
  severity: AlertSeverity;
  fired_ms: number;
  fired_burn_rates: BurnRates;
  resolved_ms: number | null;
  resolved_burn_rates: BurnRates | null;
  labels: Record<string, string>;
  reason: string | null;
}

/** SLO alert episodes matching the filter (each field optional), newest first. */
export function listSloAlerts(
  db: Queryable,
  filter: { state?: 'firing' | 'resolved'; slo?: string; severity?: AlertSeverity; limit: number },
): Promise<SloAlertRow[]> {
  return db.query<SloAlertRow>(
    `SELECT id, slo, service, severity, fired_ms, fired_burn_rates, resolved_ms, resolved_burn_rates,
            labels, reason
     FROM slo_alerts
     WHERE ($1::text IS NULL OR ($1 = 'firing') = (resolved_ms IS NULL))
       AND ($2::text IS NULL OR slo = $2)
       AND ($3::text IS NULL OR severity = $3)
     ORDER BY fired_ms DESC, id DESC
     LIMIT $4`,
    [filter.state ?? null, filter.slo ?? null, filter.severity ?? null, filter.limit],
  );
}

/** An SLO's alert episodes that were firing at some point of [fromMs, toMs], by firing time. */
export function sloAlertsOverlapping(
  db: Queryable,
  filter: { slo: string; fromMs: number; toMs: number },
): Promise<Array<Pick<SloAlertRow, 'severity' | 'fired_ms' | 'resolved_ms'>>> {
  return db.query(
    `SELECT severity, fired_ms, resolved_ms FROM slo_alerts
     WHERE slo = $1 AND fired_ms <= $3 AND (resolved_ms IS NULL OR resolved_ms >= $2)
     ORDER BY fired_ms, id`,
    [filter.slo, filter.fromMs, filter.toMs],
  );
}

/** One probe run as stored in `probe_results`. */
export interface ProbeResultRow {
  probe: string;
  started_ms: number;
  ok: boolean;
  latency_ms: number;
  attempts: number;
  status: number | null;
  cert_days_left: number | null;
  error: string | null;
}

/** The latest run of each named probe that has run. */
export function latestProbeResults(db: Queryable, probes: readonly string[]): Promise<ProbeResultRow[]> {
  return db.query<ProbeResultRow>(
    sqlFor(db, {
      postgres: `SELECT DISTINCT ON (probe) * FROM probe_results WHERE probe = ANY($1::text[]) ORDER BY probe, started_ms DESC`,
      // The row itself (not an expression) keeps the declared column types the adapter decodes by.
      sqlite: `SELECT * FROM probe_results
               WHERE (probe, started_ms) IN (
                 SELECT probe, max(started_ms) FROM probe_results
                 WHERE probe IN (SELECT value FROM json_each($1)) GROUP BY probe)
               ORDER BY probe`,
    }),
    [probes],
  );
}

/** A probe's recent runs, newest first. */
export function recentProbeResults(db: Queryable, probe: string, limit: number): Promise<ProbeResultRow[]> {
  return db.query<ProbeResultRow>(
    'SELECT * FROM probe_results WHERE probe = $1 ORDER BY started_ms DESC LIMIT $2',
    [probe, limit],
  );
}

/** An SLO's stored minutes in [fromMs, toMs), oldest first. */
export async function sliMinutes(
  db: Queryable,
  options: { slo: string; fromMs: number; toMs: number },
): Promise<Array<{ startMs: number; good: number; total: number }>> {
  const rows = await db.query<{ start_ms: number; good: number; total: number }>(
    'SELECT start_ms, good, total FROM sli_buckets WHERE slo = $1 AND start_ms >= $2 AND start_ms < $3 ORDER BY start_ms',
    [options.slo, options.fromMs, options.toMs],
  );
  return rows.map((row) => ({ startMs: Number(row.start_ms), good: row.good, total: row.total }));
}

/** What `classifiedMinutesPerDay` counts: groups of SLOs, windows left out, and what "down" means. */
export interface MinuteClassification {
  /** `budget` is 1 − objective / 100 of the SLO. */
  members: ReadonlyArray<{ component: string; slo: string; budget: number }>;
  /** Minutes starting inside one of these are left out of the component's counts. */
  windows: ReadonlyArray<{ component: string; startMs: number; endMs: number }>;
  fromMs: number;
  toMs: number;
  /** A minute of an SLO is down when good < this × total. */
  downBelowRatio: number;
  /** A minute is partial when it burns at least this multiple of the SLO's budget. */
  partialBurnRate: number;
}

/**
 * Classifies every minute in SQL and counts per component and UTC day that has data: 90 days × 10 SLOs
 * is over a million bucket rows, and only ~900 come back.
 */
export async function classifiedMinutesPerDay(
  db: Queryable,
  options: MinuteClassification,
): Promise<Array<{ component: string; day: number; counted: number; down: number; partial: number }>> {
  const rows = await db.query<{
    component: string;
    day: number;
    counted: number;
    down: number;
    partial: number;
  }>(
    sqlFor(db, {
      postgres: `WITH members AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::float8[]) AS m(component, slo, budget)
       ), windows AS (
         SELECT * FROM unnest($4::text[], $5::bigint[], $6::bigint[]) AS w(component, start_ms, end_ms)
       ), minutes AS (
         SELECT m.component, b.start_ms,
                bool_or(b.good < $9 * b.total) AS down,
                bool_or(b.good < b.total AND b.total - b.good >= $10 * m.budget * b.total) AS partial
         FROM sli_buckets b JOIN members m ON m.slo = b.slo
         WHERE b.start_ms >= $7 AND b.start_ms < $8 AND b.total > 0
         GROUP BY m.component, b.start_ms
       )
       SELECT component, (start_ms / ${DAY_MS})::bigint AS day, count(*) AS counted,
              count(*) FILTER (WHERE down) AS down, count(*) FILTER (WHERE partial AND NOT down) AS partial
       FROM minutes
       WHERE NOT EXISTS (
         SELECT 1 FROM windows w
         WHERE w.component = minutes.component AND minutes.start_ms >= w.start_ms AND minutes.start_ms < w.end_ms)
       GROUP BY component, day`,
      // Members and windows are few (components × SLOs, maintenance windows), so their parallel JSON
      // arrays are zipped by index (`$2 ->> key`); the buckets are read by primary key per member. max() of a comparison is bool_or; start_ms is INTEGER, so the division truncates to
      // the UTC day as PostgreSQL's bigint division does.
      sqlite: `WITH members AS (
         SELECT c.value AS component, $2 ->> c.key AS slo, $3 ->> c.key AS budget FROM json_each($1) c
       ), windows AS (
         SELECT c.value AS component, $5 ->> c.key AS start_ms, $6 ->> c.key AS end_ms FROM json_each($4) c
       ), minutes AS (
         SELECT m.component, b.start_ms,
                max(b.good < $9 * b.total) AS down,
                max(b.good < b.total AND b.total - b.good >= $10 * m.budget * b.total) AS partial
         FROM sli_buckets b JOIN members m ON m.slo = b.slo
         WHERE b.start_ms >= $7 AND b.start_ms < $8 AND b.total > 0
         GROUP BY m.component, b.start_ms
       )
       SELECT component, start_ms / ${DAY_MS} AS day, count(*) AS counted,
              count(*) FILTER (WHERE down) AS down, count(*) FILTER (WHERE partial AND NOT down) AS partial
       FROM minutes
       WHERE NOT EXISTS (
         SELECT 1 FROM windows w
         WHERE w.component = minutes.component AND minutes.start_ms >= w.start_ms AND minutes.start_ms < w.end_ms)
       GROUP BY component, day`,
    }),
    [
      options.members.map((m) => m.component),
      options.members.map((m) => m.slo),
      options.members.map((m) => m.budget),
      options.windows.map((w) => w.component),
      options.windows.map((w) => w.startMs),
      options.windows.map((w) => w.endMs),
      options.fromMs,
      options.toMs,
      options.downBelowRatio,
      options.partialBurnRate,
    ],
  );
  return rows.map((row) => ({
    component: row.component,
    day: Number(row.day),
    counted: Number(row.counted),
    down: Number(row.down),
    partial: Number(row.partial),
  }));
}

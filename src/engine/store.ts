import { DAY_MS } from '../core/duration.ts';
import type { AlertSeverity, BurnRates } from '../slo/index.ts';
import type { Queryable } from '../storage/index.ts';

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
    `SELECT DISTINCT ON (probe) * FROM probe_results WHERE probe = ANY($1::text[]) ORDER BY probe, started_ms DESC`,
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
    `WITH members AS (
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

import { overridesCovering, type ScheduleOverride } from '../oncall/index.ts';
import type { Severity } from '../specs/index.ts';
import { type Queryable, sqlFor } from '../storage/index.ts';
import type { AlertCount, HealthPage } from './oncall-health.ts';
import type { PersonNotification } from './shift-load.ts';

/** A half-open time range [fromMs, toMs). */
export interface Range {
  fromMs: number;
  toMs: number;
}

/** Pages created in the range, with the highest level any escalation notified (snoozes reset `level`). */
export async function readPages(db: Queryable, { fromMs, toMs }: Range): Promise<HealthPage[]> {
  const rows = await db.query<{
    id: number;
    severity: Severity;
    created_ms: number;
    acknowledged_ms: number | null;
    acknowledged_by: string | null;
    max_level: number;
  }>(
    sqlFor(db, {
      postgres: `SELECT p.id, p.severity, p.created_ms, p.acknowledged_ms, p.acknowledged_by,
          GREATEST(p.level, COALESCE(max((e.details->>'level')::int), 0)) AS max_level
        FROM pages p LEFT JOIN page_events e ON e.page_id = p.id AND e.kind = 'escalated'
        WHERE p.created_ms >= $1 AND p.created_ms < $2
        GROUP BY p.id ORDER BY p.id`,
      sqlite: `SELECT p.id, p.severity, p.created_ms, p.acknowledged_ms, p.acknowledged_by,
          max(p.level, COALESCE(max(e.details->>'level'), 0)) AS max_level
        FROM pages p LEFT JOIN page_events e ON e.page_id = p.id AND e.kind = 'escalated'
        WHERE p.created_ms >= $1 AND p.created_ms < $2
        GROUP BY p.id ORDER BY p.id`,
    }),
    [fromMs, toMs],
  );
  return rows.map((row) => ({
    id: row.id,
    severity: row.severity,
    createdMs: row.created_ms,
    acknowledgedMs: row.acknowledged_ms,
    acknowledgedBy: row.acknowledged_by,
    maxLevel: row.max_level,
  }));
}

/** When each person was first notified (a delivery that was sent; a failed one reached nobody) for each page created in the range. */
export async function readPersonNotifications(
  db: Queryable,
  { fromMs, toMs }: Range,
): Promise<PersonNotification[]> {
  const rows = await db.query<{ page_id: number; person: string; at_ms: number }>(
    `SELECT d.page_id, substr(d.recipient, 8) AS person, min(d.created_ms) AS at_ms
     FROM deliveries d JOIN pages p ON p.id = d.page_id
     WHERE p.created_ms >= $1 AND p.created_ms < $2 AND d.recipient LIKE 'person:%' AND d.status = 'sent'
     GROUP BY d.page_id, d.recipient ORDER BY at_ms, d.page_id`,
    [fromMs, toMs],
  );
  return rows.map((row) => ({ pageId: row.page_id, person: row.person, atMs: row.at_ms }));
}

/**
 * Overrides that covered part of the range, by schedule. A deleted override counts until its deletion:
 * the report tells who was actually on call then.
 */
export function readOverrides(db: Queryable, range: Range): Promise<Map<string, ScheduleOverride[]>> {
  return overridesCovering(db, range);
}

/** Alerts seen during the range (first seen before its end, last seen after its start), by name and service. */
export async function readAlertCounts(db: Queryable, { fromMs, toMs }: Range): Promise<AlertCount[]> {
  return db.query<AlertCount>(
    // SQLite reads `->> 'name'` as PostgreSQL does: the text of that key (label values are strings).
    `SELECT COALESCE(labels->>'alertname', summary) AS alertname, service, count(*) AS count
     FROM alerts WHERE first_seen_ms < $2 AND last_seen_ms >= $1
     GROUP BY 1, 2`,
    [fromMs, toMs],
  );
}

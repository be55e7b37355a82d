import { NinesError } from '../core/errors.ts';
import type { LabelMatcher, Silence } from '../specs/index.ts';
import { appendAudit, type Db, type Queryable } from '../storage/index.ts';

/** A silence created through the API, as stored in `silences`. */
export interface SilenceRow {
  id: string;
  matchers: LabelMatcher[];
  start_ms: number;
  end_ms: number;
  comment: string | null;
  created_by: string;
  created_ms: number;
}

/** API silences, newest first. */
export function listSilences(db: Queryable, limit: number): Promise<SilenceRow[]> {
  return db.query<SilenceRow>('SELECT * FROM silences ORDER BY created_ms DESC, id LIMIT $1', [limit]);
}

/** API silences in force at `nowMs`, shaped like the configured ones. */
export async function activeStoredSilences(db: Queryable, nowMs: number): Promise<Silence[]> {
  const rows = await db.query<Pick<SilenceRow, 'id' | 'matchers' | 'start_ms' | 'end_ms' | 'comment'>>(
    'SELECT id, matchers, start_ms, end_ms, comment FROM silences WHERE start_ms <= $1 AND end_ms > $1',
    [nowMs],
  );
  return rows.map((row) => ({
    name: row.id,
    matchers: row.matchers,
    startMs: row.start_ms,
    endMs: row.end_ms,
    comment: row.comment ?? undefined,
    origin: 'nines' as const,
    source: { file: 'api', line: 0, col: 0 },
  }));
}

/** Stores a new silence and its audit entry in one transaction. */
export async function createSilence(options: {
  db: Db;
  silence: SilenceRow;
  auditDetails: object;
}): Promise<void> {
  const { silence } = options;
  await options.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO silences (id, matchers, start_ms, end_ms, comment, created_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        silence.id,
        JSON.stringify(silence.matchers),
        silence.start_ms,
        silence.end_ms,
        silence.comment,
        silence.created_by,
        silence.created_ms,
      ],
    );
    await appendAudit(tx, {
      nowMs: silence.created_ms,
      actor: silence.created_by,
      action: 'silence.create',
      target: silence.id,
      details: options.auditDetails,
    });
  });
}

/**
 * Ends an API silence at `nowMs`, audited; returns it as ended. A configured silence cannot be ended
 * here (its file says so), nor one that has already ended.
 */
export async function expireSilence(options: {
  db: Db;
  id: string;
  actor: string;
  nowMs: number;
  configured: readonly Silence[];
}): Promise<SilenceRow> {
  const { id, nowMs } = options;
  return options.db.transaction(async (tx) => {
    const [row] = await tx.query<SilenceRow>('SELECT * FROM silences WHERE id = $1 FOR UPDATE', [id]);
    if (!row) {
      if (options.configured.some((s) => s.name === id)) {
        throw new NinesError('conflict', `silence "${id}" is defined in config: remove it there`);
      }
      throw new NinesError('not_found', `no silence ${id}`);
    }
    if (row.end_ms <= nowMs)
      throw new NinesError(
        'conflict',
        `silence ${id} already ended at ${new Date(row.end_ms).toISOString()}`,
      );
    await tx.query('UPDATE silences SET end_ms = $2 WHERE id = $1', [id, nowMs]);
    await appendAudit(tx, {
      nowMs,
      actor: options.actor,
      action: 'silence.expire',
      target: id,
      details: { endedAt: new Date(nowMs).toISOString() },
    });
    return { ...row, end_ms: nowMs };
  });
}

import type { EngineContext } from '../context/index.ts';
import { columnArrays, type Queryable, sqlFor, unnestColumns } from '../storage/index.ts';
import type { SloEngine } from './slo-engine.ts';

/**
 * Where each Prometheus-read spec stopped, as this process knows it: loaded from `source_cursors` in one
 * read on first use, then kept in step with every commit, so a tick with nothing due runs no statement.
 * Keyed by engine: one per running installation.
 */
const cursorsByEngine = new WeakMap<SloEngine, Map<string, number>>();

/** A cursor moved by someone else (another node, another poll): this read is dropped, not counted twice. */
export class CursorMoved extends Error {}

/** Forgets the cursors held in memory: the next poll reads them from storage again (storage changed behind this process). */
export function reloadSourceCursors(engine: SloEngine): void {
  cursorsByEngine.delete(engine);
}

/** This installation's cursors, read from storage once. */
export async function cursorsOf(ctx: EngineContext): Promise<Map<string, number>> {
  const known = cursorsByEngine.get(ctx.engine);
  if (known) return known;
  const rows = await ctx.db.query<{ slo_spec: string; through_ms: number }>(
    'SELECT slo_spec, through_ms FROM source_cursors',
  );
  const cursors = new Map(rows.map((row) => [row.slo_spec, Number(row.through_ms)]));
  cursorsByEngine.set(ctx.engine, cursors);
  return cursors;
}

/** A cursor to move: the spec's, to `throughMs`, from `previousMs` (undefined: it has no row yet). */
export interface CursorMove {
  spec: { name: string };
  throughMs: number;
  previousMs: number | undefined;
}

/**
 * Moves every cursor only from where this read started (compare-and-set): a node or a poll that read the
 * same steps first keeps them, and this transaction rolls back rather than counting them twice. One
 * statement moves the cursors that have a row and one inserts those that have none, however many there
 * are (a poll of 10,000 SLOs stores its batches with a few statements each, not one per SLO). On
 * PostgreSQL both statements lock rows in name order, as buckets are, so two nodes moving the same cursors
 * cannot deadlock.
 */
export async function moveCursors(tx: Queryable, moves: readonly CursorMove[]): Promise<void> {
  const existing = moves.filter((move) => move.previousMs !== undefined);
  const fresh = moves.filter((move) => move.previousMs === undefined);
  let moved = 0;
  if (existing.length > 0) {
    const rows = existing.map((move) => ({
      slo_spec: move.spec.name,
      through_ms: move.throughMs,
      previous_ms: move.previousMs,
    }));
    moved += (await tx.query(sqlFor(tx, moveExistingSql), rowParams(tx, rows, movedTypes))).length;
  }
  if (fresh.length > 0) {
    const rows = fresh.map((move) => ({ slo_spec: move.spec.name, through_ms: move.throughMs }));
    moved += (await tx.query(sqlFor(tx, insertFreshSql), rowParams(tx, rows, insertedTypes))).length;
  }
  if (moved !== moves.length) {
    throw new CursorMoved(`${moves.length - moved} of ${moves.length} cursors moved meanwhile`);
  }
}

/** PostgreSQL reads the rows as one array per column (`unnestColumns`), SQLite as one JSON array. */
const rowParams = (tx: Queryable, rows: object[], types: Record<string, string>) =>
  tx.engine === 'postgres' ? columnArrays(rows, types) : [rows];

const movedTypes = { slo_spec: 'text', through_ms: 'bigint', previous_ms: 'bigint' };
const insertedTypes = { slo_spec: 'text', through_ms: 'bigint' };

/** The cursors that have a row, each moved only from its previous value; answers the moved ones. */
const moveExistingSql = {
  postgres: `WITH locked AS (
      SELECT slo_spec FROM source_cursors WHERE slo_spec = ANY($1::text[]) ORDER BY slo_spec FOR UPDATE
    )
    UPDATE source_cursors c SET through_ms = r.through_ms
    FROM locked, ${unnestColumns(movedTypes)}
    WHERE c.slo_spec = locked.slo_spec AND c.slo_spec = r.slo_spec AND c.through_ms = r.previous_ms
    RETURNING c.slo_spec`,
  sqlite: `UPDATE source_cursors SET through_ms = u.value ->> 'through_ms'
    FROM json_each($1) AS u
    WHERE source_cursors.slo_spec = u.value ->> 'slo_spec'
      AND source_cursors.through_ms = u.value ->> 'previous_ms'
    RETURNING slo_spec`,
};

/** The cursors that have no row yet; one written meanwhile by someone else is left as it is. */
const insertFreshSql = {
  postgres: `INSERT INTO source_cursors (slo_spec, through_ms)
    SELECT slo_spec, through_ms FROM ${unnestColumns(insertedTypes)} ORDER BY slo_spec
    ON CONFLICT (slo_spec) DO NOTHING RETURNING slo_spec`,
  sqlite: `INSERT INTO source_cursors (slo_spec, through_ms)
    SELECT value ->> 'slo_spec', value ->> 'through_ms' FROM json_each($1) WHERE true
    ON CONFLICT (slo_spec) DO NOTHING RETURNING slo_spec`,
};

/** Takes a cursor's stored value after a compare-and-set lost to another writer. */
export async function reloadCursor(
  ctx: EngineContext,
  cursors: Map<string, number>,
  spec: string,
): Promise<void> {
  const [row] = await ctx.db.query<{ through_ms: number }>(
    'SELECT through_ms FROM source_cursors WHERE slo_spec = $1',
    [spec],
  );
  if (row) cursors.set(spec, Number(row.through_ms));
  else cursors.delete(spec);
}

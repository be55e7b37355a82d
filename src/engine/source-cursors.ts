import type { EngineContext } from '../context/index.ts';
import type { Queryable } from '../storage/index.ts';
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

/**
 * Moves the cursor only from where this read started (compare-and-set): a node or a poll that read the
 * same steps first keeps them, and this transaction rolls back rather than counting them twice.
 */
export async function moveCursor(
  tx: Queryable,
  due: { spec: { name: string }; throughMs: number; previousMs: number | undefined },
): Promise<void> {
  const moved = await tx.query(
    `INSERT INTO source_cursors (slo_spec, through_ms) VALUES ($1, $2)
     ON CONFLICT (slo_spec) DO UPDATE SET through_ms = excluded.through_ms
     WHERE source_cursors.through_ms = $3 RETURNING slo_spec`,
    [due.spec.name, due.throughMs, due.previousMs ?? null],
  );
  if (moved.length !== 1) throw new CursorMoved(`cursor of ${due.spec.name} moved meanwhile`);
}

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

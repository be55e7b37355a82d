import type { EngineContext } from '../context/index.ts';
import { DAY_MS } from '../core/duration.ts';

/** Minute buckets are kept this long: longer than any SLO window, for history and reports. */
export const BUCKET_RETENTION_MS = 400 * DAY_MS;
/** A client may retry a batch with the same batchId for this long and still not be counted twice. */
export const BATCH_ID_RETENTION_MS = 7 * DAY_MS;
export const PROBE_RESULT_RETENTION_MS = 90 * DAY_MS;

/** Deletes data past its retention; returns how many rows went from each table. */
export async function pruneStorage({ ctx }: { ctx: EngineContext }): Promise<Record<string, number>> {
  const nowMs = ctx.clock.now();
  const prune = async (sql: string, retentionMs: number) =>
    (await ctx.db.query(`${sql} RETURNING 1`, [nowMs - retentionMs])).length;
  return {
    sli_buckets: await prune('DELETE FROM sli_buckets WHERE start_ms < $1', BUCKET_RETENTION_MS),
    ingest_batches: await prune('DELETE FROM ingest_batches WHERE received_ms < $1', BATCH_ID_RETENTION_MS),
    probe_results: await prune('DELETE FROM probe_results WHERE started_ms < $1', PROBE_RESULT_RETENTION_MS),
  };
}

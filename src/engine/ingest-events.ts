import { z } from 'zod';
import type { EngineContext } from '../context/index.ts';
import { NinesError, type Problem } from '../core/errors.ts';
import { problemsFromZod } from '../core/zod-problems.ts';
import { aggregateByMinute, applyToSeries, type SliPoint } from './sli-points.ts';
import { addSliBuckets, firstMinuteOver, MinuteTotalExceeded } from './store.ts';

/** Pushed events may be this far ahead of our clock (skew); they count in the current minute. */
export const MAX_FUTURE_SKEW_MS = 60_000;

/**
 * Largest `good` or `total` one pushed event may carry: 10^12 in a minute is ~16 billion requests a
 * second, far above any service, while a typo or an overflowed counter (1e308) would swamp a 30-day SLO.
 */
export const MAX_EVENT_COUNT = 1e12;

/**
 * Largest `total` one SLO may store for one minute, all pushes together: below 2^53, so every count stays
 * an exact integer and every sum finite.
 */
export const MAX_MINUTE_COUNT = 1e15;

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export const sliEventSchema = z.strictObject({
  slo: z.string().min(1),
  time: z.union([z.string(), z.number()]),
  good: z.number(),
  total: z.number(),
});

export const sliEventBatchSchema = z.strictObject({
  batchId: z.string().min(1).max(200).optional(),
  events: z.array(sliEventSchema).min(1).max(100_000),
});

export type SliEventBatch = z.infer<typeof sliEventBatchSchema>;

function parseTime(time: string | number): number | undefined {
  if (typeof time === 'number') return Number.isSafeInteger(time) && time >= 0 ? time : undefined;
  if (!rfc3339.test(time)) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Checks every event against the running model; returns the points or every problem found. */
function checkEvents(ctx: EngineContext, batch: SliEventBatch, nowMs: number): SliPoint[] {
  const problems: Problem[] = [];
  const points: SliPoint[] = [];
  batch.events.forEach((event, i) => {
    const path = `events.${i}`;
    const before = problems.length;
    const instance = ctx.engine.instances.get(event.slo);
    const spec = ctx.engine.spec(event.slo);
    if (!spec || !instance) {
      problems.push({ path: `${path}.slo`, message: `unknown SLO "${event.slo}"` });
    } else if (spec.indicator.kind !== 'events') {
      problems.push({
        path: `${path}.slo`,
        message: `SLO "${event.slo}" is fed by ${spec.indicator.kind}, not by pushed events`,
      });
    }
    for (const field of ['good', 'total'] as const) {
      if (!Number.isFinite(event[field]) || event[field] < 0 || event[field] > MAX_EVENT_COUNT) {
        problems.push({
          path: `${path}.${field}`,
          message: `${field} must be a number from 0 to 1e12 (at most 10^12 events per event)`,
        });
      }
    }
    if (event.good > event.total) {
      problems.push({ path: `${path}.good`, message: `good (${event.good}) exceeds total (${event.total})` });
    }
    const timeMs = parseTime(event.time);
    if (timeMs === undefined) {
      problems.push({
        path: `${path}.time`,
        message: 'time must be RFC 3339 (2026-01-02T03:04:05Z) or epoch milliseconds',
      });
    } else if (timeMs > nowMs + MAX_FUTURE_SKEW_MS) {
      problems.push({
        path: `${path}.time`,
        message: `time is ${Math.round((timeMs - nowMs) / 1000)} s in the future (limit 60 s)`,
      });
    } else if (spec && instance && spec.indicator.kind === 'events') {
      // The series' cached coverage answers in O(1); recomputing it per event was half of ingestion's CPU.
      instance.series.advance(nowMs);
      const verdict = instance.series.acceptsTime(Math.min(timeMs, nowMs));
      if (!verdict.ok) problems.push({ path: `${path}.time`, message: verdict.message });
    }
    if (problems.length === before && timeMs !== undefined) {
      points.push({ slo: event.slo, timeMs: Math.min(timeMs, nowMs), good: event.good, total: event.total });
    }
  });
  if (problems.length > 0) {
    throw new NinesError(
      'invalid_input',
      `${problems.length} of ${batch.events.length} events rejected; nothing was stored`,
      problems,
    );
  }
  return points;
}

export interface IngestResult {
  accepted: number;
  /** True when the batchId had been stored before: nothing was counted again. */
  duplicate: boolean;
}

/**
 * Stores a batch of pushed SLI events durably, then counts them in memory. A batch is all-or-nothing;
 * a repeated batchId is acknowledged without counting twice.
 */
export async function ingestSliEvents({
  ctx,
  input,
}: {
  ctx: EngineContext;
  input: unknown;
}): Promise<IngestResult> {
  const parsed = sliEventBatchSchema.safeParse(input);
  if (!parsed.success) {
    const details = problemsFromZod(parsed.error.issues, input);
    throw new NinesError('invalid_input', 'the body is not an SLI event batch', details);
  }
  const batch = parsed.data;
  const nowMs = ctx.clock.now();
  const points = aggregateByMinute(checkEvents(ctx, batch, nowMs));
  // A batch alone past the limit is refused before any write; one that only passes it together with what
  // is stored already fails inside the upsert (`MinuteTotalExceeded` below).
  const alone = points.find((point) => point.total > MAX_MINUTE_COUNT);
  if (alone) throw minuteOverError(alone);
  const duplicateOf = await ctx.db
    .transaction(async (tx) => {
      if (batch.batchId !== undefined) {
        const inserted = await tx.query(
          'INSERT INTO ingest_batches (batch_id, accepted, received_ms) VALUES ($1, $2, $3) ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id',
          [batch.batchId, batch.events.length, nowMs],
        );
        if (inserted.length === 0) {
          const [row] = await tx.query<{ accepted: number }>(
            'SELECT accepted FROM ingest_batches WHERE batch_id = $1',
            [batch.batchId],
          );
          return row?.accepted ?? 0;
        }
      }
      await addSliBuckets(tx, points, { maxMinuteTotal: MAX_MINUTE_COUNT });
      return undefined;
    })
    .catch(async (error: unknown) => {
      if (!(error instanceof MinuteTotalExceeded)) throw error;
      // The transaction rolled back (the batchId too): nothing was stored. Name the minute it would break.
      throw minuteOverError(await firstMinuteOver(ctx.db, points, MAX_MINUTE_COUNT));
    });
  if (duplicateOf !== undefined) return { accepted: duplicateOf, duplicate: true };
  applyToSeries(ctx.engine, points, nowMs);
  return { accepted: batch.events.length, duplicate: false };
}

function minuteOverError(over: { slo: string; timeMs: number; total: number } | undefined): NinesError {
  const where = over
    ? `SLO "${over.slo}" in the minute of ${new Date(over.timeMs).toISOString()}`
    : 'a minute';
  return new NinesError(
    'invalid_input',
    `${where} would count ${over?.total ?? 'more than 1e15'} events, above the limit of 1e15 per minute; nothing was stored`,
    [{ path: 'events', message: `${where} would exceed 1e15 events` }],
  );
}

import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { type ErrorCode, NinesError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { type Logger, silentLogger } from '../core/logger.ts';
import { buildEvents, type SliBatch, toBatches } from './batch.ts';
import type { FleetSlo } from './profiles.ts';
import { type PushTarget, pushBatch } from './push.ts';
import { createRng } from './rng.ts';

/** Which history to make: normal traffic of `slos` over the `hours` before `untilMs`. */
export interface HistoryPlan {
  slos: readonly FleetSlo[];
  untilMs: number;
  /** @default 6 (the longest page window; older events may fall outside what the server keeps) */
  hours?: number;
  /** @default 60_000 */
  stepMs?: number;
  /** @default 2 (not the fleet's seed, so history and live traffic differ) */
  seed?: number;
  /** @default 1000 */
  maxEventsPerBatch?: number;
  /** @default `history-<random>` */
  batchIdPrefix?: string;
}

/** The batches of a history plan: steady traffic from whole minutes, the last step ending at `untilMs`. */
export function historyBatches(plan: HistoryPlan): SliBatch[] {
  const stepMs = plan.stepMs ?? MINUTE_MS;
  const fromMs = Math.floor(plan.untilMs / stepMs) * stepMs - (plan.hours ?? 6) * HOUR_MS;
  const events = buildEvents({
    slos: plan.slos,
    fromMs,
    toMs: plan.untilMs,
    stepMs,
    rng: createRng(plan.seed ?? 2),
  });
  return toBatches(events, {
    maxEvents: plan.maxEventsPerBatch ?? 1000,
    idPrefix: plan.batchIdPrefix ?? `history-${newId(6)}`,
  });
}

/**
 * Pushes a history of normal traffic so charts and burn windows have data when the demo starts; each
 * batch is tried up to `maxAttempts` times with its batchId. Throws `unavailable` when the server stays
 * unreachable, `invalid_input` / `unauthenticated` / `forbidden` when it refuses.
 */
export async function prefillHistory(
  options: HistoryPlan & PushTarget & { log?: Logger; maxAttempts?: number },
): Promise<{ batches: number; eventsAccepted: number; untilMs: number }> {
  const log = options.log ?? silentLogger;
  const batches = historyBatches(options);
  let eventsAccepted = 0;
  for (const batch of batches)
    eventsAccepted += await pushWithRetries(options, batch, options.maxAttempts ?? 3);
  log.info({ batches: batches.length, events: eventsAccepted }, 'history prefilled');
  return { batches: batches.length, eventsAccepted, untilMs: options.untilMs };
}

async function pushWithRetries(target: PushTarget, batch: SliBatch, maxAttempts: number): Promise<number> {
  let last = '';
  for (let attempt = 1; attempt <= Math.max(1, maxAttempts); attempt++) {
    const outcome = await pushBatch(target, batch);
    if (outcome.ok) return outcome.accepted;
    if (!outcome.retryable)
      throw new NinesError(refusalCode(outcome.status), outcome.message, outcome.details);
    last = outcome.message;
  }
  throw new NinesError('unavailable', `${last} (${maxAttempts} attempts)`);
}

function refusalCode(status: number | null): ErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  return 'invalid_input';
}

import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { type ErrorCode, NinesError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { type Logger, silentLogger } from '../core/logger.ts';
import { buildEvents, type SliBatch, toBatches } from './batch.ts';
import type { FleetSlo } from './profiles.ts';
import { type PushTarget, pushBatch } from './push.ts';
import { createRng } from './rng.ts';
import type { ScenarioRun } from './scenario.ts';

/**
 * Which history to make: normal traffic of `slos` over the `days` before `untilMs`, minute by minute for
 * the last `detailHours` (what the burn windows up to 6 h read) and one event per hour before that (what
 * the 1d/3d windows and the 30-day budget read; the server keeps hour sums there anyway).
 *
 * Hand check with the default 30 days: a budget's remaining fraction is 1 − (bad / total) / budget over
 * its window, so steady traffic at burn b leaves 1 − b whatever the length: the profiles' baselines burn
 * 0.05, so every budget starts at about 95 %. The length sets what one outage costs: payment (40 req/s,
 * 99.95 %) holds 30 × 86,400 × 40 = 103.7 M events, a budget of 51,840 bad ones; the scripted outage's
 * 4.95 bad minutes × 2,400 req/min = 11,880 spend about 23 % of it at mean traffic (a run at 07:24 UTC,
 * 12 % under the mean, drafted a postmortem saying 9,767 bad events, 18.9 %). Six hours of history
 * (864,000 events, a budget of 432) made the same outage cost 2,750 % of the budget.
 */
export interface HistoryPlan {
  slos: readonly FleetSlo[];
  untilMs: number;
  /** @default 30 (the demo SLOs' window) */
  days?: number;
  /** @default 6 (the longest page window) */
  detailHours?: number;
  /** @default 60_000: the step of the detailed hours */
  stepMs?: number;
  /** The oldest time an SLO still accepts (a calendar SLO's period start): its older events are left out. */
  oldestMs?: (slo: FleetSlo) => number;
  /** @default 2 (not the fleet's seed, so history and live traffic differ) */
  seed?: number;
  /** @default 1000 */
  maxEventsPerBatch?: number;
  /** @default `history-<random>` */
  batchIdPrefix?: string;
  /** A past incident the history holds (e.g. `paymentBadRelease`): its hours carry its failures. */
  pastIncident?: ScenarioRun;
}

/** The batches of a history plan: hourly events, then whole minutes, the last step ending at `untilMs`. */
export function historyBatches(plan: HistoryPlan): SliBatch[] {
  const stepMs = plan.stepMs ?? MINUTE_MS;
  const detailFromMs = Math.floor(plan.untilMs / stepMs) * stepMs - (plan.detailHours ?? 6) * HOUR_MS;
  const fromMs = detailFromMs - Math.max(0, (plan.days ?? 30) * DAY_MS - (plan.detailHours ?? 6) * HOUR_MS);
  const rng = createRng(plan.seed ?? 2);
  const events = [
    ...buildEvents({
      slos: plan.slos,
      fromMs,
      toMs: detailFromMs,
      stepMs: HOUR_MS,
      rng,
      scenario: plan.pastIncident,
    }),
    ...buildEvents({
      slos: plan.slos,
      fromMs: detailFromMs,
      toMs: plan.untilMs,
      stepMs,
      rng,
      scenario: plan.pastIncident,
    }),
  ];
  const oldestOf = new Map(plan.slos.map((slo) => [slo.name, plan.oldestMs?.(slo) ?? -Infinity]));
  return toBatches(
    events.filter((event) => event.time >= (oldestOf.get(event.slo) ?? -Infinity)),
    {
      maxEvents: plan.maxEventsPerBatch ?? 1000,
      idPrefix: plan.batchIdPrefix ?? `history-${newId(6)}`,
    },
  );
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

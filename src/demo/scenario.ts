import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/duration.ts';

/** How hard one service is hit once the failure is at full strength. */
export interface ServiceImpact {
  service: string;
  /** Share of requests failing at full strength (the baseline is replaced, not added to). */
  errorRatio: number;
  /** Share of requests slower than the latency threshold at full strength. */
  slowRatio: number;
}

export type ScenarioPhase = 'before' | 'degrading' | 'failing' | 'recovered';

/** A scripted failure, as data: it grows linearly for `rampMs`, holds, then stops at once. */
export interface Scenario {
  name: string;
  /** From the demo's start to the first symptom. */
  startAfterMs: number;
  /** From the first symptom to full strength. */
  rampMs: number;
  /** From the first symptom to recovery (ramp included). */
  durationMs: number;
  impacts: ServiceImpact[];
  /** What the fleet logs when a phase begins. */
  messages: Record<Exclude<ScenarioPhase, 'before'>, string>;
}

/** A scenario placed on the clock of one demo run. */
export interface ScenarioRun {
  scenario: Scenario;
  startMs: number;
  fullMs: number;
  endMs: number;
}

/**
 * Seed 001 §5: payment's database connections leak until the pool is exhausted; order waits on payment
 * and fails in part, the gateway sees a few % of errors; restarting the pods recovers at once.
 *
 * Hand computation (budget of 99.95 % = 0.0005; bad minutes = minutes of traffic all failing):
 * - The ramp is linear to 0.9 over 1 min, so t minutes in, payment has 0.9·t²/2 bad minutes; the whole
 *   outage holds 0.9·(0.5 + 5) = 4.95 bad minutes.
 * - Payment pages on 1h/5m at 14.4: the 5m window needs 14.4·0.0005·5 = 0.036 bad minutes (t ≥ 0.28 min),
 *   the 1h window 14.4·0.0005·60 = 0.432 (t ≥ 0.98 min): the page fires about a minute in. At full
 *   strength burn(5m) = 0.9 / 0.0005 = 1800 and burn(1h) reaches 4.95 / 60 / 0.0005 = 165.
 * - After recovery at R, the 5m window holds 0.9·(R − (t − 5)) bad minutes plus 0.000025·5 = 0.000125 of
 *   baseline, ≤ 0.036 once t ≥ R + 4.96 min: burn(5m) ≤ 14.4 and the page resolves ~5 min after recovery
 *   (the engine sums minute buckets, the newest partial, so in practice 4 to 5 minutes after).
 *   payment-availability declares only that condition: the workbook's 6h/30m at 6 would hold for 30 more
 *   minutes (6h burn = 4.95 / 360 / 0.0005 = 27.5).
 * - Order (99.95 %, default conditions) at 15 % (the seed's postmortem figure): 1h burn passes 14.4 once
 *   0.15·(t − 0.5) ≥ 0.432, t ≥ 3.38 min, so it pages within five minutes; its 6h burn at recovery is
 *   (0.15·5.5 + 354·0.000025 + 0.000025·0.5) / 360 / 0.0005 = 4.63 ≤ 6 (with prefilled history), so
 *   it also resolves once 0.15·x ≤ 0.036, x ≤ 0.24 min, ~4.8 min after recovery.
 * - The gateway at 3 % peaks at burn(1h) = 0.03·5.5 / 60 / 0.0005 = 5.5 < 14.4: it spends budget, no page.
 * - The catastrophic tier (5m burn > 30 with the newest minute >= 20 % failing) pages payment earlier,
 *   0.75 min in (demo-replay.test.ts), and payment-latency (95 % slow at 99 %: burn 95); order (15 %) and
 *   the gateway (3 %) stay under its near-total share.
 */
export function paymentPoolLeak(options: { startAfterMs?: number; durationMs?: number } = {}): Scenario {
  return {
    name: 'payment-connection-pool-leak',
    startAfterMs: options.startAfterMs ?? MINUTE_MS,
    rampMs: MINUTE_MS,
    durationMs: options.durationMs ?? 6 * MINUTE_MS,
    impacts: [
      { service: 'payment', errorRatio: 0.9, slowRatio: 0.95 },
      { service: 'order', errorRatio: 0.15, slowRatio: 0.3 },
      { service: 'api-gateway', errorRatio: 0.03, slowRatio: 0.05 },
    ],
    messages: {
      degrading: 'payment: connections leaking, pool filling up, errors rising',
      failing: 'payment: connection pool exhausted',
      recovered: 'payment: recovered (pods restarted, pool cleared)',
    },
  };
}

/**
 * Payment's bad month, in the history the demo prefills: twelve days before the run, release 2.3.0 shipped
 * a connection timeout too short for the card network, and 29 % of payments failed for an hour (20:30 to
 * 21:30 UTC) until someone rolled it back by hand; there was no canary then.
 *
 * Hand computation (99.95 % over 30 days, a budget of 0.0005 × 43,200 = 21.6 bad minutes at mean traffic):
 * the hour is centred on 21:00 UTC, where the time-of-day curve crosses its mean, so it carries mean
 * traffic and 0.29 × 60 = 17.4 bad minutes: 17.4 / 21.6 = 80.6 % of the budget. With the baseline's 5 %,
 * payment-availability starts the demo at about 14.4 % ("warning": the gate warns). The live pool leak
 * then spends 16–30 % more depending on the time of day (23 % at mean traffic), which exhausts it: the
 * gate blocks feature changes. payment-latency (99 %, 432 minutes) loses only 17.4 / 432 = 4 %.
 */
export function paymentBadRelease(options: { untilMs: number; daysBefore?: number }): ScenarioRun {
  const day = Math.floor(options.untilMs / DAY_MS) - (options.daysBefore ?? 12);
  const startMs = day * DAY_MS + 20.5 * HOUR_MS;
  return {
    scenario: {
      name: 'payment-2.3.0-bad-release',
      startAfterMs: 0,
      rampMs: 0,
      durationMs: HOUR_MS,
      impacts: [{ service: 'payment', errorRatio: 0.29, slowRatio: 0.29 }],
      messages: {
        degrading: 'payment 2.3.0: card network calls time out',
        failing: 'payment 2.3.0: 29 % of payments failing',
        recovered: 'payment: 2.3.0 rolled back by hand',
      },
    },
    startMs,
    fullMs: startMs,
    endMs: startMs + HOUR_MS,
  };
}

/** Places a scenario on the clock of a run that started at `demoStartMs`. */
export function scheduleScenario(scenario: Scenario, demoStartMs: number): ScenarioRun {
  const startMs = demoStartMs + scenario.startAfterMs;
  const rampMs = Math.min(scenario.rampMs, scenario.durationMs);
  return { scenario, startMs, fullMs: startMs + rampMs, endMs: startMs + scenario.durationMs };
}

/** The phase of a run at `nowMs`. */
export function phaseAt(run: ScenarioRun, nowMs: number): ScenarioPhase {
  if (nowMs < run.startMs) return 'before';
  if (nowMs >= run.endMs) return 'recovered';
  return nowMs < run.fullMs ? 'degrading' : 'failing';
}

/** Integral of the strength (0..1) from the first symptom to `timeMs`, in milliseconds at full strength. */
function strengthIntegral(run: ScenarioRun, timeMs: number): number {
  const t = Math.min(Math.max(timeMs, run.startMs), run.endMs) - run.startMs;
  const rampMs = run.fullMs - run.startMs;
  if (t <= rampMs) return rampMs === 0 ? t : (t * t) / (2 * rampMs);
  return rampMs / 2 + (t - rampMs);
}

/** Mean strength (0..1) of the failure over [fromMs, toMs): exact for the linear ramp. */
export function strengthOver(run: ScenarioRun, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  return (strengthIntegral(run, toMs) - strengthIntegral(run, fromMs)) / (toMs - fromMs);
}

/** How the run hits `service`, if at all. */
export function impactOn(run: ScenarioRun, service: string): ServiceImpact | undefined {
  return run.scenario.impacts.find((impact) => impact.service === service);
}

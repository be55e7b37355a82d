import type { Clock } from '../core/clock.ts';
import { MINUTE_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { type Logger, silentLogger } from '../core/logger.ts';
import { buildEvents } from './batch.ts';
import { createOutbox, type DeliveryStats } from './outbox.ts';
import type { FleetSlo } from './profiles.ts';
import { type PushTarget, pushBatch } from './push.ts';
import { createRng } from './rng.ts';
import { phaseAt, type Scenario, type ScenarioPhase, scheduleScenario } from './scenario.ts';

/** Runs `fn` every `ms` until stopped; the stop function resolves once a running call has settled. */
export type Every = (ms: number, fn: () => Promise<void>) => () => Promise<void>;

/** Calls `fn` `ms` after the previous call settled (calls never overlap), until the returned stop is called. */
export const every: Every = (ms, fn) => {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let handle: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    handle = setTimeout(() => {
      running = fn()
        .catch(() => {})
        .finally(() => {
          if (!stopped) schedule();
        });
    }, ms);
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(handle);
    await running;
  };
};

export interface FleetOptions extends PushTarget {
  /** The event-fed SLOs to simulate (`model.slos` filtered on `indicator.kind === 'events'` fits). */
  slos: readonly FleetSlo[];
  clock: Clock;
  /** @default 5000 */
  tickMs?: number;
  /** A scripted failure (e.g. `paymentPoolLeak()`); steady traffic only when absent. */
  scenario?: Scenario;
  /** @default 1 */
  seed?: number;
  /** Start of the simulated run: the scenario counts from here, the first tick covers from here. @default clock.now() */
  startMs?: number;
  log?: Logger;
  /** @default every */
  every?: Every;
  /** Pushes per batch before it is dropped. @default 3 */
  maxAttempts?: number;
  /** Prefix of batch ids, unique per run. @default `fleet-<random>` */
  batchIdPrefix?: string;
}

/** What a running fleet has done so far. */
export interface FleetStats extends DeliveryStats {
  ticks: number;
  /** The scenario's phase at the last tick, or null without a scenario. */
  phase: ScenarioPhase | null;
}

export interface Fleet {
  /** Stops ticking; resolves once the tick in progress, if any, is done. */
  stop(): Promise<void>;
  stats(): FleetStats;
}

/** A fleet does not backfill more than this after a stall (a sleeping laptop); older time stays empty. */
const MAX_CATCH_UP_MS = 10 * MINUTE_MS;

/** Starts pushing simulated traffic of `slos` to a running Nines, one batch per tick. */
export function startFleet(options: FleetOptions): Fleet {
  const { clock, slos } = options;
  const log = options.log ?? silentLogger;
  const tickMs = options.tickMs ?? 5000;
  if (!(tickMs >= 1000)) throw new NinesError('invalid_input', `tickMs must be at least 1000, got ${tickMs}`);
  const rng = createRng(options.seed ?? 1);
  const startMs = options.startMs ?? clock.now();
  const run = options.scenario && scheduleScenario(options.scenario, startMs);
  const prefix = options.batchIdPrefix ?? `fleet-${newId(6)}`;
  const outbox = createOutbox({
    push: (batch) => pushBatch(options, batch),
    log,
    maxAttempts: options.maxAttempts,
  });
  let coveredUntilMs = startMs;
  let ticks = 0;
  let phase: ScenarioPhase | null = run ? 'before' : null;

  const notePhase = (nowMs: number) => {
    if (!run) return;
    const next = phaseAt(run, nowMs);
    if (next === phase) return;
    phase = next;
    if (next !== 'before')
      log.info({ scenario: run.scenario.name, phase: next }, run.scenario.messages[next]);
  };

  const tick = async () => {
    const nowMs = clock.now();
    const fromMs = Math.max(coveredUntilMs, nowMs - MAX_CATCH_UP_MS);
    if (nowMs > fromMs) {
      const events = buildEvents({ slos, fromMs, toMs: nowMs, stepMs: tickMs, scenario: run, rng });
      if (events.length > 0) outbox.add({ batchId: `${prefix}-${ticks}`, events });
      coveredUntilMs = nowMs;
    }
    ticks += 1;
    notePhase(nowMs);
    await outbox.flush();
  };
  const guardedTick = async () => {
    try {
      await tick();
    } catch (error) {
      log.error({ err: error }, 'fleet tick failed');
    }
  };

  const stop = (options.every ?? every)(tickMs, guardedTick);
  return { stop, stats: () => ({ ...outbox.stats(), ticks, phase }) };
}

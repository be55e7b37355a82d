import { NinesError } from '../core/errors.ts';
import { type FleetSlo, profileFor } from './profiles.ts';
import type { Rng } from './rng.ts';
import type { ScenarioRun } from './scenario.ts';
import { trafficFor } from './traffic.ts';

/** One item of `POST /api/v1/sli-events`. */
export interface SliEvent {
  slo: string;
  /** Epoch milliseconds: the start of the span the counts cover. */
  time: number;
  good: number;
  total: number;
}

/** The body of `POST /api/v1/sli-events`; the server counts a batchId once, so retries reuse it. */
export interface SliBatch {
  batchId: string;
  events: SliEvent[];
}

/** Events of every SLO over [fromMs, toMs), one per SLO per `stepMs` (the last step may be shorter). */
export function buildEvents(input: {
  slos: readonly FleetSlo[];
  fromMs: number;
  toMs: number;
  stepMs: number;
  scenario?: ScenarioRun;
  rng: Rng;
}): SliEvent[] {
  const { slos, fromMs, toMs, stepMs, scenario, rng } = input;
  if (!(stepMs > 0)) throw new NinesError('invalid_input', `stepMs must be above 0, got ${stepMs}`);
  const events: SliEvent[] = [];
  for (let stepStart = fromMs; stepStart < toMs; stepStart += stepMs) {
    const tickMs = Math.min(stepMs, toMs - stepStart);
    for (const slo of slos) {
      const profile = profileFor(slo.service);
      const counts = trafficFor({ slo, profile, tickStartMs: stepStart, tickMs, scenario, rng });
      // A span without requests says nothing; the server would only store a zero.
      if (counts.total > 0) events.push({ slo: slo.name, time: stepStart, ...counts });
    }
  }
  return events;
}

/** Splits events into batches of at most `maxEvents`, ids `${prefix}-${n}` from `firstNumber`. */
export function toBatches(
  events: readonly SliEvent[],
  options: { maxEvents: number; idPrefix: string; firstNumber?: number },
): SliBatch[] {
  const batches: SliBatch[] = [];
  for (let at = 0; at < events.length; at += options.maxEvents) {
    const batchId = `${options.idPrefix}-${(options.firstNumber ?? 0) + batches.length}`;
    batches.push({ batchId, events: events.slice(at, at + options.maxEvents) });
  }
  return batches;
}

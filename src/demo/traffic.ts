import { DAY_MS, HOUR_MS } from '../core/duration.ts';
import { type FleetSlo, sliKindOf, type TrafficProfile } from './profiles.ts';
import { type Rng, roundRandomly } from './rng.ts';
import { impactOn, type ScenarioRun, strengthOver } from './scenario.ts';

/** Busiest at 15:00 UTC, quietest at 03:00: ±30 % around the mean. */
const DIURNAL_AMPLITUDE = 0.3;
const DIURNAL_PEAK_MS = 15 * HOUR_MS;
/** Tick-to-tick jitter of the request rate: ±5 %. */
const RATE_NOISE = 0.05;

/** Good and total requests of one SLO over one tick. */
export interface TickCounts {
  good: number;
  total: number;
}

/** Mean request rate of a profile at `timeMs`, following the time of day. */
export function requestsPerSecondAt(profile: TrafficProfile, timeMs: number): number {
  const phase = (2 * Math.PI * (timeMs - DIURNAL_PEAK_MS)) / DAY_MS;
  return profile.requestsPerSecond * (1 + DIURNAL_AMPLITUDE * Math.cos(phase));
}

/** Share of bad events for an SLO over [fromMs, toMs): the baseline, moved toward the scenario's peak. */
export function badRatioOver(input: {
  slo: FleetSlo;
  profile: TrafficProfile;
  fromMs: number;
  toMs: number;
  scenario?: ScenarioRun;
}): number {
  const latency = sliKindOf(input.slo) === 'latency';
  const baseline = latency ? input.profile.slowRatio : input.profile.errorRatio;
  const impact = input.scenario && impactOn(input.scenario, input.slo.service);
  if (!input.scenario || !impact) return baseline;
  const peak = latency ? impact.slowRatio : impact.errorRatio;
  return baseline + strengthOver(input.scenario, input.fromMs, input.toMs) * (peak - baseline);
}

/** Simulated good and total events of one SLO over the tick [tickStartMs, tickStartMs + tickMs). */
export function trafficFor(input: {
  slo: FleetSlo;
  profile: TrafficProfile;
  tickStartMs: number;
  tickMs: number;
  scenario?: ScenarioRun;
  rng: Rng;
}): TickCounts {
  const { profile, tickStartMs, tickMs, rng } = input;
  const rate = requestsPerSecondAt(profile, tickStartMs + tickMs / 2);
  const jitter = 1 + RATE_NOISE * (2 * rng() - 1);
  const total = roundRandomly((rate * jitter * tickMs) / 1000, rng);
  const ratio = badRatioOver({ ...input, fromMs: tickStartMs, toMs: tickStartMs + tickMs });
  const bad = Math.min(total, roundRandomly(total * ratio, rng));
  return { good: total - bad, total };
}

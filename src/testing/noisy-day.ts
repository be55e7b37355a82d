import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { createRng, type Rng } from '../demo/index.ts';
import {
  type AlertState,
  type AlertTransition,
  evaluateSlo,
  nextAlertState,
  SliSeries,
} from '../slo/index.ts';
import type { Slo } from '../specs/index.ts';

/**
 * A healthy but noisy day of push-fed traffic, replayed through the SLO engine as the runtime evaluates it
 * (every 10 s, state carried between ticks). Seeded, so every run sees the same day:
 * - diurnal traffic: 5 requests a minute from 22:00 to 06:00, rising to 100 req/s at 14:00;
 * - 0.02 % baseline errors (a fifth of a 99.9 % budget);
 * - twelve traffic bursts (3x for 30 s) and eight short error spikes in the day: 20 s at 30 %, or 5 s at
 *   100 % (a bad pod restarting), each at most 6 s worth of failures, 6 / 240 = 0.025 over 5m (burn 25);
 * - a quiet night: one minute where 3 of 5 requests fail, and a lone failure now and then.
 */
export interface NoisyDayResult {
  /** Page transitions (either tier): a healthy day must have none. */
  pages: AlertTransition[];
  /** Ticket transitions, for the record: slow burn is what tickets are for. */
  tickets: number;
  /** Ticks on which the catastrophic tier held. */
  catastrophicTicks: number;
  events: number;
  ticks: number;
}

const SECOND_MS = 1000;
const TICK_MS = 10 * SECOND_MS;
const CHUNK_MS = 5 * SECOND_MS;
const DAY_START = Date.parse('2026-03-03T00:00:00Z');
/** An hour of healthy history before the day, so burn windows start full. */
const WARMUP_MS = HOUR_MS;

interface Spike {
  startMs: number;
  durationMs: number;
  errorRatio: number;
}

/** 03:00, the minute where 3 of its 5 requests fail: one request in five-second chunks 0, 2, 4 (bad), 7 and 9. */
const NIGHT_MINUTE = DAY_START + 3 * HOUR_MS;

function nightMinute(atMs: number): { good: number; total: number } {
  const chunk = (atMs - NIGHT_MINUTE) / CHUNK_MS;
  if (chunk === 0 || chunk === 2 || chunk === 4) return { good: 0, total: 1 };
  return chunk === 7 || chunk === 9 ? { good: 1, total: 1 } : { good: 0, total: 0 };
}

function requestsPerSecond(atMs: number): number {
  const hour = ((atMs - DAY_START) / HOUR_MS + 24) % 24;
  if (hour < 6 || hour >= 22) return 5 / 60;
  return 5 / 60 + 100 * Math.sin((Math.PI * (hour - 6)) / 16) ** 2;
}

function daytime(rng: Rng): number {
  return DAY_START + 8 * HOUR_MS + Math.floor(rng() * 12 * HOUR_MS);
}

function plan(rng: Rng): { bursts: number[]; spikes: Spike[] } {
  const bursts = Array.from({ length: 12 }, () => daytime(rng));
  const spikes = Array.from({ length: 8 }, (_, i) =>
    i % 2 === 0
      ? { startMs: daytime(rng), durationMs: 20 * SECOND_MS, errorRatio: 0.3 }
      : { startMs: daytime(rng), durationMs: 5 * SECOND_MS, errorRatio: 1 },
  );
  return { bursts, spikes };
}

function chunkTraffic(atMs: number, rng: Rng, day: ReturnType<typeof plan>): { good: number; total: number } {
  const burst = day.bursts.some((b) => atMs >= b && atMs < b + 30 * SECOND_MS) ? 3 : 1;
  const expected = requestsPerSecond(atMs) * burst * (CHUNK_MS / SECOND_MS);
  const total = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
  const spike = day.spikes.find((s) => atMs >= s.startMs && atMs < s.startMs + s.durationMs);
  if (atMs >= NIGHT_MINUTE && atMs < NIGHT_MINUTE + MINUTE_MS) return nightMinute(atMs);
  const bad = spike ? Math.round(total * spike.errorRatio) : rng() < total * 0.0002 ? 1 : 0;
  return { good: total - bad, total };
}

/** Replays the day for `slo` (push-fed, evaluated every 10 s) and returns what it would have paged. */
export function replayNoisyDay(options: { slo: Slo; seed: number }): NoisyDayResult {
  const { slo } = options;
  const rng = createRng(options.seed);
  const day = plan(rng);
  const startMs = DAY_START - WARMUP_MS;
  const series = new SliSeries({ slo, nowMs: startMs });
  const result: NoisyDayResult = { pages: [], tickets: 0, catastrophicTicks: 0, events: 0, ticks: 0 };
  let state: AlertState | undefined;
  for (let nowMs = startMs + TICK_MS; nowMs <= DAY_START + 24 * HOUR_MS; nowMs += TICK_MS) {
    series.advance(nowMs);
    for (let at = nowMs - TICK_MS; at < nowMs; at += CHUNK_MS) {
      const { good, total } = chunkTraffic(at, rng, day);
      if (total > 0) series.add(at, good, total);
      result.events += total;
    }
    const evaluation = evaluateSlo({ slo, series, nowMs });
    const next = nextAlertState({ prev: state, evaluation, nowMs, noDataAfterMs: 30 * MINUTE_MS });
    state = next.state;
    result.ticks += 1;
    if (evaluation.alerts.catastrophic.firing) result.catastrophicTicks += 1;
    for (const t of next.transitions) {
      if (t.severity === 'page') result.pages.push(t);
      if (t.severity === 'ticket') result.tickets += 1;
    }
  }
  return result;
}

import { describe, expect, it } from 'vitest';
import type { Slo } from '../specs/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { evaluateSlo } from './evaluate.ts';
import { replaySeries } from './replay-series.ts';
import { BURN_WINDOW_KEYS, BURN_WINDOWS_MS } from './series-layout.ts';
import { SliSeries } from './sli-series.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Bucket {
  timeMs: number;
  good: number;
  total: number;
}

/** Deterministic traffic with bursts of errors, and an 8-hour silence in the middle. */
function minuteData(startMs: number, minutes: number): Bucket[] {
  const buckets: Bucket[] = [];
  for (let m = 0; m < minutes; m++) {
    if (m >= 1200 && m < 1680) continue;
    const total = 500 + ((m * 37) % 300);
    const bad = m % 97 < 6 ? total : (m * 13) % 5;
    buckets.push({ timeMs: startMs + m * MIN, good: total - bad, total });
  }
  return buckets;
}

/**
 * The live path: a tick every 30 s; each minute's data arrives in two parts, 70 % half a minute after
 * the minute starts and 30 % a minute later, both timed at the minute's start as they are persisted.
 */
function live(slo: Slo, buckets: Bucket[], startMs: number, endMs: number): SliSeries {
  const series = new SliSeries({ slo, nowMs: startMs });
  const byTime = new Map(buckets.map((b) => [b.timeMs, b]));
  for (let now = startMs; now <= endMs; now += 30_000) {
    series.advance(now);
    const first = byTime.get(now - 30_000);
    if (first) series.add(first.timeMs, Math.floor(first.good * 0.7), Math.floor(first.total * 0.7));
    const rest = byTime.get(now - 90_000);
    if (rest)
      series.add(
        rest.timeMs,
        rest.good - Math.floor(rest.good * 0.7),
        rest.total - Math.floor(rest.total * 0.7),
      );
  }
  return series;
}

function snapshot(series: SliSeries, nowMs: number) {
  return {
    windows: BURN_WINDOW_KEYS.map((key) => series.windowSum(BURN_WINDOWS_MS[key])),
    budget: series.budgetSum(),
    evaluation: evaluateSlo({ slo: series.slo, series, nowMs }),
  };
}

function expectReplayEqualsLive(slo: Slo, startMs: number, minutes: number) {
  const buckets = minuteData(startMs, minutes);
  const endMs = startMs + (minutes + 2) * MIN;
  const liveSeries = live(slo, buckets, startMs, endMs);
  const replayed = replaySeries({ slo, buckets, nowMs: endMs });
  const expected = snapshot(liveSeries, endMs);
  expect(expected.budget.total).toBeGreaterThan(0);
  expect(snapshot(replayed, endMs)).toEqual(expected);
  // Excluded counts differ (live adds each minute in two parts); nothing may be dropped in either path.
  for (const series of [liveSeries, replayed]) {
    expect(series.counters()).toMatchObject({ droppedOld: 0, droppedLate: 0, droppedFuture: 0 });
  }
}

describe('replaySeries', () => {
  it('rebuilds a rolling occurrence series with exclusions exactly as the live path built it', () => {
    const start = Date.parse('2026-02-02T00:00:00Z');
    const slo = makeSlo({
      exclusions: [
        { kind: 'once', startMs: start + 10 * HOUR, endMs: start + 11 * HOUR },
        {
          kind: 'recurring',
          rrule: 'FREQ=DAILY',
          startMs: start + 3 * HOUR,
          durationMs: 20 * MIN,
          timeZone: 'Asia/Tokyo',
        },
      ],
    });
    expectReplayEqualsLive(slo, start, 2 * 1440 + 300);
  });

  it('rebuilds a calendar series across the month boundary', () => {
    const slo = makeSlo({ window: { kind: 'calendar', unit: 'month', timeZone: 'Europe/Paris' } });
    expectReplayEqualsLive(slo, Date.parse('2026-03-30T00:00:00Z'), 3 * 1440);
  });

  it('rebuilds a timeslice series, slices sealed at the same moments', () => {
    const slo = makeSlo({ budgeting: { method: 'timeslices', sliceMs: 5 * MIN, sliceTarget: 0.995 } });
    expectReplayEqualsLive(slo, Date.parse('2026-02-02T00:00:00Z'), 1440 + 777);
  });

  it('gives an empty series when nothing was persisted', () => {
    const now = Date.parse('2026-02-02T00:00:00Z');
    const series = replaySeries({ slo: makeSlo(), buckets: [], nowMs: now });
    expect(series.nowMs).toBe(now);
    expect(series.budgetSum()).toEqual({ good: 0, total: 0 });
  });
});

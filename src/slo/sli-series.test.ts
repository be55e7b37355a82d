import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { SliSeries } from './sli-series.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-02-02T00:00:00Z');

describe('SliSeries sums', () => {
  it('weights by traffic: 1000 requests with 10 bad and 10 with 10 bad give 990 / 1010', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    series.add(T0, 990, 1000);
    series.advance(T0 + MIN);
    series.add(T0 + MIN, 0, 10);
    expect(series.budgetSum()).toEqual({ good: 990, total: 1010 });
    // Averaging the per-minute ratios would give (0.99 + 0) / 2 = 0.495 instead of 990 / 1010 = 0.980.
    expect(series.windowSum(5 * MIN)).toEqual({ good: 990, total: 1010 });
  });

  it('covers bucket starts in (now - W, now] for every burn window', () => {
    const now = T0 + 3 * DAY; // minute-aligned and 10-minute-aligned
    const series = new SliSeries({ slo: makeSlo(), nowMs: now });
    series.add(now - 5 * MIN, 1, 1); // start == now - 5m: outside 5m, inside 30m
    series.add(now - 4 * MIN, 10, 10); // inside 5m
    series.add(now - 6 * HOUR + MIN, 100, 100); // inside 6h, outside 2h
    series.add(now - DAY, 1000, 1000); // start == now - 1d: outside 1d, inside 3d
    series.add(now - DAY + 10 * MIN, 10_000, 10_000); // oldest 10-minute bucket of the 1d window
    expect(series.windowSum(5 * MIN).total).toBe(10);
    expect(series.windowSum(30 * MIN).total).toBe(11);
    expect(series.windowSum(2 * HOUR).total).toBe(11);
    expect(series.windowSum(6 * HOUR).total).toBe(111);
    expect(series.windowSum(DAY).total).toBe(10_111);
    expect(series.windowSum(3 * DAY).total).toBe(11_111);
    expect(series.budgetSum().total).toBe(11_111);
  });

  it('counts data for a past time in every window that still includes it', () => {
    const now = T0 + 10 * HOUR;
    const series = new SliSeries({ slo: makeSlo(), nowMs: now });
    // 90 minutes ago: in 2h, 6h, 1d, 3d and 30d, not in 5m, 30m, 1h.
    expect(series.add(now - 90 * MIN, 7, 8)).toBe('added');
    expect(series.windowSum(HOUR)).toEqual({ good: 0, total: 0 });
    expect(series.windowSum(2 * HOUR)).toEqual({ good: 7, total: 8 });
    expect(series.windowSum(3 * DAY)).toEqual({ good: 7, total: 8 });
    expect(series.budgetSum()).toEqual({ good: 7, total: 8 });
  });

  it('tracks the windows of custom alert conditions', () => {
    const slo = makeSlo();
    slo.alerting.page.conditions = [{ longWindowMs: 15 * MIN, shortWindowMs: 3 * MIN, burnRate: 10 }];
    const series = new SliSeries({ slo, nowMs: T0 });
    series.add(T0, 1, 2);
    expect(series.windowSum(15 * MIN)).toEqual({ good: 1, total: 2 });
    expect(() => series.windowSum(7 * MIN)).toThrow(NinesError);
  });

  it('reads good above total as total, and refuses negative counts', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    series.add(T0, 12, 10);
    expect(series.budgetSum()).toEqual({ good: 10, total: 10 });
    expect(() => series.add(T0, -1, 10)).toThrow(NinesError);
    expect(() => series.add(T0, 1, Number.NaN)).toThrow(NinesError);
  });

  it('keeps a short rolling window on the ring that resolves it best', () => {
    // A 1-day rolling SLO lives on the 10-minute ring: 144 buckets, the oldest starting 23h50m ago.
    const series = new SliSeries({
      slo: makeSlo({ window: { kind: 'rolling', durationMs: DAY } }),
      nowMs: T0,
    });
    expect(series.budgetWindow()).toEqual({ startMs: T0 - DAY + 10 * MIN, endMs: T0 });
  });
});

describe('SliSeries refusals', () => {
  it('refuses data for a later minute than now and data older than every window', () => {
    const now = T0 + 30 * DAY + 30_000;
    const series = new SliSeries({ slo: makeSlo(), nowMs: now });
    expect(series.add(now + 20_000, 1, 1)).toBe('added'); // same minute as now
    expect(series.add(now + MIN, 1, 1)).toBe('future');
    // 720 hourly buckets with the head at T0 + 30d: the oldest starts 719 h earlier, at T0 + 1h.
    expect(series.add(T0 + HOUR, 1, 1)).toBe('added');
    expect(series.add(T0 + HOUR - 1, 1, 1)).toBe('too_old');
    expect(series.counters()).toEqual({ droppedOld: 1, droppedLate: 0, droppedFuture: 1, excluded: 0 });
    expect(series.acceptsTime(T0)).toMatchObject({ ok: false, reason: 'too_old' });
    expect(series.acceptsTime(now)).toEqual({ ok: true });
  });

  it('refuses an SLO the engine cannot evaluate, listing every problem', () => {
    const slo = makeSlo({ objective: 100 });
    slo.alerting.ticket.conditions = [{ longWindowMs: 7 * DAY, shortWindowMs: 6 * HOUR, burnRate: 1 }];
    try {
      new SliSeries({ slo, nowMs: T0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NinesError);
      expect((error as NinesError).details?.map((p) => p.path)).toEqual([
        'objective',
        'alerting.ticket.conditions.0.longWindowMs',
      ]);
    }
  });
});

describe('SliSeries advance', () => {
  it('drops what leaves each window after large jumps', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    series.add(T0, 90, 100);
    series.advance(T0 + 7 * HOUR); // past the 6h ring, still in 1d, 3d and 30d
    expect(series.windowSum(6 * HOUR).total).toBe(0);
    expect(series.windowSum(DAY).total).toBe(100);
    series.advance(T0 + 4 * DAY); // past the 3-day ring
    expect(series.windowSum(3 * DAY).total).toBe(0);
    expect(series.budgetSum()).toEqual({ good: 90, total: 100 });
    series.advance(T0 + 31 * DAY); // past the SLO window
    expect(series.budgetSum()).toEqual({ good: 0, total: 0 });
  });

  it('keeps steady traffic at a steady sum while buckets roll', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    for (let m = 0; m < 8 * 60; m++) {
      series.advance(T0 + m * MIN);
      series.add(T0 + m * MIN, 99, 100);
    }
    // now = T0 + 479 min. 1h = minutes 420..479 = 60 minutes; 6h = 360 minutes.
    expect(series.windowSum(HOUR)).toEqual({ good: 5940, total: 6000 });
    expect(series.windowSum(6 * HOUR)).toEqual({ good: 35_640, total: 36_000 });
    expect(series.budgetSum()).toEqual({ good: 47_520, total: 48_000 });
  });
});

describe('SliSeries exclusions', () => {
  it('leaves one-off and weekly windows out of good and total', () => {
    const slo = makeSlo({
      exclusions: [
        { kind: 'once', startMs: T0 + 10 * MIN, endMs: T0 + 20 * MIN },
        // Every Monday 09:00-10:00 in New York (EST, UTC-5 in February): 14:00Z on T0 = Monday 2 Feb.
        {
          kind: 'recurring',
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          startMs: Date.parse('2026-01-05T14:00:00Z'),
          durationMs: HOUR,
          timeZone: 'America/New_York',
        },
      ],
    });
    const series = new SliSeries({ slo, nowMs: T0 });
    for (let m = 0; m < 16 * 60; m++) {
      series.advance(T0 + m * MIN);
      const inOutage = (m >= 10 && m < 20) || (m >= 14 * 60 && m < 15 * 60);
      series.add(T0 + m * MIN, inOutage ? 0 : 100, 100);
    }
    // 960 minutes minus 10 + 60 excluded = 890 minutes of 100 good requests; the outages were excluded.
    expect(series.budgetSum()).toEqual({ good: 89_000, total: 89_000 });
    expect(series.counters().excluded).toBe(70);
    expect(series.lastDataMs).toBe(T0 + (16 * 60 - 1) * MIN);
  });
});

describe('SliSeries exclusion cache', () => {
  it('refreshes the excluded intervals as time advances', () => {
    // Daily 02:00-03:00 UTC from T0; the cache first covers up to T0 + 1 day.
    const slo = makeSlo({
      exclusions: [
        { kind: 'recurring', rrule: 'FREQ=DAILY', startMs: T0 + 2 * HOUR, durationMs: HOUR, timeZone: 'UTC' },
      ],
    });
    const series = new SliSeries({ slo, nowMs: T0 });
    series.advance(T0 + 9 * DAY + 2 * HOUR + 30 * MIN);
    expect(series.add(T0 + 9 * DAY + 2 * HOUR + 30 * MIN, 0, 10)).toBe('excluded');
    expect(series.add(T0 + 9 * DAY + HOUR + 59 * MIN, 0, 10)).toBe('added');
    expect(series.add(T0 + 8 * DAY + 2 * HOUR, 0, 10)).toBe('excluded');
    expect(series.budgetSum()).toEqual({ good: 0, total: 10 });
  });
});

describe('SliSeries memory', () => {
  it('stays within 32 KiB for a 30-day rolling SLO, and for a 365-day one', () => {
    const month = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    // Whole counts: 360 + 432 + 720 buckets x 2 x 2 bytes = 6,048 bytes, plus sums and overhead.
    expect(month.memoryBytes()).toBeGreaterThan(6_048);
    expect(month.memoryBytes()).toBeLessThan(10 * 1024);
    // A fraction (a Prometheus increase) widens every ring it reaches to 8 bytes: 24,192 bytes.
    month.add(T0, 0.5, 1.5);
    expect(month.memoryBytes()).toBeGreaterThan(24_192);
    expect(month.memoryBytes()).toBeLessThanOrEqual(32 * 1024);
    const year = new SliSeries({
      slo: makeSlo({ window: { kind: 'rolling', durationMs: 365 * DAY } }),
      nowMs: T0,
    });
    expect(year.memoryBytes()).toBeLessThanOrEqual(32 * 1024);
  });
});

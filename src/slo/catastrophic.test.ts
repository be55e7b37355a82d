import { describe, expect, it } from 'vitest';
import { replayNoisyDay } from '../testing/noisy-day.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { type AlertState, type AlertTransition, nextAlertState } from './alert-state.ts';
import { evaluateSlo, type SloEvaluation } from './evaluate.ts';
import { SliSeries } from './sli-series.ts';

const SEC = 1000;
const MIN = 60 * SEC;
/** A minute boundary; six hours of history precede it (the longest page window). */
const T0 = Date.parse('2026-02-02T12:00:00Z');

/** Push-fed traffic: `perSecond(t)` = [good, total] added each second, evaluated every 10 s like the runtime. */
function run(options: {
  slo?: ReturnType<typeof makeSlo>;
  perSecond: (atMs: number) => [number, number];
  untilMs: number;
}) {
  const slo = options.slo ?? makeSlo();
  const series = new SliSeries({ slo, nowMs: T0 - 360 * MIN });
  let state: AlertState | undefined;
  const pages: AlertTransition[] = [];
  const ticks: { nowMs: number; evaluation: SloEvaluation }[] = [];
  for (let nowMs = T0 - 360 * MIN + 10 * SEC; nowMs <= options.untilMs; nowMs += 10 * SEC) {
    series.advance(nowMs);
    for (let at = nowMs - 10 * SEC; at < nowMs; at += SEC) {
      const [good, total] = options.perSecond(at);
      if (total > 0) series.add(at, good, total);
    }
    const evaluation = evaluateSlo({ slo, series, nowMs });
    const next = nextAlertState({ prev: state, evaluation, nowMs, noDataAfterMs: 10 * MIN });
    state = next.state;
    pages.push(...next.transitions.filter((t) => t.severity === 'page'));
    if (nowMs >= T0) ticks.push({ nowMs, evaluation });
  }
  return { pages, ticks };
}

/** 100 req/s at 99.9 %, all failing from T0 + 10 s. */
const outage = (atMs: number): [number, number] => (atMs >= T0 + 10 * SEC ? [0, 100] : [100, 100]);

describe('the catastrophic tier', () => {
  it('pages a full outage at the first evaluation after 10 s of failure, naming the tier', () => {
    const { pages, ticks } = run({ perSecond: outage, untilMs: T0 + 5 * MIN });
    // At T0 + 20 s: the 5m window holds 4 whole minutes (24,000 good) and the newest 20 s (1,000 good,
    // 1,000 bad): 1,000 / 26,000 = 0.0385, burn 38.5 > 30; the newest minute is 50 % bad (>= 20 %),
    // 26,000 events >= 100. The page tier waits: 1h burn 1,000 / 360,000 / 0.001 = 2.8 < 14.4. Spent:
    // 1,000 bad of a 30-day budget of 100 x 2,592,000 x 0.001 = 259,200 bad, 0.39 %.
    expect(pages[0]).toMatchObject({ state: 'firing', atMs: T0 + 20 * SEC });
    expect(pages[0]?.reason).toBe('catastrophic tier: burn above 30x over 5m and 1m (26000 events in 5m)');
    expect(pages[0]?.burnRates['5m']).toBeCloseTo(1000 / 26_000 / 0.001, 9);
    expect(ticks.find((t) => t.nowMs === T0 + 20 * SEC)?.evaluation.alerts.page.firing).toBe(false);
    // Ticks on a minute boundary see an empty newest minute and read the previous one: no flapping.
    expect(pages).toHaveLength(1);
  });

  it('does not page a 20-second spike of 30 % errors: the 5m burn stays under 30', () => {
    const spike = (atMs: number): [number, number] =>
      atMs >= T0 && atMs < T0 + 20 * SEC ? [70, 100] : [100, 100];
    const { pages, ticks } = run({ perSecond: spike, untilMs: T0 + 10 * MIN });
    // At T0 + 20 s: 600 bad in 24,000 + 2,000 events = 0.0231, burn 23.1 < 30, while the newest minute
    // is 30 % bad (>= 20 %): only the long window keeps it quiet. Worst on the minute boundary T0 + 60 s,
    // when the 5m window is the 4 whole minutes T0 - 3m..T0: 600 / 24,000 = 0.025, burn 25 < 30.
    const burnAt = (ms: number) => ticks.find((t) => t.nowMs === ms)?.evaluation.burnRates['5m'];
    expect(burnAt(T0 + 20 * SEC)).toBeCloseTo(600 / 26_000 / 0.001, 9);
    const worst = Math.max(...ticks.map((t) => t.evaluation.burnRates['5m'] ?? 0));
    expect(worst).toBeCloseTo(25, 9);
    expect(burnAt(T0 + 60 * SEC)).toBeCloseTo(25, 9);
    expect(ticks.some((t) => t.evaluation.alerts.catastrophic.firing)).toBe(false);
    expect(pages).toEqual([]);
  });

  it('does not page a night with 5 requests a minute when 3 fail: 25 events are under minEvents', () => {
    // One request every 12 s; in the minute from T0 the first three fail.
    const night = (atMs: number): [number, number] => {
      if ((atMs - T0) % (12 * SEC) !== 0) return [0, 0];
      return atMs >= T0 && atMs < T0 + 36 * SEC ? [0, 1] : [1, 1];
    };
    const { pages, ticks } = run({ perSecond: night, untilMs: T0 + 5 * MIN });
    const atMinuteEnd = ticks.find((t) => t.nowMs === T0 + 50 * SEC)?.evaluation as SloEvaluation;
    // 5m: 20 + 5 = 25 events, 3 bad: burn 3 / 25 / 0.001 = 120 > 30, newest minute 3 / 5 = 60 % bad,
    // but 25 < 100 events. The page tier: 1h burn 3 / 300 / 0.001 = 10 < 14.4, 6h 3 / 1,800 = 1.7 < 6.
    expect(atMinuteEnd.alerts.catastrophic.conditions[0]).toMatchObject({ longEvents: 25, firing: false });
    expect(atMinuteEnd.burnRates['5m']).toBeCloseTo(120, 9);
    expect(pages).toEqual([]);
  });

  it('pages nothing early when disabled for the SLO; the page tier still pages later', () => {
    const base = makeSlo();
    const slo = makeSlo({
      alerting: { ...base.alerting, catastrophic: { ...base.alerting.catastrophic, enabled: false } },
    });
    const { pages } = run({ slo, perSecond: outage, untilMs: T0 + 5 * MIN });
    // The 1h/5m page needs 1h error ratio > 0.0144. At T0 + 60 s the 1h window is T0 - 59m..T0: 5,000 bad
    // in 360,000 = 0.0139; at T0 + 70 s it adds the newest 10 s: 6,000 in 361,000 = 0.0166. The 6h/30m
    // condition waits: 6h ratio 6,000 / 2,161,000 = 0.0028 < 0.006.
    expect(pages[0]).toMatchObject({ state: 'firing', atMs: T0 + 70 * SEC, reason: null });
  });

  it('pages no one on a noisy healthy day (seeded: diurnal traffic, bursts, short spikes, quiet night)', () => {
    for (const seed of [1, 7, 42]) {
      const day = replayNoisyDay({ slo: makeSlo(), seed });
      expect(day.ticks).toBe(9000);
      expect(day.events).toBeGreaterThan(2_900_000);
      expect(day.catastrophicTicks).toBe(0);
      expect(day.pages).toEqual([]);
    }
  });
});

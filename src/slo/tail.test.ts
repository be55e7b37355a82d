import { describe, expect, it } from 'vitest';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { nextAlertState } from './alert-state.ts';
import { evaluateSlo } from './evaluate.ts';
import { SliSeries } from './sli-series.ts';
import { freshTail, sumsWithTail } from './tail.ts';

const SEC = 1000;
const MIN = 60 * SEC;
/** A minute boundary. */
const T0 = Date.parse('2026-02-02T12:00:00Z');

describe('the provisional tail', () => {
  it('adds to each window the share of the tail that lies inside it', () => {
    const settled = { windowSum: (windowMs: number) => ({ good: windowMs / MIN, total: windowMs / MIN }) };
    // 90 s of full outage at 100 req/s past the settled buckets.
    const tail = { fromMs: T0, toMs: T0 + 90 * SEC, good: 0, total: 9000 };
    const sums = sumsWithTail(settled, tail, T0 + 90 * SEC);
    // 1m: the newest 60 of its 90 s, two thirds of 9,000; 5m: all of it.
    expect(sums.windowSum(MIN)).toEqual({ good: 1, total: 1 + 6000 });
    expect(sums.windowSum(5 * MIN)).toEqual({ good: 5, total: 5 + 9000 });
  });

  it('is left out once it is more than a minute old', () => {
    const tail = { fromMs: T0, toMs: T0 + 45 * SEC, good: 0, total: 4500 };
    expect(freshTail(tail, T0 + 105 * SEC)).toBe(tail);
    expect(freshTail(tail, T0 + 106 * SEC)).toBeUndefined();
    expect(freshTail(undefined, T0)).toBeUndefined();
  });

  describe('a polled SLO (99.9 %, 100 req/s) whose settled minutes end at T0, evaluated at T0 + 45 s', () => {
    const slo = makeSlo();
    const nowMs = T0 + 45 * SEC;
    function settledSeries(): SliSeries {
      const series = new SliSeries({ slo, nowMs: T0 - 360 * MIN });
      for (let minute = T0 - 360 * MIN; minute < T0; minute += MIN) {
        series.advance(minute + MIN);
        series.add(minute, 6000, 6000);
      }
      series.advance(nowMs);
      return series;
    }

    it('pages a full outage in the tail on the catastrophic tier, before its minute settles', () => {
      const series = settledSeries();
      const tail = { fromMs: T0, toMs: nowMs, good: 0, total: 4500 };
      // 1m: only the tail, all failing: burn 1,000. 5m: four settled minutes (24,000 good) and the tail
      // (4,500 bad): 4,500 / 28,500 = 0.158, burn 157.9 > 30, with 28,500 events >= 100.
      const evaluation = evaluateSlo({ slo, series, nowMs, tail });
      expect(evaluation.alerts.catastrophic.firing).toBe(true);
      expect(evaluation.alerts.catastrophic.firedBy?.longBurn).toBeCloseTo(4500 / 28_500 / 0.001, 9);
      expect(evaluation.alerts.catastrophic.firedBy?.shortBurn).toBeCloseTo(1000, 9);
      // Budgets, burn rates and the other tiers stay on settled data.
      expect(evaluation.sli).toEqual({ good: 360 * 6000, total: 360 * 6000, ratio: 1 });
      expect(evaluation.burnRates['5m']).toBe(0);
      expect(evaluation.alerts.page.firing).toBe(false);
      const next = nextAlertState({ prev: undefined, evaluation, nowMs, noDataAfterMs: 10 * MIN });
      expect(next.transitions).toMatchObject([
        {
          severity: 'page',
          state: 'firing',
          reason: 'catastrophic tier: burn above 30x over 5m and 1m (28500 events in 5m)',
        },
      ]);

      // Without the tail, the same moment sees only healthy settled minutes.
      expect(evaluateSlo({ slo, series, nowMs }).alerts.catastrophic.firing).toBe(false);
    });

    it('pages no one for a tail with 2 % errors: the 5m burn is 3.2', () => {
      const series = settledSeries();
      // 90 bad of 4,500 in the tail: 90 / 28,500 = 0.00316, burn 3.16 < 30.
      const tail = { fromMs: T0, toMs: nowMs, good: 4410, total: 4500 };
      const evaluation = evaluateSlo({ slo, series, nowMs, tail });
      expect(evaluation.alerts.catastrophic.conditions[0]?.longBurn).toBeCloseTo(90 / 28_500 / 0.001, 9);
      expect(evaluation.alerts.catastrophic.firing).toBe(false);
    });
  });
});

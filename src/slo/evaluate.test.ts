import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { defaultPageConditions, defaultTicketConditions, type Slo } from '../specs/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { evaluateSlo } from './evaluate.ts';
import { SliSeries } from './sli-series.ts';

const MIN = 60_000;
const DAY = 1440 * MIN;
const T0 = Date.parse('2026-02-02T00:00:00Z');
const THREE_DAYS = 3 * 1440;

/** Feeds `minutes` minutes of `total` requests from T0, `bad(m)` of them bad; now ends mid last minute. */
function traffic(slo: Slo, minutes: number, total: number, bad: (minute: number) => number) {
  const series = new SliSeries({ slo, nowMs: T0 });
  for (let m = 0; m < minutes; m++) {
    series.advance(T0 + m * MIN + 30_000);
    series.add(T0 + m * MIN, total - bad(m), total);
  }
  const nowMs = T0 + (minutes - 1) * MIN + 30_000;
  return evaluateSlo({ slo, series, nowMs });
}

describe('evaluateSlo budget', () => {
  it('reports 60 % remaining for 400 bad in 1,000,000 on 99.9 %', () => {
    const slo = makeSlo();
    const series = new SliSeries({ slo, nowMs: T0 });
    series.add(T0, 999_600, 1_000_000);
    const evaluation = evaluateSlo({ slo, series, nowMs: T0 });
    expect(evaluation.sli).toEqual({ good: 999_600, total: 1_000_000, ratio: 0.9996 });
    expect(evaluation.errorBudget.consumed).toBeCloseTo(0.4, 12);
    expect(evaluation.errorBudget.remaining).toBeCloseTo(0.6, 12);
    expect(evaluation.status).toBe('healthy');
  });

  it('says no_data while its source fails, keeping the last known budget figures', () => {
    const slo = makeSlo();
    const series = new SliSeries({ slo, nowMs: T0 });
    series.add(T0, 999_600, 1_000_000);
    const evaluation = evaluateSlo({ slo, series, nowMs: T0, sourceError: 'prometheus: connection refused' });
    expect(evaluation.status).toBe('no_data');
    expect(evaluation.errorBudget.remaining).toBeCloseTo(0.6, 12);
    expect(evaluation.sourceError).toBe('prometheus: connection refused');
  });

  it('weights minutes by traffic, not by averaging their ratios', () => {
    const slo = makeSlo();
    const series = new SliSeries({ slo, nowMs: T0 });
    series.add(T0, 990, 1000);
    series.advance(T0 + MIN);
    series.add(T0 + MIN, 0, 10);
    const evaluation = evaluateSlo({ slo, series, nowMs: T0 + MIN });
    // 990 / 1010 = 0.980198..., not (0.99 + 0) / 2 = 0.495.
    expect(evaluation.sli.ratio).toBe(990 / 1010);
  });

  it('reports no data, with nulls and nothing firing, for a quiet period', () => {
    const slo = makeSlo();
    const series = new SliSeries({ slo, nowMs: T0 });
    series.add(T0, 0, 0);
    const evaluation = evaluateSlo({ slo, series, nowMs: T0 });
    expect(evaluation.status).toBe('no_data');
    expect(evaluation.sli).toEqual({ good: 0, total: 0, ratio: null });
    expect(evaluation.errorBudget).toEqual({ remaining: null, consumed: null });
    expect(Object.values(evaluation.burnRates)).toEqual([null, null, null, null, null, null, null]);
    expect(evaluation.alerts.page.firing).toBe(false);
    expect(evaluation.lastDataMs).toBeNull();
  });

  it('uses the thresholds of the error budget policy', () => {
    const slo = makeSlo();
    const series = new SliSeries({ slo, nowMs: T0 });
    series.add(T0, 999_600, 1_000_000); // 60 % remaining
    const policy = {
      name: 'strict',
      thresholds: { caution: 75, warning: 60, critical: 20 },
      actions: {},
      origin: 'nines' as const,
      source: { file: 'p.yaml', line: 1, col: 1 },
    };
    expect(evaluateSlo({ slo, series, policy, nowMs: T0 }).status).toBe('warning');
  });

  it('refuses a series that was not advanced to now', () => {
    const slo = makeSlo();
    const series = new SliSeries({ slo, nowMs: T0 });
    expect(() => evaluateSlo({ slo, series, nowMs: T0 + MIN })).toThrow(NinesError);
  });
});

describe('evaluateSlo burn rates and alert conditions (99.9 %, 30 days)', () => {
  it('measures every window after a 10-minute full outage in steady traffic', () => {
    // 3 days of 1000 requests a minute; the last 10 minutes all fail. Burn = (bad minutes / W) / 0.001.
    const evaluation = traffic(makeSlo(), THREE_DAYS, 1000, (m) => (m >= THREE_DAYS - 10 ? 1000 : 0));
    const burn = evaluation.burnRates;
    expect(burn['5m']).toBeCloseTo(1000, 9); // 5 of 5 minutes bad
    expect(burn['30m']).toBeCloseTo((1000 * 10) / 30, 9); // 333.33
    expect(burn['1h']).toBeCloseTo((1000 * 10) / 60, 9); // 166.67
    expect(burn['2h']).toBeCloseTo((1000 * 10) / 120, 9); // 83.33
    expect(burn['6h']).toBeCloseTo((1000 * 10) / 360, 9); // 27.78
    expect(burn['1d']).toBeCloseTo((1000 * 10) / 1440, 9); // 6.94
    expect(burn['3d']).toBeCloseTo((1000 * 10) / 4320, 9); // 2.31
    // The 30-day window holds the same 3 days: 2.31 budgets spent.
    expect(evaluation.errorBudget.consumed).toBeCloseTo((1000 * 10) / 4320, 9);
    expect(evaluation.status).toBe('exhausted');
    // Page: 1h 166.7 > 14.4 and 5m 1000 > 14.4. Ticket: 1d 6.94 > 3 and 2h 83.3 > 3.
    expect(evaluation.alerts.page.firing).toBe(true);
    expect(evaluation.alerts.page.firedBy?.condition).toEqual(defaultPageConditions[0]);
    expect(evaluation.alerts.ticket.firedBy?.condition).toEqual(defaultTicketConditions[0]);
  });

  it('pages on a moderate burn through the 6h/30m condition', () => {
    // Healthy for 3 days, then 0.8 % errors for the last 6 hours: burn 8 over 6h and 30m (> 6) pages,
    // 1h burn 8 < 14.4 does not; 1d burn 8 * 6/24 = 2 < 3 and 3d 8 * 6/72 = 0.67 < 1: no ticket.
    const evaluation = traffic(makeSlo(), THREE_DAYS, 1000, (m) => (m >= THREE_DAYS - 360 ? 8 : 0));
    expect(evaluation.burnRates['6h']).toBeCloseTo(8, 9);
    expect(evaluation.burnRates['1d']).toBeCloseTo(2, 9);
    expect(evaluation.alerts.page.firedBy?.condition).toEqual(defaultPageConditions[1]);
    expect(evaluation.alerts.ticket.firing).toBe(false);
  });

  it('opens only a ticket for a slow steady burn', () => {
    // 0.4 % errors for 3 days: burn 4 everywhere. Page needs > 14.4 or > 6; ticket needs > 3 (1d and 2h).
    const evaluation = traffic(makeSlo(), THREE_DAYS, 1000, () => 4);
    expect(evaluation.burnRates['1d']).toBeCloseTo(4, 9);
    expect(evaluation.alerts.page.firing).toBe(false);
    expect(evaluation.alerts.ticket.firedBy?.condition).toEqual(defaultTicketConditions[0]);
    expect(evaluation.alerts.ticket.firedBy?.longBurn).toBeCloseTo(4, 9);
    expect(evaluation.alerts.ticket.firedBy?.shortBurn).toBeCloseTo(4, 9);
  });

  it('fires nothing for 0.05 % errors', () => {
    // 1 bad in 2000 = 0.05 %: burn 0.5, below every threshold (the lowest is 1 over 3d and 6h).
    const evaluation = traffic(makeSlo(), THREE_DAYS, 2000, () => 1);
    expect(evaluation.burnRates['3d']).toBeCloseTo(0.5, 9);
    expect(evaluation.alerts.page.firing).toBe(false);
    expect(evaluation.alerts.ticket.firing).toBe(false);
    expect(evaluation.alerts.ticket.conditions.map((c) => c.firing)).toEqual([false, false]);
  });

  it('pages for the same slow burn on a 7-day SLO, whose factors are scaled by 7/30', () => {
    // Workbook factors scaled to 7 days: page 14.4 * 7/30 = 3.36 (1h/5m) and 6 * 7/30 = 1.4 (6h/30m).
    const scale = (c: (typeof defaultPageConditions)[number]) => ({ ...c, burnRate: (c.burnRate * 7) / 30 });
    const slo = makeSlo({ window: { kind: 'rolling', durationMs: 7 * DAY } });
    slo.alerting.page.conditions = defaultPageConditions.map(scale);
    slo.alerting.ticket.conditions = defaultTicketConditions.map(scale);
    const evaluation = traffic(slo, THREE_DAYS, 1000, () => 4);
    expect(evaluation.alerts.page.firedBy?.condition.burnRate).toBeCloseTo(3.36, 12);
    expect(evaluation.alerts.page.firedBy?.longBurn).toBeCloseTo(4, 9);
  });

  it('does not fire while the long window holds fewer events than minEvents', () => {
    // 10 requests a minute, the last 30 minutes all failing. 1h holds 600 events, 6h 3,600, 1d 14,400.
    const slo = makeSlo();
    slo.alerting.minEvents = 5000;
    const evaluation = traffic(slo, THREE_DAYS, 10, (m) => (m >= THREE_DAYS - 30 ? 10 : 0));
    expect(evaluation.alerts.page.conditions.map((c) => c.longEvents)).toEqual([600, 3600]);
    expect(evaluation.alerts.page.firing).toBe(false);
    // Ticket 1d/2h: 14,400 >= 5,000 events, burn 1000 * 30/1440 = 20.8 and 1000 * 30/120 = 250, both > 3.
    expect(evaluation.alerts.ticket.firedBy?.condition).toEqual(defaultTicketConditions[0]);
  });

  it('never fires a disabled tier', () => {
    const slo = makeSlo();
    slo.alerting.page.enabled = false;
    const evaluation = traffic(slo, 120, 1000, () => 1000);
    expect(evaluation.alerts.page).toEqual({ enabled: false, firing: false, firedBy: null, conditions: [] });
  });
});

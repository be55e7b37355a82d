import { describe, expect, it } from 'vitest';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { evaluateSlo } from './evaluate.ts';
import { SliSeries } from './sli-series.ts';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('calendar SLO windows', () => {
  it('resets the budget at local midnight on the 1st of the month in Europe/Paris', () => {
    const slo = makeSlo({ window: { kind: 'calendar', unit: 'month', timeZone: 'Europe/Paris' } });
    const lastEvening = at('2026-03-31T21:00:00Z'); // 23:00 CEST on 31 March
    const series = new SliSeries({ slo, nowMs: lastEvening });
    expect(series.budgetWindow()).toEqual({
      startMs: at('2026-02-28T23:00:00Z'),
      endMs: at('2026-03-31T22:00:00Z'),
    });
    for (let m = 0; m < 60; m++) {
      series.advance(lastEvening + m * MIN);
      series.add(lastEvening + m * MIN, 90, 100);
    }
    expect(series.budgetSum()).toEqual({ good: 5400, total: 6000 });

    series.advance(at('2026-03-31T22:00:00Z')); // 1 April 00:00 CEST
    expect(series.budgetSum()).toEqual({ good: 0, total: 0 });
    expect(series.budgetWindow()).toEqual({
      startMs: at('2026-03-31T22:00:00Z'),
      endMs: at('2026-04-30T22:00:00Z'),
    });
    // The burn windows still hold the last hour of March.
    expect(series.windowSum(3_600_000)).toEqual({ good: 5310, total: 5900 });
    // Late data for March still reaches the burn windows, but not April's budget.
    expect(series.add(at('2026-03-31T21:59:30Z'), 0, 10)).toBe('added');
    expect(series.budgetSum()).toEqual({ good: 0, total: 0 });
    expect(series.windowSum(3_600_000).total).toBe(5910);

    const evaluation = evaluateSlo({ slo, series, nowMs: at('2026-03-31T22:00:00Z') });
    expect(evaluation.status).toBe('no_data');
    expect(evaluation.sli.ratio).toBeNull();
    expect(evaluation.budgetWindow.endMs).toBe(at('2026-04-30T22:00:00Z'));
  });

  it('resets a weekly budget on Monday 00:00 local, across the spring DST change', () => {
    const slo = makeSlo({ window: { kind: 'calendar', unit: 'week', timeZone: 'Europe/Paris' } });
    const sunday = at('2026-03-29T21:30:00Z'); // Sunday 23:30 CEST, in the 167-hour week
    const series = new SliSeries({ slo, nowMs: sunday });
    series.add(sunday, 1, 1);
    expect(series.budgetSum().total).toBe(1);
    series.advance(at('2026-03-29T21:59:59Z'));
    expect(series.budgetSum().total).toBe(1);
    series.advance(at('2026-03-29T22:00:00Z')); // Monday 30 March 00:00 CEST
    expect(series.budgetSum().total).toBe(0);
    expect(series.budgetWindow()).toEqual({
      startMs: at('2026-03-29T22:00:00Z'),
      endMs: at('2026-04-05T22:00:00Z'),
    });
  });

  it('counts data older than the period but within three days for burn windows only', () => {
    const slo = makeSlo({ window: { kind: 'calendar', unit: 'month', timeZone: 'UTC' } });
    const now = at('2026-05-01T06:00:00Z');
    const series = new SliSeries({ slo, nowMs: now });
    expect(series.add(at('2026-04-30T12:00:00Z'), 5, 10)).toBe('added');
    expect(series.budgetSum().total).toBe(0);
    expect(series.windowSum(86_400_000)).toEqual({ good: 5, total: 10 });
    expect(series.add(at('2026-04-20T12:00:00Z'), 5, 10)).toBe('too_old');
  });
});

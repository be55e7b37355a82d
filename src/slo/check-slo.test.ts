import { describe, expect, it } from 'vitest';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { checkSloForEngine } from './check-slo.ts';

describe('checkSloForEngine', () => {
  it('accepts the Workbook defaults on a 30-day window', () => {
    expect(checkSloForEngine(makeSlo())).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const slo = makeSlo({
      objective: 100,
      window: { kind: 'calendar', unit: 'month', timeZone: 'Europe/Atlantis' },
      budgeting: { method: 'timeslices', sliceMs: 30_000, sliceTarget: 1.5 },
      exclusions: [
        { kind: 'once', startMs: 10, endMs: 10 },
        { kind: 'recurring', rrule: 'FREQ=OFTEN', startMs: 0, durationMs: 0, timeZone: 'UTC' },
      ],
    });
    slo.alerting.page.conditions = [{ longWindowMs: 3_600_000, shortWindowMs: 90_000, burnRate: 0 }];
    expect(checkSloForEngine(slo).map((p) => p.path)).toEqual([
      'objective',
      'window.timeZone',
      'budgeting.sliceMs',
      'budgeting.sliceTarget',
      'alerting.page.conditions.0.shortWindowMs',
      'alerting.page.conditions.0.burnRate',
      'exclusions.0',
      'exclusions.1.durationMs',
      'exclusions.1.rrule',
    ]);
  });

  it('accepts custom windows that a ring can hold', () => {
    const slo = makeSlo();
    // 45 minutes fits the 1-minute ring; 2 days (a multiple of 10 minutes) fits the 10-minute ring.
    slo.alerting.ticket.conditions = [
      { longWindowMs: 2 * 86_400_000, shortWindowMs: 2_700_000, burnRate: 2 },
    ];
    expect(checkSloForEngine(slo)).toEqual([]);
  });
});

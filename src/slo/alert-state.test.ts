import { describe, expect, it } from 'vitest';
import { defaultCatastrophicCondition, defaultTicketConditions } from '../specs/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { type AlertState, type AlertTransition, nextAlertState } from './alert-state.ts';
import { evaluateSlo } from './evaluate.ts';
import { SliSeries } from './sli-series.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-02-02T00:00:00Z');
const THREE_DAYS = 3 * 1440;
const NO_DATA_AFTER = 10 * MIN;

/** Minute index relative to the outage start, for readable expectations. */
const relative = (t: AlertTransition) => ({
  severity: t.severity,
  state: t.state,
  k: (t.atMs - T0) / MIN - THREE_DAYS,
});

/**
 * 3 days of 1000 requests a minute, then 10 minutes of total failure, then healthy again. Evaluates at
 * the middle of every minute, with that minute's data in; state goes through JSON like the runtime's.
 */
function runOutage(untilK: number): AlertTransition[] {
  const slo = makeSlo();
  const series = new SliSeries({ slo, nowMs: T0 });
  let stored: string | undefined;
  const transitions: AlertTransition[] = [];
  for (let m = 0; m <= THREE_DAYS + untilK; m++) {
    const nowMs = T0 + m * MIN + 30_000;
    series.advance(nowMs);
    const inOutage = m >= THREE_DAYS && m < THREE_DAYS + 10;
    series.add(T0 + m * MIN, inOutage ? 0 : 1000, 1000);
    const evaluation = evaluateSlo({ slo, series, nowMs });
    const prev = stored === undefined ? undefined : (JSON.parse(stored) as AlertState);
    const step = nextAlertState({ prev, evaluation, nowMs, noDataAfterMs: NO_DATA_AFTER });
    stored = JSON.stringify(step.state);
    transitions.push(...step.transitions.map((t) => ({ ...t, atMs: t.atMs - 30_000 })));
  }
  return transitions;
}

describe('nextAlertState for burn alerts', () => {
  it('pages and tickets at the start of an outage and resolves each when its condition ends', () => {
    const transitions = runOutage(400);
    expect(transitions.map(relative)).toEqual([
      // k=0: 5m burn 1000/5 = 200 and 1h burn 1000/60 = 16.7, both > 14.4; the catastrophic tier holds
      // too (5m burn 200 > 30, the newest minute 100 % failing, 5,000 events >= 100) and names the page.
      { severity: 'page', state: 'firing', k: 0 },
      // k=4: 1d burn = 5,000 bad / 1,435,000 (1435 minutes in 144 ten-minute buckets) / 0.001 = 3.48 > 3;
      // at k=3 it was 4,000 / 1,434,000 / 0.001 = 2.79.
      { severity: 'ticket', state: 'firing', k: 4 },
      // The 6h/30m condition holds until the last bad minute (k=9) leaves the 30m window at k=39.
      { severity: 'page', state: 'resolved', k: 39 },
      // The 3d/6h condition (burn > 1) holds until k=9 leaves the 6h window at k=369.
      { severity: 'ticket', state: 'resolved', k: 369 },
    ]);
    const pageFiring = transitions[0] as AlertTransition;
    expect(pageFiring.condition).toEqual(defaultCatastrophicCondition);
    expect(pageFiring.reason).toBe('catastrophic tier: burn above 30x over 5m and 1m (5000 events in 5m)');
    expect(pageFiring.burnRates['5m']).toBeCloseTo(200, 9);
    expect(transitions[1]?.condition).toEqual(defaultTicketConditions[0]);
    expect(transitions[2]?.condition).toBeNull();
  });
});

describe('nextAlertState for no data', () => {
  function evaluationAt(series: SliSeries, nowMs: number, sourceError?: string) {
    series.advance(nowMs);
    return evaluateSlo({ slo: series.slo, series, nowMs, sourceError });
  }

  it('fires after noDataAfterMs of silence and resolves when data returns', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    series.add(T0, 10, 10); // last data at T0
    let state = nextAlertState({
      prev: undefined,
      evaluation: evaluationAt(series, T0),
      nowMs: T0,
      noDataAfterMs: NO_DATA_AFTER,
    }).state;
    const step = (nowMs: number, sourceError?: string) => {
      const next = nextAlertState({
        prev: state,
        evaluation: evaluationAt(series, nowMs, sourceError),
        nowMs,
        noDataAfterMs: NO_DATA_AFTER,
      });
      state = next.state;
      return next.transitions;
    };
    expect(step(T0 + 10 * MIN - 1)).toEqual([]);
    const fired = step(T0 + 10 * MIN);
    expect(fired).toMatchObject([{ severity: 'no_data', state: 'firing', atMs: T0 + 10 * MIN }]);
    expect(fired[0]?.reason).toContain('no data since 2026-02-02T00:00:00.000Z');
    expect(step(T0 + 11 * MIN)).toEqual([]);
    series.advance(T0 + 12 * MIN);
    series.add(T0 + 12 * MIN, 5, 5);
    expect(step(T0 + 12 * MIN)).toMatchObject([{ severity: 'no_data', state: 'resolved', reason: null }]);
  });

  it('counts silence from the first evaluation when there never was data', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    const first = nextAlertState({
      prev: undefined,
      evaluation: evaluationAt(series, T0),
      nowMs: T0,
      noDataAfterMs: NO_DATA_AFTER,
    });
    expect(first.transitions).toEqual([]);
    const later = nextAlertState({
      prev: first.state,
      evaluation: evaluationAt(series, T0 + 10 * MIN),
      nowMs: T0 + 10 * MIN,
      noDataAfterMs: NO_DATA_AFTER,
    });
    expect(later.transitions[0]?.reason).toContain('evaluation began');
  });

  it('fires after a continuous run of source errors, even while older data is fresh enough', () => {
    const series = new SliSeries({ slo: makeSlo(), nowMs: T0 });
    let state: AlertState | undefined;
    const step = (nowMs: number, sourceError?: string) => {
      series.advance(nowMs);
      series.add(nowMs, 1, 1); // data keeps arriving; only the source reports trouble
      const next = nextAlertState({
        prev: state,
        evaluation: evaluationAt(series, nowMs, sourceError),
        nowMs,
        noDataAfterMs: NO_DATA_AFTER,
      });
      state = next.state;
      return next.transitions;
    };
    step(T0);
    step(T0 + MIN, 'timeout');
    step(T0 + 5 * MIN); // one good read breaks the run
    for (let m = 6; m < 16; m++) expect(step(T0 + m * MIN, 'HTTP 503')).toEqual([]);
    const fired = step(T0 + 16 * MIN, 'HTTP 503');
    expect(fired).toMatchObject([{ severity: 'no_data', state: 'firing' }]);
    expect(fired[0]?.reason).toBe('source failing since 2026-02-02T00:06:00.000Z: HTTP 503');
    expect(step(T0 + 17 * MIN)).toMatchObject([{ severity: 'no_data', state: 'resolved' }]);
  });
});

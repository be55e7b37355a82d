import { describe, expect, it } from 'vitest';
import {
  type AnalysisFigures,
  canaryTone,
  intervalText,
  pValueText,
  scoreSeries,
  scoreSummary,
} from './analysis-text.ts';

const interval = (index: number, score: number, verdict: string) => ({
  index,
  from: '2026-03-02T12:00:00Z',
  to: `2026-03-02T12:0${index * 2}:00Z`,
  verdict,
  score,
  reason: null,
  metrics: [],
  slo: null,
});

const analysis = (intervals: AnalysisFigures['intervals']): AnalysisFigures => ({
  id: 4,
  status: 'running',
  score: intervals.at(-1)?.score ?? null,
  reason: null,
  spec: { thresholds: { pass: 95, marginal: 75 } },
  intervals,
});

describe('the analysis score chart', () => {
  it('puts each interval at its end, in index order, between the start and end of the bake', () => {
    // 12:00 is 1772452800 s after the epoch; 12:02 and 12:04 are 120 and 240 s later, the end (12:06) 360.
    const span = { startedAt: '2026-03-02T12:00:00Z', endsAt: '2026-03-02T12:06:00Z' };
    expect(scoreSeries([interval(2, 50, 'fail'), interval(1, 100, 'pass')], span)).toEqual([
      [1772452800, 1772452920, 1772453040, 1772453160],
      [null, 100, 50, null],
    ]);
    // The last interval ends at the end of the bake: no empty point after it.
    expect(scoreSeries([interval(3, 90, 'marginal')], span)).toEqual([
      [1772452800, 1772453160],
      [null, 90],
    ]);
    expect(scoreSeries([], span)).toEqual([
      [1772452800, 1772453160],
      [null, null],
    ]);
  });

  it('says where the last score stands against the thresholds, and lists every score', () => {
    expect(scoreSummary(analysis([interval(1, 100, 'pass'), interval(2, 80, 'marginal')]))).toBe(
      'Interval 2 scored 80 (marginal). Pass at 95 or more, marginal at 75 or more, fail below. ' +
        'Scores by interval: 1: 100, 2: 80.',
    );
    expect(scoreSummary(analysis([]))).toBe(
      'No interval judged yet. Pass at 95 or more, marginal at 75 or more, fail below.',
    );
  });
});

describe('metric figures', () => {
  it('writes an interval, a p-value and a tone', () => {
    expect(intervalText(-0.41234, 2.5)).toBe('[-0.4123, 2.5]');
    expect(intervalText(null, 1)).toBe('—');
    expect(pValueText(0.00003)).toBe('< 0.0001');
    expect(pValueText(0.04567)).toBe('0.0457');
    expect(pValueText(null)).toBe('—');
    expect(canaryTone('High')).toBe('bad');
    expect(canaryTone('Pass')).toBe('good');
    expect(canaryTone('NoData')).toBe('muted');
    expect(canaryTone('marginal')).toBe('warn');
  });
});

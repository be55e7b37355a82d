import { describe, expect, it } from 'vitest';
import { combineSeries } from './combine-series.ts';
import type { Series } from './response.ts';

const MINUTE = 60_000;

function series(labels: Record<string, string>, ...points: [number, number][]): Series {
  return { labels, points: points.map(([timeMs, value]) => ({ timeMs, value })) };
}

describe('combineSeries', () => {
  it('turns per-second rates into counts for the bucket that ends at each evaluation', () => {
    // 10 req/s and 0.5 err/s over a 60 s bucket: 600 total, 30 bad, 570 good.
    const samples = combineSeries({
      groupBy: [],
      stepMs: MINUTE,
      counts: 'error',
      total: [series({}, [2 * MINUTE, 10])],
      other: [series({}, [2 * MINUTE, 0.5])],
    });

    expect(samples).toEqual([{ labels: {}, timeMs: MINUTE, good: 570, total: 600 }]);
  });

  it('counts a total without any error series as all good (sum over no 5xx is an empty vector)', () => {
    const samples = combineSeries({
      groupBy: ['service'],
      stepMs: MINUTE,
      counts: 'error',
      total: [series({ service: 'search' }, [MINUTE, 2])],
      other: [],
    });

    expect(samples).toEqual([{ labels: { service: 'search' }, timeMs: 0, good: 120, total: 120 }]);
  });

  it('pairs series by the groupBy labels only and keeps only those labels', () => {
    const samples = combineSeries({
      groupBy: ['service'],
      stepMs: MINUTE,
      counts: 'error',
      total: [
        series({ service: 'search', job: 'api' }, [MINUTE, 1]),
        series({ service: 'checkout', job: 'api' }, [MINUTE, 2]),
      ],
      other: [series({ service: 'checkout', job: 'edge' }, [MINUTE, 0.5])],
    });

    expect(samples).toEqual([
      { labels: { service: 'checkout' }, timeMs: 0, good: 90, total: 120 },
      { labels: { service: 'search' }, timeMs: 0, good: 60, total: 60 },
    ]);
  });

  it('adds up several series of one group, as sum by (groupBy) would', () => {
    // Errors split by code: 0.25 + 0.25 = 0.5 err/s of 1 req/s over 60 s = 30 bad of 60.
    const samples = combineSeries({
      groupBy: [],
      stepMs: MINUTE,
      counts: 'error',
      total: [series({}, [MINUTE, 1])],
      other: [series({ code: '500' }, [MINUTE, 0.25]), series({ code: '503' }, [MINUTE, 0.25])],
    });

    expect(samples).toEqual([{ labels: {}, timeMs: 0, good: 30, total: 60 }]);
  });

  it('has no sample where the total is missing, even when errors are there', () => {
    const samples = combineSeries({
      groupBy: [],
      stepMs: MINUTE,
      counts: 'error',
      total: [series({}, [MINUTE, 1])],
      other: [series({}, [MINUTE, 0], [2 * MINUTE, 1])],
    });

    expect(samples.map((sample) => sample.timeMs)).toEqual([0]);
  });

  it('clamps errors to the total (rate extrapolation can overshoot)', () => {
    const samples = combineSeries({
      groupBy: [],
      stepMs: MINUTE,
      counts: 'error',
      total: [series({}, [MINUTE, 1])],
      other: [series({}, [MINUTE, 1.1])],
    });

    expect(samples).toEqual([{ labels: {}, timeMs: 0, good: 0, total: 60 }]);
  });

  it('uses good events directly from a goodQuery, missing meaning none', () => {
    const samples = combineSeries({
      groupBy: [],
      stepMs: MINUTE,
      counts: 'good',
      total: [series({}, [MINUTE, 2], [2 * MINUTE, 2])],
      other: [series({}, [MINUTE, 1.5])],
    });

    expect(samples).toEqual([
      { labels: {}, timeMs: 0, good: 90, total: 120 },
      { labels: {}, timeMs: MINUTE, good: 0, total: 120 },
    ]);
  });

  it('orders samples by bucket, then by labels', () => {
    const samples = combineSeries({
      groupBy: ['region'],
      stepMs: MINUTE,
      counts: 'error',
      total: [
        series({ region: 'us' }, [MINUTE, 1], [2 * MINUTE, 1]),
        series({ region: 'eu' }, [2 * MINUTE, 1]),
      ],
      other: [],
    });

    expect(samples.map((s) => [s.timeMs, s.labels.region])).toEqual([
      [0, 'us'],
      [MINUTE, 'eu'],
      [MINUTE, 'us'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  alertShades,
  budgetRange,
  burnRatesText,
  chartWindows,
  exclusionShades,
  idealBurnDown,
  stepFor,
  windowMs,
} from './slo-charts.ts';

const now = Date.parse('2026-12-06T10:00:00Z');

describe('SLO chart ranges', () => {
  it('charts a rolling window from the server’s window start, at most 300 points', () => {
    const range = budgetRange(
      { window: '30d', budgetWindow: { start: '2026-11-06T10:00:00Z', end: '2026-12-06T10:00:00Z' } },
      now,
    );
    expect(range.fromMs).toBe(Date.parse('2026-11-06T10:00:00Z'));
    expect(range.endMs).toBe(now);
    // 30 d = 43,200 min over 299 steps → 144.48 → 145 min.
    expect(range.stepSeconds).toBe(145 * 60);
    // Asked from a whole number of steps before now (≤ the window start): ceil(43,200 / 145) = 298 steps.
    expect(range.queryFromMs).toBe(range.toMs - 298 * 145 * 60_000);
    expect(range.queryFromMs).toBeLessThanOrEqual(range.fromMs);
    expect((range.toMs - range.queryFromMs) / (range.stepSeconds * 1000) + 1).toBeLessThanOrEqual(300);
  });

  it('runs a calendar window to the end of its period and falls back to now − window', () => {
    const month = budgetRange(
      { window: 'month', budgetWindow: { start: '2026-11-30T23:00:00Z', end: '2026-12-31T23:00:00Z' } },
      now,
    );
    expect(month.endMs).toBe(Date.parse('2026-12-31T23:00:00Z'));
    expect(month.toMs).toBe(now);
    const noWindow = budgetRange({ window: '7d', budgetWindow: null }, now);
    expect(noWindow.fromMs).toBe(now - 7 * 86_400_000);
  });

  it('rounds steps up to whole minutes', () => {
    expect(stepFor(24 * 3_600_000, 289)).toBe(300);
    expect(stepFor(10_000, 300)).toBe(60);
    expect(windowMs('1h')).toBe(3_600_000);
    expect(windowMs('month')).toBeNull();
  });

  it('draws the ideal burn-down from 100 % at the start to 0 % at the end', () => {
    expect(idealBurnDown([0, 25, 50, 100, 120], 0, 100)).toEqual([1, 0.75, 0.5, 0, 0]);
  });
});

describe('shaded ranges', () => {
  it('clips alerts to the range and runs a firing one to now', () => {
    const shades = alertShades(
      [
        { severity: 'page', firedAt: '2026-12-06T09:00:00Z', resolvedAt: null },
        { severity: 'ticket', firedAt: '2026-12-05T08:00:00Z', resolvedAt: '2026-12-05T12:00:00Z' },
        { severity: 'page', firedAt: '2026-12-01T08:00:00Z', resolvedAt: '2026-12-01T09:00:00Z' },
      ],
      Date.parse('2026-12-05T10:00:00Z') / 1000,
      now / 1000,
      now / 1000,
    );
    expect(shades).toEqual([
      {
        from: Date.parse('2026-12-05T10:00:00Z') / 1000,
        to: Date.parse('2026-12-05T12:00:00Z') / 1000,
        label: 'ticket alert',
        severity: 'ticket',
      },
      {
        from: Date.parse('2026-12-06T09:00:00Z') / 1000,
        to: now / 1000,
        label: 'page alert (firing)',
        severity: 'page',
      },
    ]);
  });

  it('labels exclusions with their reason', () => {
    const shades = exclusionShades(
      [{ start: '2026-12-06T01:00:00Z', end: '2026-12-06T02:00:00Z', reason: 'DB upgrade' }],
      0,
      now / 1000,
    );
    expect(shades[0]?.label).toBe('Excluded: DB upgrade');
  });

  it('draws the windows the alert policy watches, shortest first', () => {
    const all = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
    expect(chartWindows(all, undefined)).toEqual(all);
    expect(
      chartWindows(all, [
        { longWindow: '6h', shortWindow: '30m' },
        { longWindow: '1h', shortWindow: '5m' },
      ]),
    ).toEqual(['5m', '30m', '1h', '6h']);
  });
});

describe('burn-rate text alternative', () => {
  it('gives every window its rate as the contract spells it, shortest first', () => {
    expect(burnRatesText({ '1h': 0.5213, '5m': 14.4, '3d': null })).toBe('5m: 14.4×, 1h: 0.52×, 3d: no data');
    expect(burnRatesText(undefined)).toBe('no data');
  });
});

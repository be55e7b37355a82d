import { num } from './format.ts';

/** What the SLO page's charts ask the API for and draw: ranges, the ideal burn-down, shaded ranges. Pure. */

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30d" → ms; null for calendar windows ("month") or anything else. */
export function windowMs(window: string): number | null {
  const match = /^(\d+)([smhdw])$/.exec(window);
  if (!match) return null;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

export interface BudgetRange {
  /** Where the window starts (the ideal line's 100 %). */
  fromMs: number;
  /** What to ask history from: at or before `fromMs`, a whole number of steps before `toMs`, so the last point is now. */
  queryFromMs: number;
  /** History stops at now. */
  toMs: number;
  /** Where the window ends: now for a rolling window, the period's end for a calendar one. */
  endMs: number;
  /** Whole minutes, so the answer holds at most `maxPoints` points. */
  stepSeconds: number;
}

/**
 * The SLO window to chart: the server's `budgetWindow` when it gives one, else now − window; the step is
 * rounded up to whole minutes so the range holds at most `maxPoints` points.
 */
export function budgetRange(
  slo: { window: string; budgetWindow: { start: string; end: string } | null },
  nowMs: number,
  maxPoints = 300,
): BudgetRange {
  const start = slo.budgetWindow ? Date.parse(slo.budgetWindow.start) : Number.NaN;
  const fromMs = Number.isFinite(start) ? start : nowMs - (windowMs(slo.window) ?? 30 * 86_400_000);
  const end = slo.budgetWindow ? Date.parse(slo.budgetWindow.end) : Number.NaN;
  const endMs = Number.isFinite(end) && end > nowMs ? end : nowMs;
  const stepSeconds = stepFor(nowMs - fromMs, maxPoints);
  const steps = Math.ceil((nowMs - fromMs) / (stepSeconds * 1000));
  return { fromMs, queryFromMs: nowMs - steps * stepSeconds * 1000, toMs: nowMs, endMs, stepSeconds };
}

/** The smallest whole-minute step that keeps `spanMs` within `maxPoints` points (both ends included). */
export function stepFor(spanMs: number, maxPoints: number): number {
  const minutes = Math.max(1, Math.ceil(spanMs / 60_000 / Math.max(1, maxPoints - 1)));
  return minutes * 60;
}

/** The ideal burn-down at each time (epoch s): 1 at the window's start, 0 at its end, spent evenly. */
export function idealBurnDown(timesSec: readonly number[], startSec: number, endSec: number): number[] {
  const span = endSec - startSec;
  return timesSec.map((t) => (span <= 0 ? 0 : Math.min(1, Math.max(0, 1 - (t - startSec) / span))));
}

export interface AlertSpan {
  severity: string;
  firedAt: string;
  resolvedAt: string | null;
}

export interface Shade {
  from: number;
  to: number;
  label: string;
  severity: string;
}

/** Alerts overlapping [fromSec, toSec] as shaded ranges (epoch s), clipped; a firing alert runs to now. */
export function alertShades(
  alerts: readonly AlertSpan[],
  fromSec: number,
  toSec: number,
  nowSec: number,
): Shade[] {
  const out: Shade[] = [];
  for (const a of alerts) {
    const start = Date.parse(a.firedAt) / 1000;
    const end = a.resolvedAt ? Date.parse(a.resolvedAt) / 1000 : nowSec;
    if (!(end >= fromSec && start <= toSec)) continue;
    const label = `${a.severity} alert${a.resolvedAt ? '' : ' (firing)'}`;
    out.push({ from: Math.max(start, fromSec), to: Math.min(end, toSec), label, severity: a.severity });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Exclusions (planned maintenance…) overlapping the range, as shaded ranges. */
export function exclusionShades(
  exclusions: ReadonlyArray<{ start: string; end: string; reason?: string | null }>,
  fromSec: number,
  toSec: number,
): Shade[] {
  return exclusions
    .map((e) => ({ from: Date.parse(e.start) / 1000, to: Date.parse(e.end) / 1000, reason: e.reason }))
    .filter((e) => e.to >= fromSec && e.from <= toSec)
    .map((e) => ({
      from: Math.max(e.from, fromSec),
      to: Math.min(e.to, toSec),
      label: `Excluded${e.reason ? `: ${e.reason}` : ''}`,
      severity: 'exclusion',
    }));
}

/** Burn-rate windows in ascending length ("5m" before "1h" before "3d"). */
export function sortWindows(names: readonly string[]): string[] {
  return [...names].sort((a, b) => (windowMs(a) ?? 0) - (windowMs(b) ?? 0));
}

/** The windows to draw: those the alert policy watches when the server says, else every window it gives. */
export function chartWindows(
  pointWindows: readonly string[],
  alertWindows: ReadonlyArray<{ longWindow: string; shortWindow: string }> | undefined,
): string[] {
  if (!alertWindows?.length) return sortWindows(pointWindows);
  const watched = new Set(alertWindows.flatMap((w) => [w.longWindow, w.shortWindow]));
  return sortWindows(pointWindows.filter((w) => watched.has(w)));
}

/** "5m: 1.2×, 30m: 0.8×, 1h: no data": every window's rate, shortest window first, as the burn chart says it. */
export function burnRatesText(rates: Readonly<Record<string, number | null>> | undefined): string {
  if (!rates) return 'no data';
  const windows = sortWindows(Object.keys(rates));
  if (windows.length === 0) return 'no data';
  return windows
    .map((w) => {
      const rate = rates[w];
      return rate === null || rate === undefined ? `${w}: no data` : `${w}: ${num(rate)}×`;
    })
    .join(', ');
}

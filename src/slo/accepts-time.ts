import { MINUTE_MS } from '../core/duration.ts';
import type { Slo } from '../specs/index.ts';
import { periodStart } from './calendar.ts';
import { oldestRingTimeMs, planLayout } from './series-layout.ts';
import { isSliceSealed } from './timeslices.ts';

/** Why a data point is refused: after now's minute, older than every window, or in a sealed time slice. */
export type TimeRefusal = 'future' | 'too_old' | 'late';

export type TimeAcceptance = { ok: true } | { ok: false; reason: TimeRefusal; message: string };

/** What a series covers at some now: the oldest time it holds and, for timeslices, the slice length. */
export interface Coverage {
  nowMs: number;
  oldestMs: number;
  sliceMs?: number;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/** Judges a data time against a series' coverage; the series applies the same rule in `add`. */
export function judgeTime(timeMs: number, coverage: Coverage): TimeAcceptance {
  if (Math.floor(timeMs / MINUTE_MS) > Math.floor(coverage.nowMs / MINUTE_MS)) {
    return { ok: false, reason: 'future', message: `${iso(timeMs)} is in a later minute than now` };
  }
  if (coverage.sliceMs !== undefined && isSliceSealed(timeMs, coverage.sliceMs, coverage.nowMs)) {
    return { ok: false, reason: 'late', message: `the time slice holding ${iso(timeMs)} is already sealed` };
  }
  if (timeMs < coverage.oldestMs) {
    return { ok: false, reason: 'too_old', message: `${iso(timeMs)} is older than every window of the SLO` };
  }
  return { ok: true };
}

/** Oldest data time an SLO series still uses at `nowMs`: its oldest ring bucket or calendar period start. */
export function oldestUsefulMs(slo: Slo, nowMs: number): number {
  const oldestRing = oldestRingTimeMs(planLayout(slo), nowMs);
  if (slo.window.kind === 'rolling') return oldestRing;
  return Math.min(oldestRing, periodStart(nowMs, slo.window.unit, slo.window.timeZone));
}

/** Whether a series of `slo` advanced to `nowMs` will count data for `timeMs`; lets the runtime refuse pushes up front. */
export function acceptsTime(slo: Slo, timeMs: number, nowMs: number): TimeAcceptance {
  const sliceMs = slo.budgeting.method === 'timeslices' ? slo.budgeting.sliceMs : undefined;
  return judgeTime(timeMs, { nowMs, oldestMs: oldestUsefulMs(slo, nowMs), sliceMs });
}

/** Places on-call shifts on a horizontal timeline (percent of its width). Pure: tested beside it. */
import { dateTime } from './format.ts';

export interface Shift {
  person: string;
  start: string;
  end: string;
}

export interface PlacedShift<T extends Shift = Shift> {
  shift: T;
  leftPercent: number;
  widthPercent: number;
  /** "ana, 2026-12-06 09:00 – 2026-12-13 09:00" (the shift's own times, not the clipped ones). */
  label: string;
}

/** The shifts overlapping [fromMs, toMs), clipped to it, in start order. */
export function placeShifts<T extends Shift>(
  shifts: readonly T[],
  fromMs: number,
  toMs: number,
): PlacedShift<T>[] {
  const span = toMs - fromMs;
  if (span <= 0) return [];
  return shifts
    .map((shift) => ({ shift, start: Date.parse(shift.start), end: Date.parse(shift.end) }))
    .filter(
      ({ start, end }) => Number.isFinite(start) && Number.isFinite(end) && end > fromMs && start < toMs,
    )
    .sort((a, b) => a.start - b.start)
    .map(({ shift, start, end }) => {
      const left = Math.max(start, fromMs);
      const right = Math.min(end, toMs);
      return {
        shift,
        leftPercent: ((left - fromMs) / span) * 100,
        widthPercent: ((right - left) / span) * 100,
        label: shiftLabel(shift),
      };
    });
}

export function shiftLabel(shift: Shift): string {
  return `${shift.person}, ${dateTime(shift.start)} – ${dateTime(shift.end)}`;
}

/** Local midnights inside (fromMs, toMs), each with its place and a short label ("Mon 7"). */
export function dayTicks(
  fromMs: number,
  toMs: number,
): Array<{ at: number; leftPercent: number; label: string }> {
  const ticks: Array<{ at: number; leftPercent: number; label: string }> = [];
  const day = new Date(fromMs);
  day.setHours(0, 0, 0, 0);
  for (day.setDate(day.getDate() + 1); day.getTime() < toMs; day.setDate(day.getDate() + 1)) {
    const at = day.getTime();
    if (at <= fromMs) continue;
    ticks.push({
      at,
      leftPercent: ((at - fromMs) / (toMs - fromMs)) * 100,
      label: `${day.toLocaleDateString('en', { weekday: 'short' })} ${day.getDate()}`,
    });
  }
  return ticks;
}

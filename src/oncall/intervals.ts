/** A half-open time range [startMs, endMs). */
export interface Interval {
  startMs: number;
  endMs: number;
}

/** Sorts and joins overlapping or touching ranges, dropping empty ones. */
export function unionIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((it) => it.endMs > it.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const interval of sorted) {
    const last = out.at(-1);
    if (last && interval.startMs <= last.endMs) last.endMs = Math.max(last.endMs, interval.endMs);
    else out.push({ startMs: interval.startMs, endMs: interval.endMs });
  }
  return out;
}

/** A person's stretch of time, [startMs, endMs). */
export interface Shift extends Interval {
  person: string;
}

/** Pieces of each shift that fall inside `windows`; both lists sorted and each free of overlaps. */
export function intersectWithWindows(items: Shift[], windows: Interval[]): Shift[] {
  const out: Shift[] = [];
  let w = 0;
  for (const item of items) {
    while (w < windows.length && (windows[w] as Interval).endMs <= item.startMs) w += 1;
    for (let i = w; i < windows.length; i += 1) {
      const window = windows[i] as Interval;
      if (window.startMs >= item.endMs) break;
      const startMs = Math.max(item.startMs, window.startMs);
      const endMs = Math.min(item.endMs, window.endMs);
      // A literal keeps every shift the same shape; spread copies are much slower to read in hot loops.
      if (endMs > startMs) out.push({ person: item.person, startMs, endMs });
    }
  }
  return out;
}

import * as rruleModule from 'rrule';
import { DAY_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import type { Exclusion } from '../specs/index.ts';
import { fromWallMs, isKnownTimeZone, toWallMs } from './calendar.ts';

// rrule ships a UMD main (Node puts the classes on `default`) and an ESM build (bundlers export them by name).
const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
type Rule = InstanceType<typeof RRule>;

/** A half-open excluded time range [startMs, endMs). */
export interface Interval {
  startMs: number;
  endMs: number;
}

/** One refresh lists at most this many occurrences per recurring exclusion. */
export const MAX_OCCURRENCES = 10_000;

type Compiled =
  | { kind: 'once'; startMs: number; endMs: number }
  | { kind: 'recurring'; rule: Rule; durationMs: number; timeZone: string };

/** Parses an RFC 5545 RRULE (with or without the `RRULE:` prefix); throws invalid_config when it is not one. */
export function parseRecurrence(text: string): ReturnType<typeof RRule.parseString> {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text.trim());
  } catch (error) {
    throw new NinesError('invalid_config', `invalid RRULE "${text}": ${(error as Error).message}`);
  }
  if (options.freq === undefined || options.freq === null) {
    throw new NinesError('invalid_config', `invalid RRULE "${text}": FREQ is missing or unknown`);
  }
  return options;
}

function compile(exclusion: Exclusion): Compiled {
  if (exclusion.kind === 'once') return exclusion;
  if (!isKnownTimeZone(exclusion.timeZone)) {
    throw new NinesError('invalid_config', `unknown time zone "${exclusion.timeZone}"`);
  }
  // The rule runs on "floating" wall-clock times (UTC fields = local fields) so BYHOUR etc. mean local
  // hours; each occurrence is then placed in the zone, which keeps 02:00 local at 02:00 across DST.
  const dtstart = new Date(toWallMs(exclusion.startMs, exclusion.timeZone));
  const rule = new RRule({ ...parseRecurrence(exclusion.rrule), dtstart, tzid: null });
  return { kind: 'recurring', rule, durationMs: exclusion.durationMs, timeZone: exclusion.timeZone };
}

function occurrences(compiled: Compiled, fromMs: number, toMs: number): Interval[] {
  if (compiled.kind === 'once') return [{ startMs: compiled.startMs, endMs: compiled.endMs }];
  // Wall and UTC times differ by less than a day, so widen the floating range by two days each side.
  const after = new Date(fromMs - compiled.durationMs - 2 * DAY_MS);
  const before = new Date(toMs + 2 * DAY_MS);
  const walls = compiled.rule.between(after, before, true, (_date, count) => count < MAX_OCCURRENCES);
  return walls.map((wall) => {
    const startMs = fromWallMs(wall.getTime(), compiled.timeZone);
    return { startMs, endMs: startMs + compiled.durationMs };
  });
}

function overlapping(compiled: readonly Compiled[], fromMs: number, toMs: number): Interval[] {
  const all = compiled
    .flatMap((c) => occurrences(c, fromMs, toMs))
    .filter((i) => i.endMs > fromMs && i.startMs < toMs && i.endMs > i.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: Interval[] = [];
  for (const interval of all) {
    const last = merged.at(-1);
    if (last && interval.startMs <= last.endMs) last.endMs = Math.max(last.endMs, interval.endMs);
    else merged.push({ ...interval });
  }
  return merged;
}

/** Excluded intervals overlapping [fromMs, toMs), sorted and merged. */
export function excludedIntervals(
  exclusions: readonly Exclusion[],
  fromMs: number,
  toMs: number,
): Interval[] {
  return overlapping(exclusions.map(compile), fromMs, toMs);
}

/**
 * The excluded intervals of one SLO over a cached time range, so checking a data point is a binary
 * search. `refresh` recomputes the range as time advances; a point outside it is computed directly.
 */
export class ExclusionIndex {
  private readonly compiled: readonly Compiled[];
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  private from = 0;
  private to = 0;

  constructor(exclusions: readonly Exclusion[]) {
    this.compiled = exclusions.map(compile);
  }

  /** End (exclusive) of the cached range. */
  get cachedToMs(): number {
    return this.to;
  }

  /** Recomputes the cached intervals for [fromMs, toMs). */
  refresh(fromMs: number, toMs: number): void {
    const intervals = overlapping(this.compiled, fromMs, toMs);
    this.starts = Float64Array.from(intervals, (i) => i.startMs);
    this.ends = Float64Array.from(intervals, (i) => i.endMs);
    this.from = fromMs;
    this.to = toMs;
  }

  /** True when `timeMs` falls in an excluded interval. */
  isExcluded(timeMs: number): boolean {
    if (timeMs < this.from || timeMs >= this.to) {
      return overlapping(this.compiled, timeMs, timeMs + 1).length > 0;
    }
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) <= timeMs) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found >= 0 && timeMs < (this.ends[found] as number);
  }

  /** Bytes held in typed arrays. */
  get byteLength(): number {
    return this.starts.byteLength + this.ends.byteLength;
  }
}

import type { CalendarUnit } from './calendar.ts';
import { periodEnd, periodStart } from './calendar.ts';

/**
 * Running (good, total) of the current calendar period in a time zone. It only ever adds, and starts
 * again from exactly zero when time reaches the period's end, so it needs no buckets.
 */
export class PeriodSum {
  private readonly unit: CalendarUnit;
  private readonly timeZone: string;
  private start: number;
  private end: number;
  private goodSum = 0;
  private totalSum = 0;

  constructor(options: { unit: CalendarUnit; timeZone: string; nowMs: number }) {
    this.unit = options.unit;
    this.timeZone = options.timeZone;
    this.start = periodStart(options.nowMs, this.unit, this.timeZone);
    this.end = periodEnd(options.nowMs, this.unit, this.timeZone);
  }

  get startMs(): number {
    return this.start;
  }

  /** Exclusive end: when the budget resets. */
  get endMs(): number {
    return this.end;
  }

  get good(): number {
    return this.goodSum;
  }

  get total(): number {
    return this.totalSum;
  }

  /** Starts a new period (from zero) when `nowMs` has reached the current one's end. */
  advance(nowMs: number): void {
    if (nowMs < this.end) return;
    this.start = periodStart(nowMs, this.unit, this.timeZone);
    this.end = periodEnd(nowMs, this.unit, this.timeZone);
    this.goodSum = 0;
    this.totalSum = 0;
  }

  /** Adds data timed inside the current period; false otherwise. */
  add(timeMs: number, good: number, total: number): boolean {
    if (timeMs < this.start || timeMs >= this.end) return false;
    this.goodSum += good;
    this.totalSum += total;
    return true;
  }
}

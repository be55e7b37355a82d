import { MINUTE_MS } from '../core/duration.ts';

/** A slice is sealed (turned into a good or bad slice, later data refused) this long after it ends. */
export const SLICE_GRACE_MS = 2 * MINUTE_MS;

/** True when a slice with these raw counts is a good slice; only meaningful when total > 0. */
export function isGoodSlice(good: number, total: number, sliceTarget: number): boolean {
  return good / total >= sliceTarget;
}

/** Start of the slice holding `timeMs` (slices are aligned to the epoch). */
export function sliceStartOf(timeMs: number, sliceMs: number): number {
  return Math.floor(timeMs / sliceMs) * sliceMs;
}

/** True when the slice holding `timeMs` is sealed at `nowMs`. */
export function isSliceSealed(timeMs: number, sliceMs: number, nowMs: number): boolean {
  return sliceStartOf(timeMs, sliceMs) + sliceMs + SLICE_GRACE_MS <= nowMs;
}

/** Receives one sealed slice: its start and its count (1 or 0 good slice out of 1 slice). */
export type SealedSlice = (sliceStartMs: number, goodSlices: number, totalSlices: number) => void;

/**
 * Raw (good, total) data of the slices that are not sealed yet. Only a few slices are open at a time
 * (the current one and those inside their grace period), so a small map is enough.
 */
export class SliceBuffer {
  private readonly sliceMs: number;
  private readonly sliceTarget: number;
  private readonly open = new Map<number, { good: number; total: number }>();

  constructor(options: { sliceMs: number; sliceTarget: number }) {
    this.sliceMs = options.sliceMs;
    this.sliceTarget = options.sliceTarget;
  }

  /** Adds raw data to its open slice; the caller has checked that the slice is not sealed. */
  add(timeMs: number, good: number, total: number): void {
    const start = sliceStartOf(timeMs, this.sliceMs);
    const slice = this.open.get(start);
    if (slice) {
      slice.good += good;
      slice.total += total;
    } else {
      this.open.set(start, { good, total });
    }
  }

  /** Removes the slices sealed at `nowMs` and emits those that had data, oldest first. */
  seal(nowMs: number, emit: SealedSlice): void {
    if (this.open.size === 0) return;
    const sealed = [...this.open.keys()].filter((start) => start + this.sliceMs + SLICE_GRACE_MS <= nowMs);
    for (const start of sealed.sort((a, b) => a - b)) {
      const slice = this.open.get(start) as { good: number; total: number };
      this.open.delete(start);
      if (slice.total > 0) emit(start, isGoodSlice(slice.good, slice.total, this.sliceTarget) ? 1 : 0, 1);
    }
  }

  /** Open slices, for memory accounting. */
  get openSlices(): number {
    return this.open.size;
  }
}

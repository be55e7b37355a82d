/** Options of a ring: bucket width, bucket count, and the trailing windows it keeps running sums for. */
export interface BucketRingOptions {
  stepMs: number;
  size: number;
  /** Length of each tracked window in buckets (each at most `size`). */
  windowBuckets: readonly number[];
  nowMs: number;
}

/**
 * Per tracked window: good, total, and the buckets with total > 0 (when that reaches 0 the sums are reset
 * to exactly 0). One array for all three: a ring's small arrays cost more in headers than in values.
 */
const SUM_FIELDS = 3;

/** Bucket storage, from the narrowest: whole counts take 2 or 4 bytes, anything else 8. */
type Cells = Uint16Array | Uint32Array | Float64Array;

/**
 * The narrowest cells that hold `value` exactly: most buckets hold whole event counts, so a ring starts
 * at 16 bits and widens (copying, once per width) only when a count outgrows it or a fraction arrives.
 */
function widenedFor(cells: Cells, value: number): Cells {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) return Float64Array.from(cells);
  if (value > 0xffff && cells instanceof Uint16Array) return Uint32Array.from(cells);
  return cells;
}

/**
 * A ring of fixed-width (good, total) buckets aligned to the epoch, with running sums for a few
 * trailing windows so that reading a window sum is O(1).
 *
 * The head is the bucket holding now: `head = floor(now / step) * step`. A window of `b` buckets covers
 * the buckets whose start `s` satisfies `head - b * step < s <= head`: the current (partial) bucket and
 * the `b - 1` full ones before it. For a window of length W that is a multiple of the step this is
 * exactly "the buckets whose start is in (now - W, now]". The ring itself covers `size` buckets the same
 * way; data for an older bucket is refused.
 */
export class BucketRing {
  readonly stepMs: number;
  readonly size: number;
  readonly windowBuckets: readonly number[];
  /** good and total per bucket, interleaved; widened when a value does not fit (see widenedFor). */
  private cells: Cells;
  /** good, total and filled buckets per window (SUM_FIELDS each). */
  private readonly sums: Float64Array;
  private head: number;

  constructor(options: BucketRingOptions) {
    this.stepMs = options.stepMs;
    this.size = options.size;
    this.windowBuckets = options.windowBuckets;
    this.cells = new Uint16Array(2 * options.size);
    this.sums = new Float64Array(SUM_FIELDS * options.windowBuckets.length);
    this.head = this.bucketStart(options.nowMs);
  }

  /** Start of the bucket holding now. */
  get headMs(): number {
    return this.head;
  }

  /** Start of the oldest bucket the ring still holds. */
  get oldestMs(): number {
    return this.head - (this.size - 1) * this.stepMs;
  }

  /** Start of the bucket holding `timeMs`. */
  bucketStart(timeMs: number): number {
    return Math.floor(timeMs / this.stepMs) * this.stepMs;
  }

  /** Adds to the bucket holding `timeMs`; false (nothing changed) when the ring does not cover it. */
  add(timeMs: number, good: number, total: number): boolean {
    const start = this.bucketStart(timeMs);
    if (start > this.head || start < this.oldestMs) return false;
    if (total === 0) return true;
    const cell = 2 * this.slot(start);
    const wasEmpty = this.cells[cell + 1] === 0;
    this.store(cell, (this.cells[cell] as number) + good);
    this.store(cell + 1, (this.cells[cell + 1] as number) + total);
    const age = (this.head - start) / this.stepMs;
    for (let k = 0; k < this.windowBuckets.length; k++) {
      if (age >= (this.windowBuckets[k] as number)) continue;
      const at = SUM_FIELDS * k;
      this.sums[at] = (this.sums[at] as number) + good;
      this.sums[at + 1] = (this.sums[at + 1] as number) + total;
      if (wasEmpty) this.sums[at + 2] = (this.sums[at + 2] as number) + 1;
    }
    return true;
  }

  /** Moves the head to the bucket holding `nowMs`; buckets leaving a window are subtracted from it. */
  advance(nowMs: number): void {
    const target = this.bucketStart(nowMs);
    if (target <= this.head) return;
    const steps = (target - this.head) / this.stepMs;
    if (steps >= this.size) {
      this.cells.fill(0);
      this.sums.fill(0);
      this.head = target;
      return;
    }
    for (let i = 0; i < steps; i++) this.stepOnce();
  }

  /** Good events in tracked window `k` (index into `windowBuckets`). */
  windowGood(k: number): number {
    return this.sums[SUM_FIELDS * k] as number;
  }

  /** Total events in tracked window `k`. */
  windowTotal(k: number): number {
    return this.sums[SUM_FIELDS * k + 1] as number;
  }

  /** Recomputes every window sum from the buckets, clearing drift from repeated float add/subtract. */
  resync(): void {
    this.sums.fill(0);
    let good = 0;
    let total = 0;
    let filled = 0;
    let age = 0;
    for (let k = 0; k < this.windowBuckets.length; k++) {
      const buckets = this.windowBuckets[k] as number;
      // Windows may be in any order; restart the walk when a shorter one follows a longer one.
      if (buckets < age) {
        good = total = filled = age = 0;
      }
      for (; age < buckets; age++) {
        const cell = 2 * this.slot(this.head - age * this.stepMs);
        good += this.cells[cell] as number;
        total += this.cells[cell + 1] as number;
        if ((this.cells[cell + 1] as number) > 0) filled++;
      }
      this.sums[SUM_FIELDS * k] = good;
      this.sums[SUM_FIELDS * k + 1] = total;
      this.sums[SUM_FIELDS * k + 2] = filled;
    }
  }

  /** Bytes held in typed arrays. */
  get byteLength(): number {
    return this.cells.byteLength + this.sums.byteLength;
  }

  /** Writes one cell, widening the cells first when the value would not be stored exactly. */
  private store(index: number, value: number): void {
    this.cells[index] = value;
    if (this.cells[index] === value) return;
    this.cells = widenedFor(this.cells, value);
    this.cells[index] = value;
  }

  private stepOnce(): void {
    const next = this.head + this.stepMs;
    for (let k = 0; k < this.windowBuckets.length; k++) {
      const leaving = 2 * this.slot(next - (this.windowBuckets[k] as number) * this.stepMs);
      const total = this.cells[leaving + 1] as number;
      if (total === 0) continue;
      const at = SUM_FIELDS * k;
      const filled = (this.sums[at + 2] as number) - 1;
      this.sums[at + 2] = filled;
      if (filled === 0) {
        this.sums[at] = 0;
        this.sums[at + 1] = 0;
      } else {
        this.sums[at] = (this.sums[at] as number) - (this.cells[leaving] as number);
        this.sums[at + 1] = (this.sums[at + 1] as number) - total;
      }
    }
    // The new head reuses the slot of the bucket that just left the ring (subtracted above if tracked).
    const cell = 2 * this.slot(next);
    this.cells[cell] = 0;
    this.cells[cell + 1] = 0;
    this.head = next;
  }

  private slot(start: number): number {
    const index = (start / this.stepMs) % this.size;
    return index < 0 ? index + this.size : index;
  }
}

import { DAY_MS, HOUR_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import type { Slo } from '../specs/index.ts';
import {
  acceptsTime,
  type Coverage,
  judgeTime,
  type TimeAcceptance,
  type TimeRefusal,
} from './accepts-time.ts';
import { BucketRing } from './bucket-ring.ts';
import { checkSloForEngine } from './check-slo.ts';
import { ExclusionIndex } from './exclusions.ts';
import { PeriodSum } from './period-sum.ts';
import { planLayout, type RingPlan, type SeriesLayout } from './series-layout.ts';
import { type SealedSlice, SliceBuffer } from './timeslices.ts';

/** Good and total events (or slices, for timeslice SLOs) over one window. */
export interface WindowSum {
  good: number;
  total: number;
}

/** What `add` did with a data point. */
export type AddOutcome = 'added' | 'excluded' | TimeRefusal;

/** Data points left out since the series was created, by reason. */
export interface SeriesCounters {
  droppedOld: number;
  droppedLate: number;
  droppedFuture: number;
  excluded: number;
}

interface WindowRef {
  ring: BucketRing;
  k: number;
}

/** Where a tracked window is summed: which ring (index in ring order) and which of its windows. */
interface WindowSlot {
  ring: number;
  k: number;
}

/** What every series with the same ring plans shares: the rings' window lengths and the window index. */
interface SharedLayout {
  plans: RingPlan[];
  windowBuckets: number[][];
  slots: ReadonlyMap<number, WindowSlot>;
}

/** One entry per distinct layout (a handful, however many SLOs), so no series keeps its own index. */
const sharedLayouts = new Map<string, SharedLayout>();

function sharedLayout(layout: SeriesLayout): SharedLayout {
  const plans = [layout.fine, layout.medium, ...(layout.coarse ? [layout.coarse] : [])];
  const key = plans.map((plan) => `${plan.stepMs}x${plan.size}:${plan.windowsMs.join(',')}`).join('|');
  const known = sharedLayouts.get(key);
  if (known) return known;
  const slots = new Map<number, WindowSlot>();
  plans.forEach((plan, ring) => {
    plan.windowsMs.forEach((windowMs, k) => {
      slots.set(windowMs, { ring, k });
    });
  });
  const windowBuckets = plans.map((plan) => plan.windowsMs.map((w) => Math.ceil(w / plan.stepMs)));
  const shared = { plans, windowBuckets, slots };
  sharedLayouts.set(key, shared);
  return shared;
}

/** Excluded intervals are cached from the oldest useful time to a day ahead, refreshed 6h before running out. */
const EXCLUSION_LOOKAHEAD_MS = DAY_MS;
const EXCLUSION_REFRESH_MARGIN_MS = 6 * HOUR_MS;
/** Rough size of the objects around the typed arrays, for memoryBytes(). */
const OBJECT_OVERHEAD_BYTES = 2048;
const OPEN_SLICE_BYTES = 96;

/**
 * In-memory SLI state of one SLO instance: bucketed (good, total) rings with running window sums, a
 * running calendar-period sum, exclusions and open time slices. Reads are O(1); `advance` costs one step
 * per bucket boundary crossed. Window semantics are those of BucketRing: a window of length W covers
 * the buckets, at its ring's resolution (1 min up to 6h, 10 min up to 3d, whole hours beyond), whose
 * start is in (now - W, now]. Timeslice SLOs count slices (placed at their start) instead of events.
 */
export class SliSeries {
  readonly slo: Slo;
  private readonly rings: BucketRing[];
  private readonly slots: ReadonlyMap<number, WindowSlot>;
  private readonly budget: WindowRef | undefined;
  private readonly period: PeriodSum | undefined;
  private readonly exclusions: ExclusionIndex | undefined;
  private readonly slices: SliceBuffer | undefined;
  private now: number;
  /** What the series holds at `now`; recomputed on advance because `add` reads it on every call. */
  private cover: Coverage;
  private lastData: number | null = null;
  private changes = 0;
  private readonly counts: SeriesCounters = { droppedOld: 0, droppedLate: 0, droppedFuture: 0, excluded: 0 };

  /** Creates an empty series at `nowMs`; throws invalid_config when the engine cannot evaluate the SLO. */
  constructor(options: { slo: Slo; nowMs: number }) {
    const { slo, nowMs } = options;
    const problems = checkSloForEngine(slo);
    if (problems.length > 0) {
      throw new NinesError('invalid_config', `SLO "${slo.name}" cannot be evaluated`, problems);
    }
    this.slo = slo;
    this.now = nowMs;
    const layout = planLayout(slo);
    const shared = sharedLayout(layout);
    this.slots = shared.slots;
    this.rings = shared.plans.map(
      (plan, i) =>
        new BucketRing({
          stepMs: plan.stepMs,
          size: plan.size,
          windowBuckets: shared.windowBuckets[i] as number[],
          nowMs,
        }),
    );
    const [fine, medium, coarse] = this.rings;
    if (slo.window.kind === 'calendar') {
      this.period = new PeriodSum({ unit: slo.window.unit, timeZone: slo.window.timeZone, nowMs });
    } else {
      const ring = { fine, medium, coarse }[layout.budgetRing ?? 'coarse'] as BucketRing;
      this.budget = { ring, k: ring.windowBuckets.indexOf(Math.ceil(slo.window.durationMs / ring.stepMs)) };
    }
    if (slo.exclusions.length > 0) this.exclusions = new ExclusionIndex(slo.exclusions);
    if (slo.budgeting.method === 'timeslices') this.slices = new SliceBuffer(slo.budgeting);
    this.cover = this.coverage();
    this.refreshExclusions();
  }

  /** The time the series was last advanced to. */
  get nowMs(): number {
    return this.now;
  }

  /**
   * Moves on whenever something an evaluation reads may have changed: data counted or seen, a bucket
   * boundary crossed (windows slide by whole buckets), a calendar period or time slice turned over. The
   * same revision at two times means the same window sums, budget sum and last data time.
   */
  get revision(): number {
    return this.changes;
  }

  /** Latest time of data with events (excluded data included: the source was alive); null before any. */
  get lastDataMs(): number | null {
    return this.lastData;
  }

  /**
   * Adds data timed `timeMs` to every ring that still covers it and to the window sums that include it.
   * Refused (and counted): a later minute than now, older than every window, or a sealed time slice.
   * Data inside an exclusion is left out of good and total. `good` above `total` is read as `total`.
   */
  add(timeMs: number, good: number, total: number): AddOutcome {
    if (!(Number.isFinite(good) && Number.isFinite(total) && good >= 0 && total >= 0)) {
      throw new NinesError(
        'invalid_input',
        `good and total must be finite and not negative (${good}, ${total})`,
      );
    }
    const verdict = judgeTime(timeMs, this.cover);
    if (!verdict.ok) {
      if (verdict.reason === 'future') this.counts.droppedFuture++;
      else if (verdict.reason === 'late') this.counts.droppedLate++;
      else this.counts.droppedOld++;
      return verdict.reason;
    }
    this.changes++;
    if (total > 0 && (this.lastData === null || timeMs > this.lastData)) this.lastData = timeMs;
    if (this.exclusions?.isExcluded(timeMs)) {
      this.counts.excluded++;
      return 'excluded';
    }
    if (this.slices) this.slices.add(timeMs, Math.min(good, total), total);
    else this.addToWindows(timeMs, Math.min(good, total), total);
    return 'added';
  }

  /** Moves time forward to `nowMs` (never back): rings drop what leaves each window, slices seal. */
  advance(nowMs: number): void {
    if (nowMs <= this.now) return;
    const crossedHour = Math.floor(nowMs / HOUR_MS) !== Math.floor(this.now / HOUR_MS);
    // Every ring's buckets are whole multiples of the first (finest) ring's, aligned alike.
    const headMs = this.rings[0]?.headMs;
    const periodStartMs = this.period?.startMs;
    for (const ring of this.rings) ring.advance(nowMs);
    this.period?.advance(nowMs);
    if (this.rings[0]?.headMs !== headMs || this.period?.startMs !== periodStartMs) this.changes++;
    this.now = nowMs;
    this.cover = this.coverage();
    this.refreshExclusions();
    this.slices?.seal(nowMs, this.addSealedSlice);
    if (crossedHour) for (const ring of this.rings) ring.resync();
  }

  /** Sum over a tracked burn window (the seven standard ones and those of the SLO's alert conditions). */
  windowSum(windowMs: number): WindowSum {
    const slot = this.slots.get(windowMs);
    if (!slot)
      throw new NinesError('internal', `window of ${windowMs}ms is not tracked for "${this.slo.name}"`);
    return read({ ring: this.rings[slot.ring] as BucketRing, k: slot.k });
  }

  /** Sum over the SLO window: the rolling window, or the current calendar period so far. */
  budgetSum(): WindowSum {
    if (this.period) return { good: this.period.good, total: this.period.total };
    return read(this.budget as WindowRef);
  }

  /** The span the budget sum covers: rolling, oldest bucket start to now; calendar, the whole period. */
  budgetWindow(): { startMs: number; endMs: number } {
    if (this.period) return { startMs: this.period.startMs, endMs: this.period.endMs };
    const { ring, k } = this.budget as WindowRef;
    const buckets = ring.windowBuckets[k] as number;
    return { startMs: ring.headMs - (buckets - 1) * ring.stepMs, endMs: this.now };
  }

  /** Whether data for `timeMs` would be counted at `nowMs` (default: the series' now). */
  acceptsTime(timeMs: number, nowMs: number = this.now): TimeAcceptance {
    if (nowMs === this.now) return judgeTime(timeMs, this.cover);
    return acceptsTime(this.slo, timeMs, nowMs);
  }

  /** Data points left out so far, by reason. */
  counters(): SeriesCounters {
    return { ...this.counts };
  }

  /** Approximate bytes held: typed arrays exactly, plus an estimate for the objects around them. */
  memoryBytes(): number {
    const rings = this.rings.reduce((sum, ring) => sum + ring.byteLength, 0);
    const open = (this.slices?.openSlices ?? 0) * OPEN_SLICE_BYTES;
    return rings + (this.exclusions?.byteLength ?? 0) + open + OBJECT_OVERHEAD_BYTES;
  }

  private readonly addSealedSlice: SealedSlice = (start, goodSlices, slices) =>
    this.addToWindows(start, goodSlices, slices);

  private addToWindows(timeMs: number, good: number, total: number): void {
    this.changes++;
    for (const ring of this.rings) ring.add(timeMs, good, total);
    this.period?.add(timeMs, good, total);
  }

  private coverage(): Coverage {
    let oldestMs = this.period?.startMs ?? Number.POSITIVE_INFINITY;
    for (const ring of this.rings) oldestMs = Math.min(oldestMs, ring.oldestMs);
    const sliceMs = this.slo.budgeting.method === 'timeslices' ? this.slo.budgeting.sliceMs : undefined;
    return { nowMs: this.now, oldestMs, sliceMs };
  }

  private refreshExclusions(): void {
    if (!this.exclusions || this.now + EXCLUSION_REFRESH_MARGIN_MS < this.exclusions.cachedToMs) return;
    this.exclusions.refresh(this.cover.oldestMs, this.now + EXCLUSION_LOOKAHEAD_MS);
  }
}

function read({ ring, k }: WindowRef): WindowSum {
  const total = Math.max(0, ring.windowTotal(k));
  return { good: Math.min(Math.max(0, ring.windowGood(k)), total), total };
}

import { DAY_MS } from '../core/duration.ts';
import type { Schedule } from '../specs/index.ts';
import type { Shift } from './intervals.ts';
import { layerShifts } from './rotation.ts';

/** A stored override: `person` covers [startMs, endMs) whatever the layers say. */
export interface ScheduleOverride {
  id: string;
  person: string;
  startMs: number;
  endMs: number;
  /** When it was created; of two overlapping overrides the later-created one wins. */
  createdMs: number;
}

/** The source name final-schedule entries carry when an override put the person there. */
export const OVERRIDE_SOURCE = 'override';

/** One stretch of the final schedule: who, when, and which layer (or `'override'`) put them there. */
export interface OnCallEntry extends Shift {
  layer: string;
}

/** Who is on call at an instant, and until when their current entry lasts (null: beyond a year). */
export interface OnCall {
  person: string;
  layer: string;
  until: number | null;
}

export interface FinalScheduleInput {
  schedule: Pick<Schedule, 'layers'>;
  overrides: ScheduleOverride[];
  fromMs: number;
  toMs: number;
}

interface Ranked extends OnCallEntry {
  rank: number;
}

/** Layers rank by position (later wins), overrides above every layer by creation time, ties by list order. */
function rankedPieces({ schedule, overrides, fromMs, toMs }: FinalScheduleInput): Ranked[] {
  const pieces: Ranked[] = [];
  schedule.layers.forEach((layer, rank) => {
    for (const { person, startMs, endMs } of layerShifts(layer, fromMs, toMs)) {
      pieces.push({ person, startMs, endMs, layer: layer.name, rank });
    }
  });
  const byCreation = overrides
    .map((override, index) => ({ override, index }))
    .sort((a, b) => a.override.createdMs - b.override.createdMs || a.index - b.index);
  byCreation.forEach(({ override }, i) => {
    const startMs = Math.max(fromMs, override.startMs);
    const endMs = Math.min(toMs, override.endMs);
    if (endMs <= startMs) return;
    pieces.push({
      person: override.person,
      startMs,
      endMs,
      layer: OVERRIDE_SOURCE,
      rank: schedule.layers.length + i,
    });
  });
  return pieces.sort((a, b) => a.startMs - b.startMs);
}

function append(out: OnCallEntry[], entry: OnCallEntry): void {
  const last = out.at(-1);
  const continues =
    last?.endMs === entry.startMs && last.person === entry.person && last.layer === entry.layer;
  if (last && continues) last.endMs = entry.endMs;
  else out.push(entry);
}

/**
 * The final schedule over [fromMs, toMs): at every instant the highest-ranked piece wins, so gaps in a
 * restricted layer fall through to the layers below; touching entries of one person and source are joined.
 */
export function finalSchedule(input: FinalScheduleInput): OnCallEntry[] {
  const pieces = rankedPieces(input);
  // A typed array sorts numerically without a comparator.
  const points = new Float64Array(pieces.length * 2);
  pieces.forEach((piece, i) => {
    points[2 * i] = piece.startMs;
    points[2 * i + 1] = piece.endMs;
  });
  points.sort();
  const out: OnCallEntry[] = [];
  const active: Ranked[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i += 1) {
    const startMs = points[i] as number;
    const endMs = points[i + 1] as number;
    if (endMs === startMs) continue;
    for (let a = active.length - 1; a >= 0; a -= 1) {
      if ((active[a] as Ranked).endMs <= startMs) active.splice(a, 1);
    }
    while (next < pieces.length && (pieces[next] as Ranked).startMs <= startMs) {
      active.push(pieces[next] as Ranked);
      next += 1;
    }
    let top: Ranked | undefined;
    for (const piece of active) if (!top || piece.rank > top.rank) top = piece;
    if (top) append(out, { person: top.person, startMs, endMs, layer: top.layer });
  }
  return out;
}

const FIRST_LOOK_AHEAD_MS = 2 * DAY_MS;
const MAX_LOOK_AHEAD_MS = 366 * DAY_MS;

/** Who is on call at `atMs`, or null when nobody is; `until` is the end of their current entry. */
export function onCallAt({
  schedule,
  overrides,
  atMs,
}: Omit<FinalScheduleInput, 'fromMs' | 'toMs'> & { atMs: number }): OnCall | null {
  // Most entries end within days; widen the window only while the entry runs past it.
  for (let aheadMs = FIRST_LOOK_AHEAD_MS; ; aheadMs *= 4) {
    const lookAheadMs = Math.min(aheadMs, MAX_LOOK_AHEAD_MS);
    const [entry] = finalSchedule({ schedule, overrides, fromMs: atMs, toMs: atMs + lookAheadMs });
    if (!entry || entry.startMs > atMs) return null;
    const { person, layer, endMs } = entry;
    if (endMs < atMs + lookAheadMs) return { person, layer, until: endMs };
    if (lookAheadMs === MAX_LOOK_AHEAD_MS) return { person, layer, until: null };
  }
}

import { DAY_MS, HOUR_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import type { ScheduleLayer } from '../specs/index.ts';
import { intersectWithWindows, type Shift } from './intervals.ts';
import { restrictionWindows } from './restrictions.ts';
import { type ZoneClock, zoneClock } from './zone-clock.ts';

const startPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Reads `YYYY-MM-DDTHH:MM` as wall-clock ms (the wall time written as if it were UTC). */
export function parseWallTime(text: string): number | undefined {
  const match = startPattern.exec(text);
  if (!match) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = match.slice(1).map(Number);
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 02-30 over to March and 24:00 to the next day; reading the fields back catches both.
  const date = new Date(wallMs);
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute;
  return exact ? wallMs : undefined;
}

/** Instant of the k-th handoff of a layer (k = 0 is its start). */
type Handoff = (k: number) => number;

function handoffsOf(
  layer: ScheduleLayer,
  clock: ZoneClock,
): { handoff: Handoff; guess: (ms: number) => number } {
  const { every, unit } = layer.turn;
  if (!Number.isInteger(every) || every < 1) {
    throw new NinesError(
      'invalid_config',
      `layer "${layer.name}": turn length must be a positive whole number`,
    );
  }
  const startWall = parseWallTime(layer.start);
  if (startWall === undefined) {
    throw new NinesError(
      'invalid_config',
      `layer "${layer.name}": start "${layer.start}" is not YYYY-MM-DDTHH:MM`,
    );
  }
  if (unit === 'hours') {
    // Absolute turns: a 12 h turn lasts 12 h even on DST nights, so the local handoff time drifts.
    const startMs = clock.toUtc(startWall);
    const stepMs = every * HOUR_MS;
    return { handoff: (k) => startMs + k * stepMs, guess: (ms) => Math.floor((ms - startMs) / stepMs) };
  }
  // Calendar turns hand off at the same local time, so DST days make a turn 1 h shorter or longer.
  const stepWall = every * (unit === 'weeks' ? 7 : 1) * DAY_MS;
  return {
    handoff: (k) => clock.toUtc(startWall + k * stepWall),
    guess: (ms) => Math.floor((clock.toWall(ms) - startWall) / stepWall),
  };
}

/** Index of the turn holding `atMs` (the last handoff at or before it), or -1 before the first one. */
function turnIndexAt(atMs: number, handoff: Handoff, guess: number): number {
  let k = Math.max(0, guess);
  while (k > 0 && handoff(k) > atMs) k -= 1;
  if (handoff(k) > atMs) return -1;
  while (handoff(k + 1) <= atMs) k += 1;
  return k;
}

/**
 * The turns of `layer` inside [fromMs, toMs), clipped to the range and, when the layer has restrictions,
 * to its local windows. Turn k belongs to participants[k mod n]; before the layer's start nobody is on.
 */
export function layerShifts(layer: ScheduleLayer, fromMs: number, toMs: number): Shift[] {
  const people = layer.participants;
  if (people.length === 0 || toMs <= fromMs) return [];
  const clock = zoneClock(layer.timeZone);
  const { handoff, guess } = handoffsOf(layer, clock);
  let k = Math.max(0, turnIndexAt(fromMs, handoff, guess(fromMs)));
  const turns: Shift[] = [];
  for (let startMs = handoff(k); startMs < toMs; k += 1) {
    const endMs = handoff(k + 1);
    const clippedStartMs = Math.max(startMs, fromMs);
    const clippedEndMs = Math.min(endMs, toMs);
    if (clippedEndMs > clippedStartMs) {
      turns.push({
        person: people[k % people.length] as string,
        startMs: clippedStartMs,
        endMs: clippedEndMs,
      });
    }
    startMs = endMs;
  }
  if (layer.restrictions.length === 0) return turns;
  const first = turns[0];
  if (!first) return [];
  const windows = restrictionWindows(layer.restrictions, clock, first.startMs, toMs);
  return intersectWithWindows(turns, windows);
}

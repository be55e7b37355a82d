import type { Restriction, ScheduleLayer } from '../specs/index.ts';

/** Epoch ms of an ISO instant, so expectations read as UTC times. */
export const at = (iso: string): number => Date.parse(iso);

/** A weekly Monday 09:00 Europe/Paris rotation of alice, bob and carol starting 2026-03-16; override any part. */
export function makeLayer(overrides: Partial<ScheduleLayer> = {}): ScheduleLayer {
  return {
    name: 'weekly',
    participants: ['alice', 'bob', 'carol'],
    turn: { every: 1, unit: 'weeks' },
    start: '2026-03-16T09:00',
    timeZone: 'Europe/Paris',
    restrictions: [],
    ...overrides,
  };
}

/** Monday to Friday, 09:00 to 17:00 local. */
export const businessHours: Restriction = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  startMinute: 9 * 60,
  endMinute: 17 * 60,
};

/** `2026-03-30T07:00Z`: an instant in UTC, seconds left out when zero. */
export const utc = (ms: number): string => new Date(ms).toISOString().replace(':00.000Z', 'Z');

/** Shifts or entries with UTC times instead of epoch ms, so expectations and failures read as times. */
export function readable<T extends { startMs: number; endMs: number }>(items: T[]) {
  return items.map(({ startMs, endMs, ...rest }) => ({ ...rest, start: utc(startMs), end: utc(endMs) }));
}

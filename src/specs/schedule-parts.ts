import { parseLocalAsUtc } from './exclusion-times.ts';
import type { ScheduleLayer, Weekday } from './model/oncall.ts';

/** Every day of the week, Monday first: the default of a restriction's `days`. */
export const weekdays = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const satisfies readonly Weekday[];

export type Turn = ScheduleLayer['turn'];

const turnUnits = { h: 'hours', d: 'days', w: 'weeks' } as const;
const turnPattern = /^([1-9]\d*)([hdw])$/;

/** A turn length written short (`12h`, `1d`, `2w`) as the model's `{every, unit}`; undefined when invalid. */
export function parseTurn(text: string): Turn | undefined {
  const match = turnPattern.exec(text);
  if (!match) return undefined;
  return { every: Number(match[1]), unit: turnUnits[match[2] as keyof typeof turnUnits] };
}

const layerStartPattern = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?$/;

/**
 * A layer's first handoff as `YYYY-MM-DDTHH:MM` wall time (a date alone means 00:00), or what is wrong.
 * An offset is refused: the time is read in the layer's zone so handoffs follow its daylight saving.
 */
export function parseLayerStart(text: string): { wall: string } | { error: string } {
  const example = 'expected a local date-time such as 2026-01-05T09:00 (or a date, 2026-01-05)';
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.includes('T')) {
    return {
      error: "start is wall time in the layer's timeZone: drop the Z or offset, e.g. 2026-01-05T09:00",
    };
  }
  const match = layerStartPattern.exec(text);
  if (!match) return { error: example };
  const wall = `${match[1]}T${match[2] ?? '00:00'}`;
  return parseLocalAsUtc(wall) === undefined ? { error: `${text} is not a valid date-time` } : { wall };
}

const timeOfDayPattern = /^(\d{1,2}):(\d{2})$/;

/** Minutes after midnight of `HH:MM`; `24:00` (= 1440) only when `isEnd`. Undefined when invalid. */
export function parseTimeOfDay(text: string, isEnd = false): number | undefined {
  const match = timeOfDayPattern.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (isEnd && hours === 24 && minutes === 0) return 1440;
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : undefined;
}

export { type ICalendarInput, scheduleToICalendar } from './ical.ts';
export type { Interval, Shift } from './intervals.ts';
export {
  createOverride,
  deleteOverride,
  listOverrides,
  liveOverrides,
  type OverrideRow,
  overridesCovering,
} from './override-store.ts';
export { layerShifts, parseWallTime } from './rotation.ts';
export {
  type FinalScheduleInput,
  finalSchedule,
  type OnCall,
  type OnCallEntry,
  OVERRIDE_SOURCE,
  onCallAt,
  type ScheduleOverride,
} from './who-is-on-call.ts';

import { onCallAt, type ScheduleOverride } from '../oncall/index.ts';
import type { Model } from '../specs/index.ts';

/** The demo's primary rotation: its on-call person is who the console signs in as. */
export const DEMO_PRIMARY_SCHEDULE = 'payments-primary';

/**
 * Who the demo's sign-in token acts as: the person on call for `schedule` at `nowMs` (the one the demo's
 * page reaches first), or the config's first person when nobody is.
 */
export function demoSignInPerson(options: {
  model: Pick<Model, 'schedules' | 'persons'>;
  overrides: ScheduleOverride[];
  nowMs: number;
  schedule?: string;
}): string | undefined {
  const name = options.schedule ?? DEMO_PRIMARY_SCHEDULE;
  const schedule = options.model.schedules.find((s) => s.name === name);
  const onCall = schedule && onCallAt({ schedule, overrides: options.overrides, atMs: options.nowMs });
  return onCall?.person ?? options.model.persons[0]?.name;
}

import type { AppContext } from '../context/index.ts';
import { finalSchedule } from '../oncall/index.ts';
import { type OncallHealth, oncallHealth } from './oncall-health.ts';
import type { ScheduleShift } from './shift-load.ts';
import { readAlertCounts, readOverrides, readPages, readPersonNotifications } from './store.ts';

/**
 * The on-call health report over [fromMs, toMs). Shifts come from the schedules in force now plus the
 * stored overrides; past config changes are not replayed.
 */
export async function loadOncallHealth(options: {
  ctx: Pick<AppContext, 'db' | 'model'>;
  fromMs: number;
  toMs: number;
}): Promise<OncallHealth> {
  const { ctx, fromMs, toMs } = options;
  const range = { fromMs, toMs };
  const { persons, schedules } = ctx.model;
  const [pages, notifications, overrides, alertCounts] = await Promise.all([
    readPages(ctx.db, range),
    readPersonNotifications(ctx.db, range),
    readOverrides(ctx.db, range),
    readAlertCounts(ctx.db, range),
  ]);
  const shifts: ScheduleShift[] = schedules.flatMap((schedule) =>
    finalSchedule({ schedule, overrides: overrides.get(schedule.name) ?? [], fromMs, toMs }).map(
      ({ person, startMs, endMs }) => ({ schedule: schedule.name, person, startMs, endMs }),
    ),
  );
  return oncallHealth({ pages, notifications, alertCounts, shifts, persons, fromMs, toMs });
}

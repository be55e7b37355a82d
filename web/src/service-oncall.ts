/** Which schedules cover a service, from what the API says. Pure. */

export interface ScheduleRef {
  schedule: string;
  /** The owning team, when the API gives it. */
  team?: string | null;
}

/**
 * The schedules of the service's owning team: those the API says belong to the team, else those named
 * after the team or the service (`payments-primary` for owner `payments`), the naming the config suggests.
 */
export function schedulesFor<T extends ScheduleRef>(
  service: { name: string; owner: string | null },
  schedules: readonly T[],
): T[] {
  const owner = service.owner;
  const byTeam = schedules.filter((s) => owner !== null && s.team === owner);
  if (byTeam.length > 0) return byTeam;
  const prefixes = [owner, service.name].filter((p): p is string => !!p);
  return schedules.filter((s) => prefixes.some((p) => s.schedule === p || s.schedule.startsWith(`${p}-`)));
}

/** Figures the reports view derives from the report answers and the page list. Pure. */

export interface MonthAvailability {
  month: string;
  availability: number | null;
  events: number;
  downtimeMinutes: number;
}

interface ServiceMonths {
  months: ReadonlyArray<{
    month: string;
    availability: number | null;
    events: number;
    downtimeMinutes: number | null;
  }>;
}

/** Availability of the whole fleet per month: every service's good/total pooled (weighted by events). */
export function fleetByMonth(services: readonly ServiceMonths[]): MonthAvailability[] {
  const byMonth = new Map<string, { good: number; events: number; downtime: number }>();
  for (const s of services) {
    for (const m of s.months) {
      const acc = byMonth.get(m.month) ?? { good: 0, events: 0, downtime: 0 };
      if (m.availability !== null && m.events > 0) {
        acc.good += m.availability * m.events;
        acc.events += m.events;
      }
      acc.downtime += m.downtimeMinutes ?? 0;
      byMonth.set(m.month, acc);
    }
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, acc]) => ({
      month,
      availability: acc.events > 0 ? acc.good / acc.events : null,
      events: acc.events,
      downtimeMinutes: acc.downtime,
    }));
}

/**
 * Where availability bars start so differences in the last nines show: twice the worst shortfall below
 * 100 %, rounded down to a tenth of a percent (0.9995 → 99.9 %), never below 0.
 */
export function availabilityFloor(values: ReadonlyArray<number | null>): number {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return 0;
  const shortfall = 1 - Math.min(...known);
  const floor = Math.floor((1 - 2 * Math.max(shortfall, 0.0005)) * 1000) / 1000;
  return Math.max(0, floor);
}

export interface WeekCount {
  /** Monday 00:00 UTC of the week, ISO date. */
  week: string;
  pages: number;
  /** P0–P2: the pages that wake someone. */
  urgent: number;
}

const WEEK_MS = 7 * 86_400_000;

/** Monday 00:00 UTC of the week holding `ms`. */
export function weekStart(ms: number): number {
  const day = new Date(ms);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  return midnight - ((day.getUTCDay() + 6) % 7) * 86_400_000;
}

/** Pages per UTC week (Monday first) over [fromMs, toMs), every week present even when empty. */
export function pagesByWeek(
  pages: ReadonlyArray<{ createdAt: string; severity: string }>,
  fromMs: number,
  toMs: number,
): WeekCount[] {
  const weeks = new Map<number, WeekCount>();
  for (let w = weekStart(fromMs); w < toMs; w += WEEK_MS) {
    weeks.set(w, { week: new Date(w).toISOString().slice(0, 10), pages: 0, urgent: 0 });
  }
  for (const page of pages) {
    const t = Date.parse(page.createdAt);
    if (!(t >= fromMs && t < toMs)) continue;
    const week = weeks.get(weekStart(t));
    if (!week) continue;
    week.pages += 1;
    if (page.severity === 'P0' || page.severity === 'P1' || page.severity === 'P2') week.urgent += 1;
  }
  return [...weeks.values()];
}

import type { Person, Severity } from '../specs/index.ts';
import { isBusinessHours } from './business-hours.ts';
import { type PersonNotification, type ScheduleShift, type ShiftLoad, shiftLoads } from './shift-load.ts';

/** A page as the report sees it. */
export interface HealthPage {
  id: number;
  severity: Severity;
  createdMs: number;
  acknowledgedMs: number | null;
  /** Who acknowledged: a person, or a token, source or `ack-link` that names nobody. */
  acknowledgedBy?: string | null;
  /** Highest escalation level that was notified: 1 = the first level, 2 and more = escalated. */
  maxLevel: number;
}

/** How many alerts of one name and service were seen in the range. */
export interface AlertCount {
  alertname: string;
  service: string | null;
  count: number;
}

export interface OncallHealthInput {
  /** Pages created in [fromMs, toMs); those not of a paging severity (P0–P2) are left out. */
  pages: HealthPage[];
  /** First notification of each person for each page. */
  notifications: PersonNotification[];
  shifts: ScheduleShift[];
  persons: Pick<Person, 'name' | 'timeZone'>[];
  alertCounts: AlertCount[];
  fromMs: number;
  toMs: number;
}

export interface PersonLoad {
  person: string;
  /** Pages this person was notified for. */
  pages: number;
  /** Of those, how many reached them outside Mon–Fri 09:00–17:00 in their time zone. */
  outsideBusinessHours: number;
  /**
   * Of those, how many were acknowledged after this person was notified, by them or by something that
   * names no person (an API token, the alert source); an acknowledgement by another person is theirs.
   */
  acknowledged: number;
  /** Mean time from this person's notification to the acknowledgement; null when none. */
  mttaSeconds: number | null;
}

export interface OncallHealth {
  from: string;
  to: string;
  totals: {
    pages: number;
    acknowledged: number;
    /** Mean time from page creation to acknowledgement over acknowledged pages; null when none. */
    mttaSeconds: number | null;
    /** Share of pages that escalated beyond the first level; null when there were no pages. */
    escalationRate: number | null;
    /** Pages that reached at least one person outside that person's business hours. */
    pagesOutsideBusinessHours: number;
    overloadedShifts: number;
  };
  perPerson: PersonLoad[];
  perShift: ShiftLoad[];
  noisiestAlerts: AlertCount[];
}

const PAGING_SEVERITIES: ReadonlySet<Severity> = new Set(['P0', 'P1', 'P2']);
/** A person missing from the model (since removed) is judged on UTC business hours. */
const FALLBACK_TIME_ZONE = 'UTC';
/** How many alert names the report lists. */
export const NOISIEST_ALERTS = 10;

function meanSeconds(durationsMs: number[]): number | null {
  if (durationsMs.length === 0) return null;
  const meanMs = durationsMs.reduce((sum, ms) => sum + ms, 0) / durationsMs.length;
  return Math.round(meanMs) / 1000;
}

/** A notification with the zone of the person it reached. */
type ZonedNotification = PersonNotification & { timeZone: string };

interface Tally {
  pages: number;
  outside: number;
  ackDelaysMs: number[];
}

function perPersonLoads(
  notifications: ZonedNotification[],
  pagesById: Map<number, HealthPage>,
  onCall: Iterable<string>,
  persons: ReadonlySet<string>,
): { loads: PersonLoad[]; outsidePages: Set<number> } {
  const tallies = new Map<string, Tally>();
  for (const person of onCall) tallies.set(person, { pages: 0, outside: 0, ackDelaysMs: [] });
  const outsidePages = new Set<number>();
  for (const { person, pageId, atMs, timeZone } of notifications) {
    const tally = tallies.get(person) ?? { pages: 0, outside: 0, ackDelaysMs: [] };
    tallies.set(person, tally);
    tally.pages += 1;
    if (!isBusinessHours(atMs, timeZone)) {
      tally.outside += 1;
      outsidePages.add(pageId);
    }
    const page = pagesById.get(pageId);
    const ackMs = page?.acknowledgedMs;
    const by = page?.acknowledgedBy ?? null;
    const credited = by === null || by === person || !persons.has(by);
    // A snoozed page keeps its first acknowledgement, so a later re-notification was not acknowledged.
    if (ackMs != null && ackMs >= atMs && credited) tally.ackDelaysMs.push(ackMs - atMs);
  }
  const loads = [...tallies].map(([person, tally]) => ({
    person,
    pages: tally.pages,
    outsideBusinessHours: tally.outside,
    acknowledged: tally.ackDelaysMs.length,
    mttaSeconds: meanSeconds(tally.ackDelaysMs),
  }));
  loads.sort((a, b) => b.pages - a.pages || a.person.localeCompare(b.person));
  return { loads, outsidePages };
}

/** The top alerts by count, ties by name then service so the list is stable. */
export function noisiestAlerts(counts: AlertCount[], limit = NOISIEST_ALERTS): AlertCount[] {
  return [...counts]
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.alertname.localeCompare(b.alertname) ||
        (a.service ?? '').localeCompare(b.service ?? ''),
    )
    .slice(0, limit);
}

/**
 * On-call health over [fromMs, toMs) (seed 003 §06): load per person and per shift, pages outside
 * business hours, MTTA, escalation rate and the noisiest alerts. Only P0–P2 pages count: they wake people.
 */
export function oncallHealth(input: OncallHealthInput): OncallHealth {
  const pages = input.pages.filter((page) => PAGING_SEVERITIES.has(page.severity));
  const pagesById = new Map(pages.map((page) => [page.id, page]));
  const zones = new Map(input.persons.map((person) => [person.name, person.timeZone]));
  const notifications: ZonedNotification[] = input.notifications
    .filter((n) => pagesById.has(n.pageId))
    .map((n) => ({ ...n, timeZone: zones.get(n.person) ?? FALLBACK_TIME_ZONE }));
  const perShift = shiftLoads(input.shifts, notifications);
  const { loads, outsidePages } = perPersonLoads(
    notifications,
    pagesById,
    new Set(input.shifts.map((shift) => shift.person)),
    new Set(input.persons.map((person) => person.name)),
  );
  const acknowledged = pages.filter((page) => page.acknowledgedMs !== null);
  const escalated = pages.filter((page) => page.maxLevel >= 2).length;
  return {
    from: new Date(input.fromMs).toISOString(),
    to: new Date(input.toMs).toISOString(),
    totals: {
      pages: pages.length,
      acknowledged: acknowledged.length,
      mttaSeconds: meanSeconds(acknowledged.map((p) => (p.acknowledgedMs as number) - p.createdMs)),
      escalationRate: pages.length === 0 ? null : escalated / pages.length,
      pagesOutsideBusinessHours: outsidePages.size,
      overloadedShifts: perShift.filter((shift) => shift.overloaded).length,
    },
    perPerson: loads,
    perShift,
    noisiestAlerts: noisiestAlerts(input.alertCounts),
  };
}

import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { type AlertCount, type HealthPage, noisiestAlerts, oncallHealth } from './oncall-health.ts';

const at = (iso: string): number => Date.parse(iso);
const FROM = at('2026-03-02T00:00:00Z'); // a Monday
const TO = FROM + 7 * DAY_MS;

const persons = [
  { name: 'ana', timeZone: 'Europe/Paris' },
  { name: 'bob', timeZone: 'America/New_York' },
  { name: 'cy', timeZone: 'UTC' },
];

function page(id: number, createdIso: string, options: Partial<HealthPage> = {}): HealthPage {
  return { id, severity: 'P1', createdMs: at(createdIso), acknowledgedMs: null, maxLevel: 1, ...options };
}

const acked = (createdIso: string, minutes: number) => at(createdIso) + minutes * MINUTE_MS;

// Wednesday 11:00 Paris, acked after 2 min.
const p1 = page(1, '2026-03-04T10:00:00Z', { acknowledgedMs: acked('2026-03-04T10:00:00Z', 2) });
// Saturday 11:00 Paris, acked after 4 min.
const p2 = page(2, '2026-03-07T10:00:00Z', {
  severity: 'P2',
  acknowledgedMs: acked('2026-03-07T10:00:00Z', 4),
});
// Wednesday 17:00 Paris exactly, escalated to bob after 5 min, acked after 9 min.
const p3 = page(3, '2026-03-04T16:00:00Z', {
  severity: 'P0',
  acknowledgedMs: acked('2026-03-04T16:00:00Z', 9),
  maxLevel: 2,
});
// Thursday 13:00 Paris, never acknowledged.
const p4 = page(4, '2026-03-05T12:00:00Z');
// A P3 only reaches a team channel; it must not count even if a person was notified.
const p5 = page(5, '2026-03-07T03:00:00Z', {
  severity: 'P3',
  acknowledgedMs: acked('2026-03-07T03:00:00Z', 1),
});

const notifications = [
  { pageId: 1, person: 'ana', atMs: p1.createdMs },
  { pageId: 2, person: 'ana', atMs: p2.createdMs },
  { pageId: 3, person: 'ana', atMs: p3.createdMs },
  { pageId: 3, person: 'bob', atMs: p3.createdMs + 5 * MINUTE_MS },
  { pageId: 4, person: 'ana', atMs: p4.createdMs },
  { pageId: 5, person: 'ana', atMs: p5.createdMs },
];

const shifts = [
  { schedule: 'primary', person: 'ana', startMs: FROM, endMs: TO },
  {
    schedule: 'secondary',
    person: 'bob',
    startMs: at('2026-03-04T12:00:00Z'),
    endMs: at('2026-03-05T00:00:00Z'),
  },
  {
    schedule: 'secondary',
    person: 'cy',
    startMs: at('2026-03-05T00:00:00Z'),
    endMs: at('2026-03-05T12:00:00Z'),
  },
];

const report = oncallHealth({
  pages: [p1, p2, p3, p4, p5],
  notifications,
  shifts,
  persons,
  alertCounts: [],
  fromMs: FROM,
  toMs: TO,
});

describe('oncallHealth totals', () => {
  it('counts the P0–P2 pages and the acknowledged ones', () => {
    expect(report.totals.pages).toBe(4);
    expect(report.totals.acknowledged).toBe(3);
  });

  it('takes MTTA as the mean of 2, 4 and 9 minutes: 5 minutes', () => {
    expect(report.totals.mttaSeconds).toBe(300);
  });

  it('takes the escalation rate as 1 escalated page of 4', () => {
    expect(report.totals.escalationRate).toBe(0.25);
  });

  it('counts the Saturday page and the 17:00 page as outside business hours', () => {
    expect(report.totals.pagesOutsideBusinessHours).toBe(2);
  });

  it('writes the range as RFC 3339', () => {
    expect(report.from).toBe('2026-03-02T00:00:00.000Z');
    expect(report.to).toBe('2026-03-09T00:00:00.000Z');
  });

  it('answers null rates when nothing paged', () => {
    const empty = oncallHealth({
      pages: [],
      notifications: [],
      shifts: [],
      persons,
      alertCounts: [],
      fromMs: FROM,
      toMs: TO,
    });
    expect(empty.totals).toEqual({
      pages: 0,
      acknowledged: 0,
      mttaSeconds: null,
      escalationRate: null,
      pagesOutsideBusinessHours: 0,
      overloadedShifts: 0,
    });
  });
});

describe('oncallHealth per person', () => {
  it('measures each person from their own notification, busiest first, on-call people with no page included', () => {
    expect(report.perPerson).toEqual([
      // 2, 4 and 9 minutes from notification to acknowledgement: 300 s.
      { person: 'ana', pages: 4, outsideBusinessHours: 2, acknowledged: 3, mttaSeconds: 300 },
      // Notified 5 minutes in, acknowledged at 9 minutes: 4 minutes; Wednesday 11:05 in New York.
      { person: 'bob', pages: 1, outsideBusinessHours: 0, acknowledged: 1, mttaSeconds: 240 },
      { person: 'cy', pages: 0, outsideBusinessHours: 0, acknowledged: 0, mttaSeconds: null },
    ]);
  });

  it('does not count an acknowledgement made before the person was notified (a snooze re-paging)', () => {
    const snoozed = page(7, '2026-03-03T10:00:00Z', { acknowledgedMs: at('2026-03-03T10:01:00Z') });
    const { perPerson } = oncallHealth({
      pages: [snoozed],
      notifications: [{ pageId: 7, person: 'ana', atMs: at('2026-03-03T11:01:00Z') }],
      shifts: [],
      persons,
      alertCounts: [],
      fromMs: FROM,
      toMs: TO,
    });
    expect(perPerson).toEqual([
      { person: 'ana', pages: 1, outsideBusinessHours: 0, acknowledged: 0, mttaSeconds: null },
    ]);
  });

  it('judges a person missing from the config on UTC business hours', () => {
    // Wednesday 08:30 UTC: before 09:00 in UTC.
    const early = page(8, '2026-03-04T08:30:00Z');
    const { perPerson } = oncallHealth({
      pages: [early],
      notifications: [{ pageId: 8, person: 'gone', atMs: early.createdMs }],
      shifts: [],
      persons,
      alertCounts: [],
      fromMs: FROM,
      toMs: TO,
    });
    expect(perPerson[0]).toMatchObject({ person: 'gone', outsideBusinessHours: 1 });
  });
});

describe('oncallHealth per shift', () => {
  it('counts the shift person’s pages and flags none of these light shifts', () => {
    expect(report.perShift).toEqual([
      {
        schedule: 'primary',
        person: 'ana',
        start: '2026-03-02T00:00:00.000Z',
        end: '2026-03-09T00:00:00.000Z',
        pages: 4,
        // 4 pages / 14 twelve-hour stretches
        pagesPer12Hours: 0.29,
        overloaded: false,
      },
      {
        schedule: 'secondary',
        person: 'bob',
        start: '2026-03-04T12:00:00.000Z',
        end: '2026-03-05T00:00:00.000Z',
        pages: 1,
        pagesPer12Hours: 1,
        overloaded: false,
      },
      {
        schedule: 'secondary',
        person: 'cy',
        start: '2026-03-05T00:00:00.000Z',
        end: '2026-03-05T12:00:00.000Z',
        pages: 0,
        pagesPer12Hours: 0,
        overloaded: false,
      },
    ]);
    expect(report.totals.overloadedShifts).toBe(0);
  });

  it('counts overloaded shifts in the totals', () => {
    const night = { schedule: 'primary', person: 'ana', startMs: FROM, endMs: FROM + 12 * HOUR_MS };
    const three = [1, 2, 3].map((id) => page(id, new Date(FROM + id * HOUR_MS).toISOString()));
    const { totals, perShift } = oncallHealth({
      pages: three,
      notifications: three.map((p) => ({ pageId: p.id, person: 'ana', atMs: p.createdMs })),
      shifts: [night],
      persons,
      alertCounts: [],
      fromMs: FROM,
      toMs: TO,
    });
    expect(perShift[0]).toMatchObject({ pages: 3, overloaded: true });
    expect(totals.overloadedShifts).toBe(1);
  });
});

describe('noisiestAlerts', () => {
  it('keeps the 10 most frequent, ties by name then service', () => {
    const counts: AlertCount[] = Array.from({ length: 12 }, (_, i) => ({
      alertname: `Alert${String(i).padStart(2, '0')}`,
      service: 'api',
      count: i,
    }));
    counts.push({ alertname: 'Alert11', service: null, count: 11 });
    const top = noisiestAlerts(counts);
    expect(top).toHaveLength(10);
    expect(top.slice(0, 3)).toEqual([
      { alertname: 'Alert11', service: null, count: 11 },
      { alertname: 'Alert11', service: 'api', count: 11 },
      { alertname: 'Alert10', service: 'api', count: 10 },
    ]);
    expect(top.at(-1)).toEqual({ alertname: 'Alert03', service: 'api', count: 3 });
  });
});

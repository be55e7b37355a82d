import { MINUTE_MS } from '../core/duration.ts';
import { utcMonth } from '../core/time-format.ts';
import type { IncidentSeverity } from '../specs/index.ts';

export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];

/** A calendar month (UTC) clipped to the report range: [startMs, endMs). */
export interface MonthSpan {
  /** `YYYY-MM`. */
  month: string;
  startMs: number;
  endMs: number;
}

/** An incident as the report sees it; `acknowledgedMs` already falls back to its pages' first ack. */
export interface ReliabilityIncident {
  severity: IncidentSeverity;
  startedMs: number;
  detectedMs: number;
  declaredMs: number;
  acknowledgedMs: number | null;
  resolvedMs: number | null;
}

/**
 * Good and total events of one service in one month (index into the month spans), and in how many
 * distinct minutes any of its SLOs had events.
 */
export interface MonthEvents {
  service: string;
  monthIndex: number;
  good: number;
  total: number;
  minutes: number;
}

export interface Availability {
  /** Σgood / Σtotal (0..1); null without events. */
  availability: number | null;
  /**
   * (1 − availability) × the minutes with data; null without events. A minute without data is not
   * downtime: a service that existed for 6 minutes of 30 days has at most 6 minutes of downtime.
   */
  downtimeMinutes: number | null;
  events: number;
  /** Minutes of the span in which any SLO of the service had events. */
  minutesWithData: number;
  /** minutesWithData / minutes of the span elapsed by now (0..1); null when none has elapsed. */
  coverage: number | null;
}

export interface ServiceAvailability extends Availability {
  service: string;
  months: Array<Availability & { month: string }>;
}

export interface IncidentFigures {
  total: number;
  open: number;
  bySeverity: Record<IncidentSeverity, number>;
  mttdSeconds: number | null;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  mtbfSeconds: number | null;
  byMonth: Array<{ month: string; incidents: number; mttrSeconds: number | null }>;
}

/** The calendar months (UTC) that [fromMs, toMs) touches, each clipped to the range. */
export function monthSpans(fromMs: number, toMs: number): MonthSpan[] {
  const spans: MonthSpan[] = [];
  let startMs = fromMs;
  while (startMs < toMs) {
    const date = new Date(startMs);
    const nextMonthMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    const endMs = Math.min(nextMonthMs, toMs);
    spans.push({ month: utcMonth(startMs), startMs, endMs });
    startMs = endMs;
  }
  return spans;
}

/** Mean of durations in milliseconds, in seconds; null when there are none. */
export function meanSeconds(durationsMs: readonly number[]): number | null {
  if (durationsMs.length === 0) return null;
  return durationsMs.reduce((sum, ms) => sum + ms, 0) / durationsMs.length / 1000;
}

/** Mean gap between consecutive onsets, in seconds; null with fewer than two. */
export function mtbfSeconds(onsetsMs: readonly number[]): number | null {
  const sorted = [...onsetsMs].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((onsetMs, i) => onsetMs - (sorted[i] as number));
  return meanSeconds(gaps);
}

const mttr = (incidents: readonly ReliabilityIncident[]): number | null =>
  meanSeconds(
    incidents.flatMap((incident) =>
      incident.resolvedMs === null ? [] : [incident.resolvedMs - incident.detectedMs],
    ),
  );

/** Counts and mean times of incidents declared in the range; months by declaration time. */
export function incidentFigures(
  incidents: readonly ReliabilityIncident[],
  months: readonly MonthSpan[],
): IncidentFigures {
  const bySeverity = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };
  for (const incident of incidents) bySeverity[incident.severity] += 1;
  return {
    total: incidents.length,
    open: incidents.filter((incident) => incident.resolvedMs === null).length,
    bySeverity,
    mttdSeconds: meanSeconds(incidents.map((incident) => incident.detectedMs - incident.startedMs)),
    mttaSeconds: meanSeconds(
      incidents.flatMap((incident) =>
        incident.acknowledgedMs === null ? [] : [incident.acknowledgedMs - incident.detectedMs],
      ),
    ),
    mttrSeconds: mttr(incidents),
    mtbfSeconds: mtbfSeconds(incidents.map((incident) => incident.startedMs)),
    byMonth: months.map((span) => {
      const inMonth = incidents.filter(
        (incident) => incident.declaredMs >= span.startMs && incident.declaredMs < span.endMs,
      );
      return { month: span.month, incidents: inMonth.length, mttrSeconds: mttr(inMonth) };
    }),
  };
}

interface Sums {
  good: number;
  total: number;
  minutes: number;
}

function availabilityOf(sums: Sums, startMs: number, endMs: number, nowMs: number): Availability {
  const elapsedMinutes = Math.max(0, Math.min(endMs, nowMs) - startMs) / MINUTE_MS;
  const minutesWithData = sums.minutes;
  const coverage = elapsedMinutes > 0 ? Math.min(1, minutesWithData / elapsedMinutes) : null;
  if (sums.total <= 0) {
    return { availability: null, downtimeMinutes: null, events: sums.total, minutesWithData, coverage };
  }
  const availability = sums.good / sums.total;
  return {
    availability,
    downtimeMinutes: (1 - availability) * minutesWithData,
    events: sums.total,
    minutesWithData,
    coverage,
  };
}

/** Availability of each service per month and over the whole range, from per-month sums of events and minutes. */
export function serviceAvailability(input: {
  services: readonly string[];
  events: readonly MonthEvents[];
  months: readonly MonthSpan[];
  nowMs: number;
}): ServiceAvailability[] {
  const { months, nowMs } = input;
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return [];
  return input.services.map((service) => {
    const sums: Sums[] = months.map(() => ({ good: 0, total: 0, minutes: 0 }));
    for (const row of input.events) {
      const sum = sums[row.monthIndex];
      if (row.service !== service || !sum) continue;
      sum.good += row.good;
      sum.total += row.total;
      sum.minutes += row.minutes;
    }
    // Months do not overlap, so their minutes with data add up to the range's.
    const whole = sums.reduce(
      (acc, sum) => ({
        good: acc.good + sum.good,
        total: acc.total + sum.total,
        minutes: acc.minutes + sum.minutes,
      }),
      { good: 0, total: 0, minutes: 0 },
    );
    return {
      service,
      ...availabilityOf(whole, first.startMs, last.endMs, nowMs),
      months: months.map((span, i) => ({
        month: span.month,
        ...availabilityOf(sums[i] as Sums, span.startMs, span.endMs, nowMs),
      })),
    };
  });
}

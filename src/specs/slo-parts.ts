import { DAY_MS, parseDuration } from '../core/duration.ts';
import { parseInstant, parseZonedStart } from './exclusion-times.ts';
import {
  type AlertTier,
  type Budgeting,
  type BurnCondition,
  type CatastrophicTier,
  defaultCatastrophicCondition,
  defaultPageConditions,
  defaultTicketConditions,
  type Exclusion,
  type SloAlerting,
  type SloWindow,
  WORKBOOK_WINDOW_MS,
} from './model/slos.ts';
import { alertingSchema, type SloSpec } from './schema-slo.ts';

/** Rounds away binary noise (0.999 * 100 = 99.89999999999999) so configured numbers read back as written. */
export function roundDecimals(value: number, decimals = 10): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Nominal calendar lengths used to scale burn rates: week 7d, month 30d, quarter 90d. */
const calendarDays = { week: 7, month: 30, quarter: 90 } as const;

/** Length of a window for budget arithmetic (calendar windows use nominal lengths). */
export function nominalWindowMs(window: SloWindow): number {
  return window.kind === 'rolling' ? window.durationMs : calendarDays[window.unit] * DAY_MS;
}

/**
 * Workbook conditions scaled to a window: the burn rate that spends the same share of budget in
 * the same time. Conditions whose long window exceeds the SLO window are dropped.
 */
export function scaleConditions(conditions: readonly BurnCondition[], windowMs: number): BurnCondition[] {
  return conditions
    .filter((condition) => condition.longWindowMs <= windowMs)
    .map((condition) => ({
      ...condition,
      burnRate: roundDecimals((condition.burnRate * windowMs) / WORKBOOK_WINDOW_MS),
    }));
}

/** The SLO window a nines.dev/v1 spec describes. */
export function toSloWindow(window: SloSpec['window']): SloWindow {
  if (typeof window === 'string') return { kind: 'rolling', durationMs: parseDuration(window) as number };
  if (window.rolling !== undefined)
    return { kind: 'rolling', durationMs: parseDuration(window.rolling) as number };
  return { kind: 'calendar', unit: window.calendar ?? 'month', timeZone: window.timeZone ?? 'UTC' };
}

/** Budgeting from a spec; the slice target becomes a 0..1 ratio. */
export function toBudgeting(budgeting: SloSpec['budgeting']): Budgeting {
  if (budgeting === 'occurrences') return { method: 'occurrences' };
  return {
    method: 'timeslices',
    sliceMs: parseDuration(budgeting.timeslices.slice) as number,
    sliceTarget: roundDecimals(budgeting.timeslices.target / 100),
  };
}

/** Exclusions from a spec (already validated, so every time parses). */
export function toExclusions(exclusions: SloSpec['exclusions']): Exclusion[] {
  return exclusions.map((exclusion): Exclusion => {
    const name = exclusion.name === undefined ? {} : { name: exclusion.name };
    if (exclusion.rrule === undefined) {
      return {
        kind: 'once',
        ...name,
        startMs: parseInstant(exclusion.start) as number,
        endMs: parseInstant(exclusion.end ?? '') as number,
      };
    }
    const timeZone = exclusion.timeZone ?? 'UTC';
    return {
      kind: 'recurring',
      ...name,
      rrule: exclusion.rrule,
      startMs: parseZonedStart(exclusion.start, timeZone) as number,
      durationMs: parseDuration(exclusion.duration ?? '') as number,
      timeZone,
    };
  });
}

type TierSpec = SloSpec['alerting']['page'];

function toTier(tier: TierSpec, defaults: readonly BurnCondition[], windowMs: number): AlertTier {
  const conditions = tier.conditions
    ? tier.conditions.map((condition) => ({
        longWindowMs: parseDuration(condition.longWindow) as number,
        shortWindowMs: parseDuration(condition.shortWindow) as number,
        burnRate: condition.burnRate,
      }))
    : scaleConditions(defaults, windowMs);
  return { enabled: tier.enabled, conditions };
}

function toCatastrophic(spec: SloSpec['alerting']['catastrophic'], windowMs: number): CatastrophicTier {
  const condition = {
    longWindowMs: parseDuration(spec.longWindow) as number,
    shortWindowMs: parseDuration(spec.shortWindow) as number,
    burnRate:
      spec.burnRate ?? roundDecimals((defaultCatastrophicCondition.burnRate * windowMs) / WORKBOOK_WINDOW_MS),
  };
  return {
    enabled: spec.enabled,
    conditions: [condition],
    minEvents: spec.minEvents,
    minErrorRatio: spec.minErrorRatio,
  };
}

/** Alerting from a spec: explicit burn rates as written, defaults scaled to the window. */
export function toAlerting(alerting: SloSpec['alerting'], window: SloWindow): SloAlerting {
  const windowMs = nominalWindowMs(window);
  return {
    page: toTier(alerting.page, defaultPageConditions, windowMs),
    ticket: toTier(alerting.ticket, defaultTicketConditions, windowMs),
    catastrophic: toCatastrophic(alerting.catastrophic, windowMs),
    minEvents: alerting.minEvents,
    noDataAfterMs: parseDuration(alerting.noDataAfter) as number,
    name: alerting.name,
    labels: alerting.labels,
    annotations: alerting.annotations,
  };
}

/** Alerting for imported formats that have nothing to say beyond on/off: the schema's defaults. */
export function defaultAlerting(window: SloWindow, overrides: Partial<SloAlerting> = {}): SloAlerting {
  return { ...toAlerting(alertingSchema.parse({}), window), ...overrides };
}

// SLOs, their windows, indicators, burn-rate alerting and error-budget policies.

import type { Origin, SourceLocation } from './common.ts';

export type BudgetState = 'healthy' | 'caution' | 'warning' | 'critical' | 'exhausted';

/** What a deploy changes, as a pipeline tells the deploy gate. */
export type ChangeKind = 'feature' | 'reliability' | 'security';

export interface ErrorBudgetPolicy {
  name: string;
  /**
   * Percent of budget remaining at or below which each state begins. Defaults (seed 003 §11):
   * caution 50, warning 25, critical 10; exhausted is always <= 0.
   */
  thresholds: { caution: number; warning: number; critical: number };
  /** What each state implies, for people and for deploy gates. */
  actions: Partial<
    Record<
      BudgetState,
      {
        deploy: 'allow' | 'warn' | 'block';
        /** Change kinds a `block` still lets through (seed 003: reliability fixes and security patches). */
        allow: ChangeKind[];
        description?: string;
      }
    >
  >;
  origin: Origin;
  source: SourceLocation;
}

export type SloWindow =
  | { kind: 'rolling'; durationMs: number }
  | { kind: 'calendar'; unit: 'week' | 'month' | 'quarter'; timeZone: string };

export type Budgeting =
  | { method: 'occurrences' }
  /** A slice is good when its good/total ratio is at least `sliceTarget` (0..1); slices without data don't count. */
  | { method: 'timeslices'; sliceMs: number; sliceTarget: number };

export type Indicator =
  | {
      kind: 'prometheus';
      /** DataSource name. */
      source: string;
      /** Exactly one of errorQuery / goodQuery; each query contains `{{.window}}`. */
      errorQuery?: string;
      goodQuery?: string;
      totalQuery: string;
      /** Labels that split one spec into one SLO per label-value combination. */
      groupBy: string[];
    }
  | { kind: 'probe'; probe: string }
  | { kind: 'events' };

export type Exclusion =
  | { kind: 'once'; name?: string; startMs: number; endMs: number }
  /** Recurring by an RFC 5545 RRULE evaluated in `timeZone`, starting at `startMs`, each lasting `durationMs`. */
  | {
      kind: 'recurring';
      name?: string;
      rrule: string;
      startMs: number;
      durationMs: number;
      timeZone: string;
    };

/** One multi-window burn-rate condition: burn > burnRate over both windows. */
export interface BurnCondition {
  longWindowMs: number;
  shortWindowMs: number;
  /** Already scaled to the SLO window. */
  burnRate: number;
}

export interface AlertTier {
  enabled: boolean;
  conditions: BurnCondition[];
  /** Extra labels and annotations of this tier's exported alert (Sloth's page_alert / ticket_alert). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * The catastrophic tier: one fast condition (burn over a few minutes and over the newest minute) that
 * opens a page after a fraction of a percent of the budget when nearly everything fails. Its own
 * `minEvents` guards its short long-window (a handful of night-time errors must not page).
 */
export interface CatastrophicTier extends AlertTier {
  minEvents: number;
  /** Near-total: at least this share (0..1) of the short window's events must fail. */
  minErrorRatio: number;
}

export interface SloAlerting {
  page: AlertTier;
  ticket: AlertTier;
  /** Pages like `page`; its alert says it came from this tier. */
  catastrophic: CatastrophicTier;
  /** No alert fires while the long window holds fewer events than this. */
  minEvents: number;
  /** A no-data alert fires after the SLO has had no data (or its source failed) this long. */
  noDataAfterMs: number;
  /** Alert name used in exported Prometheus rules (Sloth's `alerting.name`); default ErrorBudgetBurn. */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Slo {
  name: string;
  service: string;
  description?: string;
  /** Percent, e.g. 99.9. */
  objective: number;
  window: SloWindow;
  budgeting: Budgeting;
  indicator: Indicator;
  exclusions: Exclusion[];
  alerting: SloAlerting;
  /** ErrorBudgetPolicy name, if any. */
  policy?: string;
  labels: Record<string, string>;
  origin: Origin;
  source: SourceLocation;
}

/**
 * SRE Workbook multi-window multi-burn-rate defaults for a 30-day window. Loaders scale `burnRate`
 * by windowMs / 30d (budget share), using nominal lengths for calendar windows: week 7d, month 30d,
 * quarter 90d. Explicitly configured burn rates are used as written.
 */
export const WORKBOOK_WINDOW_MS = 30 * 86_400_000;
export const defaultPageConditions: readonly BurnCondition[] = [
  { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
  { longWindowMs: 21_600_000, shortWindowMs: 1_800_000, burnRate: 6 },
];
export const defaultTicketConditions: readonly BurnCondition[] = [
  { longWindowMs: 86_400_000, shortWindowMs: 7_200_000, burnRate: 3 },
  { longWindowMs: 259_200_000, shortWindowMs: 21_600_000, burnRate: 1 },
];

/**
 * Catastrophic tier default (30-day scale, scaled to the SLO window like the others): burn > 30 over
 * 5m and over 1m. Hand computation at 99.9 % (budget 0.1 %), 30 days = 43,200 min:
 * - budget share of the long window at the threshold: 30 x 5 / 43,200 = 0.35 % (the Workbook's fastest
 *   page waits for 14.4 x 60 / 43,200 = 2 %);
 * - full outage: the 5m window holds 4 whole minutes plus the newest partial one (240..300 s), so its
 *   error ratio after t s of outage is t / (240..300); it passes 30 x 0.001 = 0.03 after 7.2..9 s, i.e.
 *   at the first 10-s tick after about 10 s of failure, having spent 9 / 2,592 s of budget = 0.35 %;
 * - a 20-s spike of 30 % errors is 6 s worth of failures: at most 6 / 240 = 0.025 (burn 25) over 5m.
 * The 1m window is the newest partial minute, so it holds during an outage from its first seconds. A
 * burn alone is not "near-total" (3 % errors at 99.95 % is burn 60), hence DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO.
 */
export const defaultCatastrophicCondition: BurnCondition = {
  longWindowMs: 300_000,
  shortWindowMs: 60_000,
  burnRate: 30,
};
/** 100 events in 5 minutes (one every 3 s): a night with 5 requests a minute (25 in 5m) never pages. */
export const DEFAULT_CATASTROPHIC_MIN_EVENTS = 100;
/**
 * A fifth of the short window failing. The 1m window is the newest minute so far, which still holds the
 * healthy seconds before an outage: an outage that began at second p of a minute shows 10 / (p + 10) at
 * the next 10-s tick, >= 0.2 when p <= 40 (else the next minute shows 1.0 a tick later). Degradation the
 * page tier is for (3 % or 15 % errors) stays under it.
 */
export const DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO = 0.2;

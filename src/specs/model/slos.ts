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

export interface SloAlerting {
  page: AlertTier;
  ticket: AlertTier;
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

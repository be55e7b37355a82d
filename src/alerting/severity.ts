import { MINUTE_MS } from '../core/duration.ts';
import type { Severity, Tier } from '../specs/index.ts';
import type { NormalisedAlert } from './alert.ts';

/**
 * What each severity asks of people, from seed 001 §3.4 "Tiered Alerting System (P0–P4)":
 *
 * | severity | action (seed)                                   | respond within | when unacknowledged (seed)       |
 * | -------- | ----------------------------------------------- | -------------- | -------------------------------- |
 * | P0       | page on-call immediately (wake up)              | immediately    | escalate to the manager, 10 min  |
 * | P1       | page on-call                                    | 15 min         | escalate, 10 min                 |
 * | P2       | page on-call                                    | 30 min         | create a ticket, 20 min          |
 * | P3       | Slack (team channel), investigate when possible | —              | create a ticket                  |
 * | P4       | log to dashboards, review in office hours       | —              | no action                        |
 *
 * The seed gives P0 no minute figure ("immediately"), so its target is 0, not the 5 min issue 3 quotes.
 */
export interface SeverityHandling {
  pages: boolean;
  notifiesTeamChannel: boolean;
  opensTicket: boolean;
  /** Response target; 0 means at once; null when nobody is expected to respond. */
  respondWithinMs: number | null;
  whenUnacknowledged: { afterMs: number; action: 'escalate' | 'ticket' } | null;
}

export const severityHandling: Readonly<Record<Severity, SeverityHandling>> = {
  P0: {
    pages: true,
    notifiesTeamChannel: false,
    opensTicket: false,
    respondWithinMs: 0,
    whenUnacknowledged: { afterMs: 10 * MINUTE_MS, action: 'escalate' },
  },
  P1: {
    pages: true,
    notifiesTeamChannel: false,
    opensTicket: false,
    respondWithinMs: 15 * MINUTE_MS,
    whenUnacknowledged: { afterMs: 10 * MINUTE_MS, action: 'escalate' },
  },
  P2: {
    pages: true,
    notifiesTeamChannel: false,
    opensTicket: false,
    respondWithinMs: 30 * MINUTE_MS,
    whenUnacknowledged: { afterMs: 20 * MINUTE_MS, action: 'ticket' },
  },
  P3: {
    pages: false,
    notifiesTeamChannel: true,
    opensTicket: true,
    respondWithinMs: null,
    whenUnacknowledged: null,
  },
  P4: {
    pages: false,
    notifiesTeamChannel: false,
    opensTicket: false,
    respondWithinMs: null,
    whenUnacknowledged: null,
  },
};

/** True for P0–P2: these wake someone up through the escalation policy. */
export function pages(severity: Severity): boolean {
  return severityHandling[severity].pages;
}

/** True for P3: the owning team's channel hears about it; nobody is paged. */
export function notifiesTeamChannel(severity: Severity): boolean {
  return severityHandling[severity].notifiesTeamChannel;
}

/** True for P4: recorded and shown, never sent anywhere. */
export function isRecordOnly(severity: Severity): boolean {
  return !pages(severity) && !notifiesTeamChannel(severity);
}

/**
 * Sender severities (Alertmanager's `severity` label, PagerDuty's `payload.severity`) as P0–P4.
 * An explicit `P0`..`P4` (any case) is taken as written; anything not listed is P3.
 */
export const sourceSeverityTable: Readonly<Record<string, Severity>> = {
  critical: 'P1',
  page: 'P1',
  error: 'P2',
  warning: 'P3',
  warn: 'P3',
  ticket: 'P3',
  info: 'P4',
  none: 'P4',
};

const UNKNOWN_SOURCE_SEVERITY: Severity = 'P3';

/** P0–P4 for a sender's severity word; unknown or missing is P3 (the team hears, nobody is woken). */
export function fromSourceSeverity(value: string | null): Severity {
  if (value === null) return UNKNOWN_SOURCE_SEVERITY;
  const word = value.trim().toLowerCase();
  if (/^p[0-4]$/.test(word)) return word.toUpperCase() as Severity;
  return Object.hasOwn(sourceSeverityTable, word)
    ? (sourceSeverityTable[word] as Severity)
    : UNKNOWN_SOURCE_SEVERITY;
}

/**
 * The severity of an alert before routes: SLO page alerts are P1 (P0 for a tier-1 service), SLO ticket
 * and no-data alerts P3; other sources go through `fromSourceSeverity`.
 */
export function defaultSeverity(alert: NormalisedAlert, options: { tier: Tier | null }): Severity {
  if (alert.source !== 'slo') return fromSourceSeverity(alert.sourceSeverity);
  switch (alert.sourceSeverity) {
    case 'page':
      return options.tier === 1 ? 'P0' : 'P1';
    case 'ticket':
    case 'no_data':
      return 'P3';
    default:
      return UNKNOWN_SOURCE_SEVERITY;
  }
}

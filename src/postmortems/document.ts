import { isoTime } from '../core/time-format.ts';
import type { IncidentRow, TimelineEntry } from '../incidents/index.ts';
import type { BudgetImpact } from './budget-impact.ts';
import { type TimelineLine, timelineLines } from './timeline-text.ts';

/** One step of a 5-whys analysis. */
export interface Why {
  why: string;
  because: string;
}

/** Seed 003 §05's template, as stored in `postmortems.document`; title and status live in columns. */
export interface PostmortemDocument {
  header: {
    /** Day the incident started, YYYY-MM-DD (UTC). */
    date: string;
    authors: string[];
    severity: string;
    /** Detection to resolution (the template's header duration). */
    durationMs: number;
    /** Incident commander, from the incident's roles. */
    commander: string | null;
  };
  summary: string;
  impact: {
    /** Onset of impact to resolution. */
    durationMs: number;
    startedAt: string;
    resolvedAt: string | null;
    services: string[];
    usersAffected: string;
    revenueImpact: string;
    supportTickets: string;
    dataImpact: string;
    errorBudget: BudgetImpact[];
  };
  timeline: TimelineLine[];
  whys: Why[];
  rootCause: string;
  contributingFactors: string[];
  wentWell: string[];
  couldBeBetter: string[];
  lessonsLearned: string[];
}

/**
 * The first draft of a postmortem: what Nines knows filled in (header, impact with error budget per
 * SLO, timeline), an empty 5-whys scaffold whose first question comes from the title, the rest empty.
 */
export function draftDocument(options: {
  incident: IncidentRow;
  impacts: BudgetImpact[];
  timeline: readonly TimelineEntry[];
  nowMs: number;
}): PostmortemDocument {
  const { incident, nowMs } = options;
  const endMs = incident.resolved_ms ?? nowMs;
  return {
    header: {
      date: isoTime(incident.started_ms).slice(0, 10),
      authors: [],
      severity: incident.severity,
      durationMs: Math.max(0, endMs - incident.detected_ms),
      commander: incident.roles.commander ?? null,
    },
    summary: incident.summary,
    impact: {
      durationMs: Math.max(0, endMs - incident.started_ms),
      startedAt: isoTime(incident.started_ms),
      resolvedAt: incident.resolved_ms === null ? null : isoTime(incident.resolved_ms),
      services: [...incident.services],
      usersAffected: '',
      revenueImpact: '',
      supportTickets: '',
      dataImpact: incident.data_loss ? 'Data loss reported during the incident.' : '',
      errorBudget: options.impacts,
    },
    timeline: timelineLines(options.timeline),
    whys: [
      { why: `Why did this happen: ${incident.title}?`, because: '' },
      ...Array.from({ length: 4 }, () => ({ why: '', because: '' })),
    ],
    rootCause: '',
    contributingFactors: [],
    wentWell: [],
    couldBeBetter: [],
    lessonsLearned: [],
  };
}

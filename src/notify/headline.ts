import type { IncidentSeverity, Severity } from '../specs/index.ts';
import type { NotificationKind, NotificationMessage } from './message.ts';

/** Words for each severity, after seed 001's P0–P4 tiers. */
export const severityNames: Record<Severity | IncidentSeverity, string> = {
  P0: 'critical',
  P1: 'high',
  P2: 'medium',
  P3: 'low',
  P4: 'informational',
  SEV1: 'critical',
  SEV2: 'major',
  SEV3: 'minor',
  SEV4: 'low',
};

const MAX_SUBJECT_CHARS = 200;

function kindTag(kind: NotificationKind): string {
  switch (kind) {
    case 'page':
      return '';
    case 'escalation':
      return ' escalated';
    case 'reminder':
      return ' reminder';
    case 'acknowledged':
      return ' acknowledged';
    case 'resolved':
      return ' resolved';
    case 'channel_failing':
      return ' channel failing';
    case 'update_due':
      return ' update due';
    case 'incident_declared':
      return ' incident declared';
    case 'incident_resolved':
      return ' incident resolved';
    case 'action_item_overdue':
      return ' action item overdue';
  }
}

/** One line such as `[P1] payment: Connection pool exhausted` or `[P1 resolved] payment: …`. */
export function subjectLine(message: NotificationMessage): string {
  const service = message.service ? `${message.service}: ` : '';
  const line = `[${message.severity}${kindTag(message.kind)}] ${service}${message.summary}`
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > MAX_SUBJECT_CHARS ? `${line.slice(0, MAX_SUBJECT_CHARS - 1)}…` : line;
}

/** Where the page stands, in words a person paged at night reads at a glance. */
export function statusLine(message: NotificationMessage): string {
  const level = message.level === null ? '' : ` (level ${message.level})`;
  switch (message.kind) {
    case 'page':
      return `Triggered${level}`;
    case 'escalation':
      return `Escalated, not acknowledged in time${level}`;
    case 'reminder':
      return `Still not acknowledged${level}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return 'Resolved';
    case 'channel_failing':
      return 'A notification channel keeps failing';
    case 'update_due':
      return 'A status update is due';
    case 'incident_declared':
      return 'Incident declared';
    case 'incident_resolved':
      return 'All clear: incident resolved';
    case 'action_item_overdue':
      return 'Past its due date';
  }
}

/** What the message's link opens, from its reference: `page 42` → `Page`, `action item 7` → `Action item`. */
export function subjectName(message: NotificationMessage): string {
  const words = message.reference.replace(/\s+\S*\d\S*$/, '');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `2030-01-01 00:00 UTC`: unambiguous for readers in any zone. */

import type { TimelineEntry } from '../incidents/index.ts';

/** One line of a postmortem's timeline: when, what, and the timeline entry it comes from. */
export interface TimelineLine {
  /** RFC 3339, UTC. */
  at: string;
  text: string;
  /** The timeline entry id (`incident:12`, `page:40`), so an edited line can still be traced. */
  entry: string;
}

/** Entries that say nothing a reviewer needs: routine deliveries, reminders and attachments. */
const NOISE = new Set([
  'notification.sent',
  'update_reminder',
  'postmortem_drafted',
  'page.delivery_sent',
  'page.alert_attached',
  'page.dependent_alert_attached',
  'page.snooze_ended',
]);

const PAGE_VERBS: Record<string, string> = {
  triggered: 'triggered',
  escalated: 'escalated',
  escalation_exhausted: 'ran out of escalation levels',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  snoozed: 'snoozed',
  reassigned: 'reassigned',
  reopened: 'reopened',
  alert_resolved: 'alert resolved',
  delivery_failed: 'notification failed',
  no_escalation_policy: 'had no escalation policy',
};

/** The first string (or number) among `keys` in `details`. */
function pick(details: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

const by = (actor: string) => (actor && actor !== 'nines' ? ` (${actor})` : '');

function incidentText(entry: TimelineEntry): string {
  const d = entry.details;
  const text = pick(d, 'text', 'message', 'note', 'reason');
  switch (entry.kind) {
    case 'declared':
      return `Incident declared${pick(d, 'severity') ? ` as ${pick(d, 'severity')}` : ''}${by(entry.actor)}`;
    case 'severity_changed':
      return `Severity changed from ${pick(d, 'from') ?? '?'} to ${pick(d, 'to', 'severity') ?? '?'}${by(entry.actor)}`;
    case 'status_changed':
      return `Status changed to ${pick(d, 'to', 'status') ?? '?'}${text ? `: ${text}` : ''}${by(entry.actor)}`;
    case 'role_assigned':
      return `${pick(d, 'person') ?? '?'} assigned as ${pick(d, 'role') ?? '?'}${by(entry.actor)}`;
    case 'role_unassigned':
      return `${pick(d, 'person') ?? 'Someone'} no longer ${pick(d, 'role') ?? '?'}${by(entry.actor)}`;
    case 'note':
      return `Note${by(entry.actor)}: ${text ?? ''}`;
    case 'status_update':
      return `Status update${d.public === false ? ' (internal)' : ''}${by(entry.actor)}: ${text ?? ''}`;
    case 'update_overdue':
      return 'Status update overdue';
    default:
      return `${entry.kind.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase())}${text ? `: ${text}` : ''}${by(entry.actor)}`;
  }
}

function entryText(entry: TimelineEntry): string {
  if (entry.source === 'incident') return incidentText(entry);
  if (entry.source === 'page') {
    const kind = entry.kind.slice('page.'.length);
    const summary = pick(entry.details, 'summary');
    return `Page ${pick(entry.details, 'page') ?? '?'} ${PAGE_VERBS[kind] ?? kind.replaceAll('_', ' ')}${summary ? `: ${summary}` : ''}${by(entry.actor)}`;
  }
  const error = pick(entry.details, 'error');
  return `Notification to ${pick(entry.details, 'recipient') ?? '?'} over ${pick(entry.details, 'channel') ?? '?'} failed${error ? `: ${error}` : ''}`;
}

/**
 * Readable timeline lines, oldest first, without routine noise. A correction is not a line of its own:
 * it is shown on the line it corrects (`… [corrected by bob: …]`), where a reader meets the error.
 */
export function timelineLines(entries: readonly TimelineEntry[]): TimelineLine[] {
  const corrections = new Map<string, TimelineEntry[]>();
  for (const entry of entries) {
    if (entry.corrects) corrections.set(entry.corrects, [...(corrections.get(entry.corrects) ?? []), entry]);
  }
  const lines: TimelineLine[] = [];
  for (const entry of entries) {
    if (NOISE.has(entry.kind) || (entry.corrects && entries.some((e) => e.id === entry.corrects))) continue;
    const fixes = (corrections.get(entry.id) ?? []).map(
      (fix) => ` [corrected by ${fix.actor}: ${pick(fix.details, 'text', 'message', 'reason') ?? ''}]`,
    );
    lines.push({
      at: new Date(entry.atMs).toISOString(),
      text: entryText(entry) + fixes.join(''),
      entry: entry.id,
    });
  }
  return lines;
}

import type { IncidentSeverity, Severity } from '../specs/index.ts';

/** Why a notification is sent; each channel words its headline after this. */
export type NotificationKind =
  | 'page'
  | 'escalation'
  | 'resolved'
  | 'acknowledged'
  | 'reminder'
  | 'channel_failing'
  /** An incident's status update is due (to its communications lead). */
  | 'update_due'
  /** An incident was declared, or resolved (the all-clear), told to the affected services' teams. */
  | 'incident_declared'
  | 'incident_resolved'
  /** An action item passed its due date (to its owner). */
  | 'action_item_overdue';

/** What every channel renders: plain data, already decided by paging (links signed, runbook looked up). */
export interface NotificationMessage {
  /** The page it is about, if it is about one. */
  pageId: string | null;
  /** What it is about, for footers: `page 12`, `incident 3`, `action item 7`. */
  reference: string;
  kind: NotificationKind;
  severity: Severity | IncidentSeverity;
  service: string | null;
  summary: string;
  /** Extra lines (labels, attached alerts, who acknowledged), shown as a list. */
  details: string[];
  runbookUrl: string | null;
  /** Signed link that acknowledges the page without logging in; null once there is nothing to acknowledge. */
  ackUrl: string | null;
  /** Where the thing the message is about (`reference`) is shown: a page, an incident, an action item. */
  pageUrl: string | null;
  /** Escalation level the notification is for (1-based), when it is for one. */
  level: number | null;
  occurredAtMs: number;
}

import type { Severity } from '../specs/model.ts';

/** Why a notification is sent; each channel words its headline after this. */
export type NotificationKind =
  | 'page'
  | 'escalation'
  | 'resolved'
  | 'acknowledged'
  | 'reminder'
  | 'channel_failing';

/** What every channel renders: plain data, already decided by paging (links signed, runbook looked up). */
export interface NotificationMessage {
  pageId: string;
  kind: NotificationKind;
  severity: Severity;
  service: string | null;
  summary: string;
  /** Extra lines (labels, attached alerts, who acknowledged), shown as a list. */
  details: string[];
  runbookUrl: string | null;
  /** Signed link that acknowledges the page without logging in; null once there is nothing to acknowledge. */
  ackUrl: string | null;
  pageUrl: string | null;
  /** Escalation level the notification is for (1-based), when it is for one. */
  level: number | null;
  occurredAtMs: number;
}

import type { Severity } from '../specs/index.ts';

export type PageStatus = 'triggered' | 'acknowledged' | 'resolved';

/** A row of the `pages` table. */
export interface PageRow {
  id: number;
  group_key: string;
  status: PageStatus;
  severity: Severity;
  service: string | null;
  team: string | null;
  summary: string;
  escalation_policy: string | null;
  level: number;
  loop: number;
  round: number;
  next_action_ms: number | null;
  assignee: string | null;
  upstream_page_id: number | null;
  created_ms: number;
  acknowledged_ms: number | null;
  acknowledged_by: string | null;
  resolved_ms: number | null;
  resolved_by: string | null;
  snoozed_until_ms: number | null;
}

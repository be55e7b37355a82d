import type { PostmortemDocument } from './document.ts';

export const postmortemStatuses = ['draft', 'in_review', 'final'] as const;
export type PostmortemStatus = (typeof postmortemStatuses)[number];

/** A row of `postmortems`. */
export interface PostmortemRow {
  id: number;
  incident_id: number;
  status: PostmortemStatus;
  required: boolean;
  required_reasons: string[];
  title: string;
  document: PostmortemDocument;
  services: string[];
  tags: string[];
  failure_modes: string[];
  created_ms: number;
  updated_ms: number;
  updated_by: string;
  version: number;
}

export const actionItemStatuses = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionItemStatus = (typeof actionItemStatuses)[number];
export const actionItemPriorities = ['P0', 'P1', 'P2', 'P3'] as const;
export type ActionItemPriority = (typeof actionItemPriorities)[number];

/** A row of `action_items`. */
export interface ActionItemRow {
  id: number;
  postmortem_id: number;
  title: string;
  owner: string;
  team: string | null;
  due_ms: number;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  tracker_url: string | null;
  created_ms: number;
  created_by: string;
  completed_ms: number | null;
  overdue_notified: number;
}

/** Open or in progress: still owed. */
export function isPending(status: ActionItemStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

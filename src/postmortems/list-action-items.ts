import type { Queryable } from '../storage/index.ts';
import type { ActionItemRow, ActionItemStatus } from './postmortem-row.ts';

/** Filters of GET /action-items; `overdue` keeps open or in-progress items past due at `nowMs`. */
export interface ActionItemFilter {
  status?: ActionItemStatus;
  owner?: string;
  team?: string;
  postmortemId?: number;
  overdue?: boolean;
  nowMs: number;
  limit: number;
}

/** Action items matching every filter, soonest due first. */
export async function listActionItems(db: Queryable, filter: ActionItemFilter): Promise<ActionItemRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.status) add((n) => `status = ${n}`, filter.status);
  if (filter.owner) add((n) => `owner = ${n}`, filter.owner);
  if (filter.team) add((n) => `team = ${n}`, filter.team);
  if (filter.postmortemId !== undefined) add((n) => `postmortem_id = ${n}`, filter.postmortemId);
  if (filter.overdue) add((n) => `status IN ('open', 'in_progress') AND due_ms < ${n}`, filter.nowMs);
  params.push(filter.limit);
  return db.query<ActionItemRow>(
    `SELECT * FROM action_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY due_ms, id LIMIT $${params.length}`,
    params,
  );
}

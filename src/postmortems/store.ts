import { NinesError } from '../core/errors.ts';
import type { Queryable } from '../storage/index.ts';
import type { ActionItemRow, PostmortemRow } from './postmortem-row.ts';

/** The postmortem, locked for update when `lock` (inside a transaction). */
export async function loadPostmortem(db: Queryable, id: number, lock = false): Promise<PostmortemRow> {
  const [row] = await db.query<PostmortemRow>(
    `SELECT * FROM postmortems WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw new NinesError('not_found', `no postmortem ${id}`);
  return row;
}

export async function postmortemOfIncident(
  db: Queryable,
  incidentId: number,
): Promise<PostmortemRow | undefined> {
  const [row] = await db.query<PostmortemRow>('SELECT * FROM postmortems WHERE incident_id = $1', [
    incidentId,
  ]);
  return row;
}

export async function loadActionItem(db: Queryable, id: number, lock = false): Promise<ActionItemRow> {
  const [row] = await db.query<ActionItemRow>(
    `SELECT * FROM action_items WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw new NinesError('not_found', `no action item ${id}`);
  return row;
}

export async function actionItemsOf(db: Queryable, postmortemId: number): Promise<ActionItemRow[]> {
  return db.query<ActionItemRow>('SELECT * FROM action_items WHERE postmortem_id = $1 ORDER BY id', [
    postmortemId,
  ]);
}

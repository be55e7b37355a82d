import type { AppContext } from '../context/index.ts';
import { appendAudit } from '../storage/index.ts';
import { ownerAndTeam } from './action-item-owner.ts';
import type { ActionItemRow } from './postmortem-row.ts';
import type { ActionItemInput, ActionItemPatch } from './schema.ts';
import { loadActionItem, loadPostmortem } from './store.ts';

/** What action item verbs need: storage, time and the model (people and teams). */
export type ActionItemContext = Pick<AppContext, 'db' | 'clock' | 'model'>;

/** Adds an action item to a postmortem; the owner must be a person of the model. */
export async function createActionItem({
  ctx,
  postmortemId,
  input,
  actor,
}: {
  ctx: ActionItemContext;
  postmortemId: number;
  input: ActionItemInput;
  actor: string;
}): Promise<ActionItemRow> {
  const { owner, team } = ownerAndTeam(ctx.model, input.owner);
  return ctx.db.transaction(async (tx) => {
    await loadPostmortem(tx, postmortemId);
    const nowMs = ctx.clock.now();
    const [row] = await tx.query<ActionItemRow>(
      `INSERT INTO action_items (postmortem_id, title, owner, team, due_ms, priority, status, tracker_url, created_ms, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9) RETURNING *`,
      [
        postmortemId,
        input.title,
        owner,
        team,
        input.due,
        input.priority,
        input.trackerUrl ?? null,
        nowMs,
        actor,
      ],
    );
    const item = row as ActionItemRow;
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'action_item.create',
      target: `action_item:${item.id}`,
      details: { postmortem: postmortemId, owner, due: input.due, priority: input.priority },
    });
    return item;
  });
}

/** The item after a patch: done stamps `completed_ms`, leaving done clears it; a new owner brings their team. */
export function patchActionItem(
  item: ActionItemRow,
  patch: ActionItemPatch,
  options: { nowMs: number; model: ActionItemContext['model'] },
): ActionItemRow {
  const owner =
    patch.owner === undefined
      ? { owner: item.owner, team: item.team }
      : ownerAndTeam(options.model, patch.owner);
  const status = patch.status ?? item.status;
  const completed = status !== 'done' ? null : item.status === 'done' ? item.completed_ms : options.nowMs;
  return {
    ...item,
    ...owner,
    title: patch.title ?? item.title,
    due_ms: patch.due ?? item.due_ms,
    priority: patch.priority ?? item.priority,
    status,
    tracker_url: patch.trackerUrl === undefined ? item.tracker_url : patch.trackerUrl,
    completed_ms: completed,
  };
}

/** Edits an action item (status, due date, owner, priority, tracker link), audited. */
export async function updateActionItem({
  ctx,
  id,
  patch,
  actor,
}: {
  ctx: ActionItemContext;
  id: number;
  patch: ActionItemPatch;
  actor: string;
}): Promise<ActionItemRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await loadActionItem(tx, id, true);
    const nowMs = ctx.clock.now();
    const next = patchActionItem(current, patch, { nowMs, model: ctx.model });
    const [row] = await tx.query<ActionItemRow>(
      `UPDATE action_items SET title = $2, owner = $3, team = $4, due_ms = $5, priority = $6, status = $7,
         tracker_url = $8, completed_ms = $9 WHERE id = $1 RETURNING *`,
      [
        id,
        next.title,
        next.owner,
        next.team,
        next.due_ms,
        next.priority,
        next.status,
        next.tracker_url,
        next.completed_ms,
      ],
    );
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'action_item.update',
      target: `action_item:${id}`,
      details: {
        fields: Object.keys(patch),
        ...(patch.status ? { status: { from: current.status, to: next.status } } : {}),
      },
    });
    return row as ActionItemRow;
  });
}

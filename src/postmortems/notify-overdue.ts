import type { AppContext } from '../context/index.ts';
import { utcDate } from '../core/time-format.ts';
import type { NotificationMessage } from '../notify/index.ts';
import { enqueueDeliveries, personRecipient } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { ActionItemRow } from './postmortem-row.ts';

/** What the overdue job needs: storage, time, the model (owners' contacts) and the public URL for links. */
export type OverdueContext = Pick<AppContext, 'db' | 'clock' | 'model' | 'publicUrl'>;

type OverdueItem = ActionItemRow & { postmortem_title: string };

function overdueMessage(item: OverdueItem, publicUrl: string, nowMs: number): NotificationMessage {
  return {
    pageId: null,
    reference: `action item ${item.id}`,
    kind: 'action_item_overdue',
    severity: item.priority,
    service: null,
    summary: `Action item overdue: ${item.title} (due ${utcDate(item.due_ms)})`,
    details: [
      `Postmortem ${item.postmortem_id}: ${item.postmortem_title}`,
      `Due ${utcDate(item.due_ms)}, ${item.status.replace('_', ' ')}`,
      ...(item.tracker_url ? [`Tracker: ${item.tracker_url}`] : []),
    ],
    runbookUrl: null,
    ackUrl: null,
    pageUrl: `${publicUrl}/postmortems/${item.postmortem_id}`,
    level: null,
    occurredAtMs: nowMs,
  };
}

/** Reminds the owner of one item, re-read under lock: it may have been done since the scan. */
async function remind(tx: Queryable, ctx: OverdueContext, id: number): Promise<boolean> {
  const nowMs = ctx.clock.now();
  const [item] = await tx.query<OverdueItem>(
    `SELECT a.*, p.title AS postmortem_title FROM action_items a JOIN postmortems p ON p.id = a.postmortem_id
     WHERE a.id = $1 AND a.status IN ('open', 'in_progress') AND a.due_ms < $2 FOR UPDATE OF a`,
    [id, nowMs],
  );
  if (!item) return false;
  const queued = await enqueueDeliveries(tx, {
    pageId: null,
    actionItemId: item.id,
    recipients: [personRecipient(ctx.model, item.owner)],
    message: overdueMessage(item, ctx.publicUrl, nowMs),
    // One key per item and UTC day: the owner hears about it at most once a day, whatever the job's pace.
    keyPrefix: `action-item:${item.id}:overdue:${utcDate(nowMs)}`,
    nowMs,
  });
  if (queued > 0) {
    await tx.query('UPDATE action_items SET overdue_notified = overdue_notified + 1 WHERE id = $1', [
      item.id,
    ]);
  }
  return queued > 0;
}

/**
 * Queues a reminder to the owner of every open or in-progress action item past its due date, through
 * the paging outbox (the delivery worker sends it). Returns how many owners were reminded now.
 */
export async function notifyOverdueActionItems({
  ctx,
}: {
  ctx: OverdueContext;
}): Promise<{ reminded: number }> {
  const due = await ctx.db.query<{ id: number }>(
    "SELECT id FROM action_items WHERE status IN ('open', 'in_progress') AND due_ms < $1 ORDER BY due_ms, id",
    [ctx.clock.now()],
  );
  let reminded = 0;
  for (const { id } of due) {
    if (await ctx.db.transaction((tx) => remind(tx, ctx, id))) reminded++;
  }
  return { reminded };
}

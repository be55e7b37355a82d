import type { AppContext } from '../context/index.ts';
import type { Queryable } from '../storage/index.ts';
import { buildMessage, enqueueDeliveries } from './notifications.ts';
import { addPageEvent } from './page-events.ts';
import type { PageRow } from './page-row.ts';
import { personRecipient, resolveTargets } from './recipients.ts';

/** Pages whose timer is due, locked so that another node's escalation job skips them. */
const dueSql = `SELECT * FROM pages WHERE next_action_ms <= $1 AND status <> 'resolved'
  ORDER BY next_action_ms LIMIT 100 FOR UPDATE SKIP LOCKED`;

/** When the earliest page timer falls due (epoch ms), or null when no page waits on one. */
export async function nextEscalationDueMs(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ due: number | null }>(
    `SELECT MIN(next_action_ms) AS due FROM pages WHERE next_action_ms IS NOT NULL AND status <> 'resolved'`,
  );
  return row?.due ?? null;
}

/**
 * Acts on every page whose durable timer is due: ends snoozes, notifies the next escalation level (or
 * repeats the policy), and sets the next timer, all in one transaction with the queued deliveries. A
 * server killed mid-escalation finds the same timers on restart and acts on them then, once.
 */
export async function escalateDuePages({ ctx }: { ctx: AppContext }): Promise<number> {
  const nowMs = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const due = await tx.query<PageRow>(dueSql, [nowMs]);
    for (const page of due) await stepPage(ctx, tx, page, nowMs);
    return due.length;
  });
}

async function stepPage(ctx: AppContext, tx: Queryable, row: PageRow, nowMs: number): Promise<void> {
  let page = row;
  if (page.status === 'acknowledged') {
    if (page.snoozed_until_ms === null || page.snoozed_until_ms > nowMs) {
      await tx.query('UPDATE pages SET next_action_ms = NULL WHERE id = $1', [page.id]);
      return;
    }
    // A snooze ran out: the page triggers again from the first level.
    page = { ...page, status: 'triggered', level: 0, loop: 0, round: page.round + 1, snoozed_until_ms: null };
    await tx.query(
      `UPDATE pages SET status = 'triggered', level = 0, loop = 0, round = $2, snoozed_until_ms = NULL,
         acknowledged_ms = NULL, acknowledged_by = NULL WHERE id = $1`,
      [page.id, page.round],
    );
    await addPageEvent(tx, { pageId: page.id, atMs: nowMs, kind: 'snooze_ended', actor: 'nines' });
  }
  const policy = ctx.model.escalationPolicies.find((p) => p.name === page.escalation_policy);
  if (!policy) {
    await tx.query('UPDATE pages SET next_action_ms = NULL WHERE id = $1', [page.id]);
    await addPageEvent(tx, {
      pageId: page.id,
      atMs: nowMs,
      kind: 'no_escalation_policy',
      actor: 'nines',
      details: { policy: page.escalation_policy },
    });
    return;
  }
  let { level, loop } = page;
  if (level >= policy.levels.length) {
    if (loop >= policy.repeat) {
      await tx.query('UPDATE pages SET next_action_ms = NULL WHERE id = $1', [page.id]);
      await addPageEvent(tx, {
        pageId: page.id,
        atMs: nowMs,
        kind: 'escalation_exhausted',
        actor: 'nines',
        details: { levels: policy.levels.length, repeats: loop },
      });
      return;
    }
    level = 0;
    loop += 1;
  }
  const step = policy.levels[level];
  if (!step) return;
  const targets = await resolveTargets({ tx, model: ctx.model, targets: step.targets, atMs: nowMs });
  // A reassigned page goes to its assignee at every level, and to the level's targets from level 2 on.
  const recipients = page.assignee
    ? [personRecipient(ctx.model, page.assignee), ...(level > 0 ? targets : [])]
    : targets;
  const message = buildMessage({
    ctx,
    page,
    kind: level === 0 && loop === 0 && page.round === 0 ? 'page' : 'escalation',
    level: level + 1,
    nowMs,
  });
  const queued = await enqueueDeliveries(tx, {
    pageId: page.id,
    recipients,
    message,
    keyPrefix: `page:${page.id}:round:${page.round}:loop:${loop}:level:${level}`,
    nowMs,
    ackLinks: { ctx, page },
  });
  const unreachable = recipients.filter((r) => r.contacts.length === 0).map((r) => `${r.kind}:${r.name}`);
  if (unreachable.length > 0) {
    // Nothing can be sent to them: say so where people look (the page) and in the log; the escalation
    // goes on to the next level on its timer.
    await addPageEvent(tx, {
      pageId: page.id,
      atMs: nowMs,
      kind: 'unreachable',
      actor: 'nines',
      details: { level: level + 1, recipients: unreachable, reason: 'no contacts' },
    });
    ctx.logger.warn(
      { page: page.id, level: level + 1, recipients: unreachable },
      'page recipients have no contacts',
    );
  }
  await tx.query('UPDATE pages SET level = $2, loop = $3, next_action_ms = $4 WHERE id = $1', [
    page.id,
    level + 1,
    loop,
    nowMs + step.ackTimeoutMs,
  ]);
  await addPageEvent(tx, {
    pageId: page.id,
    atMs: nowMs,
    kind: 'escalated',
    actor: 'nines',
    details: { level: level + 1, loop, recipients: recipients.map((r) => r.name), deliveries: queued },
  });
}

import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import type { Queryable } from '../storage/index.ts';
import { buildMessage, enqueueDeliveries } from './notifications.ts';
import { addPageEvent } from './page-events.ts';
import type { PageRow } from './page-row.ts';
import { personRecipient } from './recipients.ts';

export type PageAction =
  /** `round`: only if the page is still in that round (a link acts on the round it was sent for). */
  | { action: 'ack'; round?: number; via?: string }
  | { action: 'resolve' }
  | { action: 'snooze'; durationMs: number }
  | { action: 'reassign'; person: string };

async function lockPage(tx: Queryable, id: number): Promise<PageRow> {
  const [page] = await tx.query<PageRow>('SELECT * FROM pages WHERE id = $1 FOR UPDATE', [id]);
  if (!page) throw new NinesError('not_found', `no page ${id}`);
  return page;
}

/** A link (or caller) acted on a round of the page that is over: the page was re-triggered since. */
export class EarlierRoundError extends NinesError {
  constructor(readonly page: PageRow) {
    super('conflict', `page ${page.id} was triggered again since: this is for an earlier round of the page`);
  }
}

function refuse(page: PageRow, what: string): never {
  throw new NinesError('conflict', `page ${page.id} is ${page.status}: cannot ${what}`);
}

/**
 * Acknowledges, resolves, snoozes or reassigns a page, recording who did it. Acknowledging stops the
 * escalation timer; snoozing acknowledges until a time, then the page triggers again; reassigning
 * notifies the new person now and restarts the acknowledgement timer.
 */
export async function actOnPage({
  ctx,
  pageId,
  input,
  actor,
}: {
  ctx: AppContext;
  pageId: number;
  input: PageAction;
  actor: string;
}): Promise<PageRow> {
  const nowMs = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const page = await lockPage(tx, pageId);
    switch (input.action) {
      case 'ack':
        if (input.round !== undefined && input.round !== page.round) throw new EarlierRoundError(page);
        if (page.status !== 'triggered') refuse(page, 'acknowledge');
        await tx.query(
          `UPDATE pages SET status = 'acknowledged', acknowledged_ms = $2, acknowledged_by = $3, next_action_ms = NULL WHERE id = $1`,
          [page.id, nowMs, actor],
        );
        await addPageEvent(tx, {
          pageId: page.id,
          atMs: nowMs,
          kind: 'acknowledged',
          actor,
          ...(input.via ? { details: { via: input.via } } : {}),
        });
        await ctx.hooks?.pageAcknowledged?.(tx, page, nowMs);
        break;
      case 'resolve':
        if (page.status === 'resolved') refuse(page, 'resolve');
        await resolvePage(tx, page, { actor, nowMs });
        break;
      case 'snooze': {
        if (page.status === 'resolved') refuse(page, 'snooze');
        if (!(input.durationMs >= 60_000 && input.durationMs <= 7 * 86_400_000)) {
          throw new NinesError('invalid_input', 'snooze duration must be between 1m and 7d', [
            { path: 'duration', message: 'between 1m and 7d' },
          ]);
        }
        const until = nowMs + input.durationMs;
        await tx.query(
          `UPDATE pages SET status = 'acknowledged', acknowledged_ms = COALESCE(acknowledged_ms, $2), acknowledged_by = COALESCE(acknowledged_by, $3),
             snoozed_until_ms = $4, next_action_ms = $4 WHERE id = $1`,
          [page.id, nowMs, actor, until],
        );
        await addPageEvent(tx, {
          pageId: page.id,
          atMs: nowMs,
          kind: 'snoozed',
          actor,
          details: { until: new Date(until).toISOString() },
        });
        await ctx.hooks?.pageAcknowledged?.(tx, page, nowMs);
        break;
      }
      case 'reassign': {
        if (page.status === 'resolved') refuse(page, 'reassign');
        if (!ctx.model.persons.some((p) => p.name === input.person)) {
          throw new NinesError('invalid_input', `unknown person "${input.person}"`, [
            { path: 'person', message: 'not a Person in the config' },
          ]);
        }
        const policy = ctx.model.escalationPolicies.find((p) => p.name === page.escalation_policy);
        const timeoutMs = policy?.levels[Math.max(0, page.level - 1)]?.ackTimeoutMs ?? null;
        // A new round: links sent before the reassignment no longer act on the page.
        const round = page.round + 1;
        await tx.query(
          `UPDATE pages SET assignee = $2, status = 'triggered', acknowledged_ms = NULL, acknowledged_by = NULL,
             snoozed_until_ms = NULL, next_action_ms = $3, round = $4 WHERE id = $1`,
          [page.id, input.person, timeoutMs === null ? null : nowMs + timeoutMs, round],
        );
        const reassigned = { ...page, assignee: input.person, status: 'triggered' as const, round };
        const count = await tx.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM page_events WHERE page_id = $1 AND kind = 'reassigned'",
          [page.id],
        );
        await enqueueDeliveries(tx, {
          pageId: page.id,
          recipients: [personRecipient(ctx.model, input.person)],
          message: buildMessage({
            ctx,
            page: reassigned,
            kind: 'page',
            level: null,
            details: [`Reassigned by ${actor}`],
            nowMs,
          }),
          keyPrefix: `page:${page.id}:reassign:${count[0]?.n ?? 0}`,
          nowMs,
          ackLinks: { ctx, page: reassigned },
        });
        await addPageEvent(tx, {
          pageId: page.id,
          atMs: nowMs,
          kind: 'reassigned',
          actor,
          details: { to: input.person },
        });
        break;
      }
    }
    return lockPage(tx, page.id);
  });
}

/** Resolves a page (by a person or automatically when its alerts resolve). */
export async function resolvePage(
  tx: Queryable,
  page: PageRow,
  options: { actor: string; nowMs: number },
): Promise<void> {
  await tx.query(
    `UPDATE pages SET status = 'resolved', resolved_ms = $2, resolved_by = $3, next_action_ms = NULL, snoozed_until_ms = NULL WHERE id = $1`,
    [page.id, options.nowMs, options.actor],
  );
  await addPageEvent(tx, { pageId: page.id, atMs: options.nowMs, kind: 'resolved', actor: options.actor });
}

import type { AppContext } from '../context/index.ts';
import {
  type ChannelSenders,
  givesUp,
  isDeliveryError,
  type NotificationMessage,
  nextAttemptAt,
  sendToContact,
} from '../notify/index.ts';
import type { ContactMethod } from '../specs/index.ts';
import { enqueueDeliveries } from './notifications.ts';
import { addPageEvent } from './page-events.ts';

interface DeliveryRow {
  id: number;
  page_id: number | null;
  idempotency_key: string;
  recipient: string;
  channel: ContactMethod['kind'];
  contact: ContactMethod;
  message: NotificationMessage;
  attempts: number;
}

/** At most this many deliveries are attempted per run; each has its own timeout, so one slow target delays none. */
const BATCH = 50;
/** How long a claimed delivery stays invisible to other runs; longer than any send's timeout. */
export const CLAIM_MS = 60_000;

/**
 * Sends queued deliveries that are due, in parallel. Success marks them sent; a retryable failure
 * schedules the next attempt with backoff; a permanent failure (or too many attempts) marks them failed
 * and queues a `channel_failing` notice to the page's team, the fallback.
 */
export async function deliverNotifications({
  ctx,
  channels,
  signal,
}: {
  ctx: AppContext;
  channels: ChannelSenders;
  signal?: AbortSignal;
}): Promise<number> {
  const nowMs = ctx.clock.now();
  // Claim due deliveries by pushing their next attempt a lease ahead, in one statement: another node (or
  // the next run) skips them while they are being sent, and picks them up again if this node dies.
  const due = await ctx.db.query<DeliveryRow>(
    `UPDATE deliveries SET next_attempt_ms = $2
     WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_ms <= $1
                  ORDER BY next_attempt_ms, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING id, page_id, idempotency_key, recipient, channel, contact, message, attempts`,
    [nowMs, nowMs + CLAIM_MS],
  );
  const secrets = (ref: { env: string }) => ctx.env[ref.env];
  await Promise.all(
    due.map(async (delivery) => {
      try {
        await sendToContact(channels, {
          target: delivery.contact,
          message: delivery.message,
          idempotencyKey: delivery.idempotency_key,
          secrets,
          signal: signal ?? new AbortController().signal,
        });
        await markSent(ctx, delivery);
      } catch (error) {
        await markFailed(ctx, delivery, error);
      }
    }),
  );
  return due.length;
}

async function markSent(ctx: AppContext, delivery: DeliveryRow): Promise<void> {
  const nowMs = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      "UPDATE deliveries SET status = 'sent', sent_ms = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1",
      [delivery.id, nowMs],
    );
    if (delivery.page_id !== null) {
      await addPageEvent(tx, {
        pageId: delivery.page_id,
        atMs: nowMs,
        kind: 'delivery_sent',
        actor: 'nines',
        details: {
          delivery: delivery.id,
          recipient: delivery.recipient,
          channel: delivery.channel,
          attempts: delivery.attempts + 1,
        },
      });
    }
  });
}

async function markFailed(ctx: AppContext, delivery: DeliveryRow, error: unknown): Promise<void> {
  const nowMs = ctx.clock.now();
  const attempts = delivery.attempts + 1;
  const reason = isDeliveryError(error) ? error.message : `unexpected: ${(error as Error).message}`;
  const retryable = isDeliveryError(error) && error.retryable && !givesUp(attempts);
  await ctx.db.transaction(async (tx) => {
    if (retryable) {
      const next = nextAttemptAt(attempts, nowMs, { jitterSeed: delivery.idempotency_key });
      await tx.query(
        'UPDATE deliveries SET attempts = $2, next_attempt_ms = $3, last_error = $4 WHERE id = $1',
        [delivery.id, attempts, next, reason],
      );
      return;
    }
    await tx.query("UPDATE deliveries SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1", [
      delivery.id,
      attempts,
      reason,
    ]);
    if (delivery.page_id === null) return;
    await addPageEvent(tx, {
      pageId: delivery.page_id,
      atMs: nowMs,
      kind: 'delivery_failed',
      actor: 'nines',
      details: {
        delivery: delivery.id,
        recipient: delivery.recipient,
        channel: delivery.channel,
        attempts,
        reason,
      },
    });
    if (delivery.message.kind === 'channel_failing') return;
    // The fallback: the page's team channel hears that this contact cannot be reached.
    const [page] = await tx.query<{ team: string | null }>('SELECT team FROM pages WHERE id = $1', [
      delivery.page_id,
    ]);
    const team = ctx.model.teams.find((t) => t.name === page?.team);
    const contacts = (team?.contacts ?? []).filter(
      (c) => JSON.stringify(c) !== JSON.stringify(delivery.contact),
    );
    if (!team || contacts.length === 0) return;
    await enqueueDeliveries(tx, {
      pageId: delivery.page_id,
      recipients: [{ name: team.name, kind: 'team', contacts }],
      message: {
        ...delivery.message,
        kind: 'channel_failing',
        details: [
          `Could not notify ${delivery.recipient} by ${delivery.channel}: ${reason}`,
          ...delivery.message.details,
        ],
        occurredAtMs: nowMs,
      },
      keyPrefix: `fallback:${delivery.id}`,
      nowMs,
    });
  });
}

import { type AppContext, wakeAfterCommit } from '../context/index.ts';
import {
  type ChannelSenders,
  givesUp,
  isDeliveryError,
  type NotificationMessage,
  nextAttemptAt,
  sendToContact,
} from '../notify/index.ts';
import type { ContactMethod } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { ackUrlFor, enqueueDeliveries } from './notifications.ts';
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

/** How many deliveries one node sends at once, and how many of those may wait on one receiver. */
export interface DeliveryLimits {
  total: number;
  perReceiver: number;
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryLimits = { total: 64, perReceiver: 4 };
/** How long a claimed delivery stays invisible to other runs; longer than any send's timeout. */
export const CLAIM_MS = 60_000;

/**
 * The deliveries this node is sending, owned by the delivery job: each attempt is its own task, so a
 * receiver that never answers holds only its own slots (`perReceiver`) until its attempts time out.
 */
export interface DeliverySlots {
  limits: DeliveryLimits;
  /** Ids being sent now; never claimed again while here. */
  ids: Set<number>;
  /** Attempts in flight per receiver (see `receiverOf`). */
  perReceiver: Map<string, number>;
  /** The attempts themselves (and passes started when one ended), so a shutdown can wait for them. */
  inflight: Set<Promise<void>>;
  /** A pass is choosing and claiming now; `again`: a slot was freed meanwhile, make one more. */
  dispatching: boolean;
  again: boolean;
}

export function newDeliverySlots(limits: DeliveryLimits = DEFAULT_DELIVERY_LIMITS): DeliverySlots {
  return {
    limits,
    ids: new Set(),
    perReceiver: new Map(),
    inflight: new Set(),
    dispatching: false,
    again: false,
  };
}

/** When the earliest pending delivery falls due (epoch ms; a claimed one at its claim's end), or null. */
export async function nextDeliveryDueMs(db: Queryable): Promise<number | null> {
  const [row] = await db.query<{ due: number | null }>(
    `SELECT MIN(next_attempt_ms) AS due FROM deliveries WHERE status = 'pending'`,
  );
  return row?.due ?? null;
}

/** Who answers a contact: the origin of a webhook URL, the Slack webhook, the SMTP server for e-mail. */
export function receiverOf(contact: ContactMethod): string {
  switch (contact.kind) {
    case 'email':
      return 'email';
    case 'slack':
      return typeof contact.webhookUrl === 'string'
        ? `slack:${originOf(contact.webhookUrl)}`
        : `slack:env:${contact.webhookUrl.env}`;
    case 'webhook':
      return `webhook:${originOf(contact.url)}`;
  }
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url;
}

/**
 * Starts sending the queued deliveries that are due, as independent tasks, as far as free slots allow:
 * success marks them sent; a retryable failure schedules the next attempt with backoff; a permanent
 * failure (or too many attempts) marks them failed and queues a `channel_failing` notice to the page's
 * team, the fallback. With `slots` (the job's), it returns once the attempts are started; without, it
 * uses slots of its own and returns when its attempts have ended. Returns how many it started.
 */
export async function deliverNotifications({
  ctx,
  channels,
  signal,
  slots,
}: {
  ctx: AppContext;
  channels: ChannelSenders;
  signal?: AbortSignal;
  slots?: DeliverySlots;
}): Promise<number> {
  if (!slots) {
    const own = newDeliverySlots();
    const started = await dispatch({ ctx, channels, slots: own, signal });
    await Promise.all(own.inflight);
    return started;
  }
  // One pass at a time over the node's slots; a slot freed during a pass asks for one more.
  if (slots.dispatching) {
    slots.again = true;
    return 0;
  }
  slots.dispatching = true;
  let started = 0;
  try {
    do {
      slots.again = false;
      started += await dispatch({ ctx, channels, slots, signal, onFree: () => kick() });
    } while (slots.again && !signal?.aborted);
  } finally {
    slots.dispatching = false;
  }
  return started;

  // A freed slot is filled at once rather than at the job's next run, so a receiver's throughput is its
  // slots over its answer time, not its slots per run.
  function kick(): void {
    if (signal?.aborted || !slots) return;
    const pass = deliverNotifications({ ctx, channels, signal, slots }).then(
      () => {},
      (error) => ctx.logger.error({ err: error }, 'delivery pass failed'),
    );
    slots.inflight.add(pass);
    void pass.finally(() => slots.inflight.delete(pass));
  }
}

/** Claims what is due and has room, and starts it; returns how many it started. */
async function dispatch(options: {
  ctx: AppContext;
  channels: ChannelSenders;
  slots: DeliverySlots;
  signal: AbortSignal | undefined;
  onFree?: () => void;
}): Promise<number> {
  const { ctx, slots } = options;
  const nowMs = ctx.clock.now();
  const chosen = await chooseDue(ctx, slots, nowMs);
  if (chosen.length === 0) return 0;
  // Claim them by pushing their next attempt a lease ahead: another node (or a later run) skips them while
  // they are being sent, and picks them up again if this node dies. The conditions are checked again, so a
  // delivery another node claimed meanwhile is left to it.
  const params = chosen.map((_, index) => `$${index + 3}`).join(', ');
  const claimed = await ctx.db.query<DeliveryRow>(
    `UPDATE deliveries SET next_attempt_ms = $2
     WHERE id IN (${params}) AND status = 'pending' AND next_attempt_ms <= $1
     RETURNING id, page_id, idempotency_key, recipient, channel, contact, message, attempts`,
    [nowMs, nowMs + CLAIM_MS, ...chosen],
  );
  const shutdown = options.signal ?? new AbortController().signal;
  for (const delivery of claimed) start(ctx, options.channels, slots, delivery, shutdown, options.onFree);
  return claimed.length;
}

/**
 * Due deliveries (oldest first) whose receiver has a free slot, up to the free slots overall. It reads the
 * distinct contacts with something due first (few: they come from the config), then the oldest rows of
 * each contact whose receiver has room, so a long backlog on a hung receiver is never read, let alone
 * allowed to crowd out the others.
 */
async function chooseDue(ctx: AppContext, slots: DeliverySlots, nowMs: number): Promise<number[]> {
  const free = slots.limits.total - slots.ids.size;
  if (free <= 0) return [];
  const contacts = await ctx.db.query<{ contact: ContactMethod }>(
    `SELECT contact FROM deliveries WHERE status = 'pending' AND next_attempt_ms <= $1 GROUP BY contact`,
    [nowMs],
  );
  const room = new Map<string, number>();
  const roomOf = (receiver: string) =>
    room.get(receiver) ?? slots.limits.perReceiver - (slots.perReceiver.get(receiver) ?? 0);
  const candidates: Array<{ id: number; atMs: number; receiver: string }> = [];
  for (const { contact } of contacts) {
    const receiver = receiverOf(contact);
    const left = roomOf(receiver);
    room.set(receiver, left);
    if (left <= 0) continue;
    const rows = await ctx.db.query<{ id: number; next_attempt_ms: number }>(
      `SELECT id, next_attempt_ms FROM deliveries
       WHERE status = 'pending' AND next_attempt_ms <= $1 AND contact = $2::jsonb
       ORDER BY next_attempt_ms, id LIMIT $3`,
      [nowMs, JSON.stringify(contact), left + slots.ids.size],
    );
    for (const row of rows) {
      const id = Number(row.id);
      if (!slots.ids.has(id)) candidates.push({ id, atMs: Number(row.next_attempt_ms), receiver });
    }
  }
  candidates.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  const chosen: number[] = [];
  for (const candidate of candidates) {
    if (chosen.length >= free) break;
    const left = room.get(candidate.receiver) ?? 0;
    if (left <= 0) continue;
    room.set(candidate.receiver, left - 1);
    chosen.push(candidate.id);
  }
  return chosen;
}

function start(
  ctx: AppContext,
  channels: ChannelSenders,
  slots: DeliverySlots,
  delivery: DeliveryRow,
  signal: AbortSignal,
  onFree: (() => void) | undefined,
): void {
  const id = Number(delivery.id);
  const receiver = receiverOf(delivery.contact);
  slots.ids.add(id);
  slots.perReceiver.set(receiver, (slots.perReceiver.get(receiver) ?? 0) + 1);
  const task = attempt(ctx, channels, delivery, signal)
    .catch((error) => ctx.logger.error({ err: error, delivery: id }, 'delivery outcome not recorded'))
    .finally(() => {
      slots.ids.delete(id);
      const left = (slots.perReceiver.get(receiver) ?? 1) - 1;
      if (left > 0) slots.perReceiver.set(receiver, left);
      else slots.perReceiver.delete(receiver);
      slots.inflight.delete(task);
      onFree?.();
    });
  slots.inflight.add(task);
}

async function attempt(
  ctx: AppContext,
  channels: ChannelSenders,
  delivery: DeliveryRow,
  signal: AbortSignal,
): Promise<void> {
  try {
    await sendToContact(channels, {
      target: delivery.contact,
      message: delivery.message,
      idempotencyKey: delivery.idempotency_key,
      secrets: (ref) => ctx.env[ref.env],
      signal,
    });
  } catch (error) {
    await markFailed(ctx, delivery, error);
    return;
  }
  await markSent(ctx, delivery);
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
      wakeAfterCommit('deliver', next);
      return;
    }
    await tx.query("UPDATE deliveries SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1", [
      delivery.id,
      attempts,
      reason,
    ]);
    ctx.logger.warn(
      {
        delivery: delivery.id,
        page: delivery.page_id,
        recipient: delivery.recipient,
        channel: delivery.channel,
        reason,
      },
      'notification failed for good',
    );
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
    const [page] = await tx.query<{ id: number; team: string | null; round: number }>(
      'SELECT id, team, round FROM pages WHERE id = $1',
      [delivery.page_id],
    );
    const team = ctx.model.teams.find((t) => t.name === page?.team);
    const contacts = (team?.contacts ?? []).filter(
      (c) => JSON.stringify(c) !== JSON.stringify(delivery.contact),
    );
    if (!team || contacts.length === 0) {
      await addPageEvent(tx, {
        pageId: delivery.page_id,
        atMs: nowMs,
        kind: 'fallback_unavailable',
        actor: 'nines',
        details: { delivery: delivery.id, recipient: delivery.recipient, team: page?.team ?? null },
      });
      ctx.logger.warn(
        { page: delivery.page_id, recipient: delivery.recipient, team: page?.team ?? null },
        'no team contact to fall back to',
      );
      return;
    }
    await enqueueDeliveries(tx, {
      pageId: delivery.page_id,
      recipients: [{ name: team.name, kind: 'team', contacts }],
      message: {
        ...delivery.message,
        kind: 'channel_failing',
        // The person's own link would record them as acknowledging; the team's names nobody.
        ackUrl: delivery.message.ackUrl === null || !page ? null : ackUrlFor({ ctx, page, nowMs }),
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

import { type AppContext, wakeAfterCommit } from '../context/index.ts';
import { type NotificationMessage, signAction } from '../notify/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { PageRow } from './page-row.ts';
import type { Recipient } from './recipients.ts';

/** Acknowledgement links stay valid this long. */
export const ACK_LINK_TTL_MS = 24 * 3_600_000;

/**
 * The signed link that acknowledges this round of `page` without logging in; `person` is who it is sent
 * to (recorded as the one who acknowledged), absent for a team's channel.
 */
export function ackUrlFor(options: {
  ctx: Pick<AppContext, 'linkSecret' | 'publicUrl'>;
  page: Pick<PageRow, 'id' | 'round'>;
  person?: string;
  nowMs: number;
}): string {
  const token = signAction({
    pageId: String(options.page.id),
    action: 'ack',
    expiresAtMs: options.nowMs + ACK_LINK_TTL_MS,
    secret: options.ctx.linkSecret,
    round: options.page.round,
    recipient: options.person ?? null,
  });
  return `${options.ctx.publicUrl}/ack/${token}`;
}

/** The message about `page` for `kind`, with a signed link that acknowledges it without logging in. */
export function buildMessage(options: {
  ctx: AppContext;
  page: PageRow;
  kind: NotificationMessage['kind'];
  level: number | null;
  details?: string[];
  nowMs: number;
}): NotificationMessage {
  const { ctx, page, nowMs } = options;
  const service = page.service ? ctx.model.services.find((s) => s.name === page.service) : undefined;
  return {
    pageId: String(page.id),
    reference: `page ${page.id}`,
    kind: options.kind,
    severity: page.severity,
    service: page.service,
    summary: page.summary,
    details: options.details ?? [],
    runbookUrl: service?.runbook ?? null,
    ackUrl: page.status === 'resolved' ? null : ackUrlFor({ ctx, page, nowMs }),
    pageUrl: `${ctx.publicUrl}/pages/${page.id}`,
    level: options.level,
    occurredAtMs: nowMs,
  };
}

/**
 * Queues one delivery per recipient contact, in the caller's transaction. The idempotency key makes a
 * repeated decision (a retried transaction, a restart) a no-op instead of a second notification.
 */
export async function enqueueDeliveries(
  tx: Queryable,
  options: {
    pageId: number | null;
    /** What the notification is about when it is not a page (an incident's cadence, an action item). */
    incidentId?: number;
    actionItemId?: number;
    recipients: Recipient[];
    message: NotificationMessage;
    keyPrefix: string;
    nowMs: number;
    /** Gives each person their own acknowledgement link (naming them) when the message has one. */
    ackLinks?: { ctx: Pick<AppContext, 'linkSecret' | 'publicUrl'>; page: Pick<PageRow, 'id' | 'round'> };
  },
): Promise<number> {
  let queued = 0;
  const { ackLinks } = options;
  for (const recipient of options.recipients) {
    const message =
      ackLinks && options.message.ackUrl !== null && recipient.kind === 'person'
        ? {
            ...options.message,
            ackUrl: ackUrlFor({ ...ackLinks, person: recipient.name, nowMs: options.nowMs }),
          }
        : options.message;
    for (const [index, contact] of recipient.contacts.entries()) {
      const key = `${options.keyPrefix}:${recipient.kind}:${recipient.name}:${index}`;
      const rows = await tx.query(
        `INSERT INTO deliveries (page_id, idempotency_key, recipient, channel, contact, message, status, next_attempt_ms, created_ms,
           incident_id, action_item_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          options.pageId,
          key,
          `${recipient.kind}:${recipient.name}`,
          contact.kind,
          JSON.stringify(contact),
          JSON.stringify(message),
          options.nowMs,
          options.incidentId ?? null,
          options.actionItemId ?? null,
        ],
      );
      queued += rows.length;
    }
  }
  if (queued > 0) wakeAfterCommit('deliver', options.nowMs);
  return queued;
}

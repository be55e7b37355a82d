import type { AppContext } from '../context/index.ts';
import { personRecipient, type Recipient } from '../paging/index.ts';
import { incidentPolicyOf } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { notifyAboutIncident, owningTeams } from './announce.ts';
import { dueCadenceAction } from './cadence.ts';
import { addIncidentEvent } from './incident-events.ts';
import type { IncidentRow } from './incident-row.ts';

/**
 * The cadence job: reminds the communications lead when a status update is due and, once it is late,
 * records the miss, tells the lead and the commander, and starts the next period from the due time.
 * Reminders go through the notification outbox with idempotency keys, so a rerun never sends twice.
 */
export async function remindStatusUpdates({ ctx }: { ctx: AppContext }): Promise<number> {
  const nowMs = ctx.clock.now();
  const due = await ctx.db.query<{ id: number }>(
    `SELECT id FROM incidents WHERE status <> 'resolved'
       AND ((update_remind_ms IS NOT NULL AND update_remind_ms <= $1) OR (update_due_ms IS NOT NULL AND update_due_ms <= $1))
     ORDER BY id LIMIT 100`,
    [nowMs],
  );
  let acted = 0;
  for (const { id } of due) {
    const done = await ctx.db.transaction(async (tx) => {
      const [incident] = await tx.query<IncidentRow>(
        "SELECT * FROM incidents WHERE id = $1 AND status <> 'resolved' FOR UPDATE",
        [id],
      );
      if (!incident) return false;
      const action = dueCadenceAction(incident, nowMs);
      if (action === 'none') return false;
      await (action === 'remind' ? remind : markOverdue)(ctx, tx, incident, nowMs);
      return true;
    });
    if (done) acted += 1;
  }
  return acted;
}

async function remind(ctx: AppContext, tx: Queryable, incident: IncidentRow, nowMs: number): Promise<void> {
  const recipients = updateRecipients(ctx, incident, false);
  await notify(ctx, tx, { incident, recipients, nowMs, stage: 'remind' });
  await tx.query('UPDATE incidents SET update_remind_ms = NULL WHERE id = $1', [incident.id]);
  await addIncidentEvent(tx, {
    incidentId: incident.id,
    atMs: nowMs,
    kind: 'update_reminder',
    actor: 'nines',
    details: {
      dueAt: new Date(incident.update_due_ms ?? nowMs).toISOString(),
      to: recipients.map((r) => r.name),
    },
  });
}

async function markOverdue(ctx: AppContext, tx: Queryable, incident: IncidentRow, nowMs: number) {
  const recipients = updateRecipients(ctx, incident, true);
  await notify(ctx, tx, { incident, recipients, nowMs, stage: 'overdue' });
  const dueMs = incident.update_due_ms as number;
  const cadence = incidentPolicyOf(ctx.model).updateCadence[incident.severity];
  // The next period runs from the missed due time, so a silent incident is reminded at the same rhythm.
  await tx.query(
    'UPDATE incidents SET update_remind_ms = $2, update_due_ms = $3, cadence_round = cadence_round + 1 WHERE id = $1',
    [
      incident.id,
      cadence ? Math.max(nowMs, dueMs + cadence.remindAfterMs) : null,
      cadence ? Math.max(nowMs, dueMs + cadence.dueAfterMs) : null,
    ],
  );
  await addIncidentEvent(tx, {
    incidentId: incident.id,
    atMs: nowMs,
    kind: 'update_overdue',
    actor: 'nines',
    details: { dueAt: new Date(dueMs).toISOString(), to: recipients.map((r) => r.name) },
  });
}

/** The communications lead (the commander when there is none; both once late), else the owning team. */
function updateRecipients(ctx: AppContext, incident: IncidentRow, late: boolean): Recipient[] {
  const { model } = ctx.engine;
  const people = [
    incident.roles.communications,
    late || !incident.roles.communications ? incident.roles.commander : undefined,
  ];
  const named = [...new Set(people.filter((p): p is string => Boolean(p)))].map((p) =>
    personRecipient(model, p),
  );
  return named.length > 0 ? named : owningTeams(ctx, incident);
}

async function notify(
  ctx: AppContext,
  tx: Queryable,
  options: { incident: IncidentRow; recipients: Recipient[]; nowMs: number; stage: 'remind' | 'overdue' },
): Promise<void> {
  const { incident, nowMs } = options;
  const dueMs = incident.update_due_ms ?? nowMs;
  const last =
    incident.last_update_ms === null ? 'none yet' : new Date(incident.last_update_ms).toISOString();
  await notifyAboutIncident(ctx, tx, {
    incident,
    kind: 'update_due',
    summary: `${options.stage === 'overdue' ? 'Status update overdue' : 'Status update due'}: ${incident.title}`,
    details: [
      `Due by ${new Date(dueMs).toISOString()}`,
      `Last update: ${last}`,
      `Status: ${incident.status}`,
    ],
    recipients: options.recipients,
    key: `update:${incident.cadence_round}:${options.stage}`,
    nowMs,
  });
}

import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { incidentPolicyOf } from '../specs/index.ts';
import { publishOnFirstPublicUpdate } from './auto-declare.ts';
import { cadenceTimers } from './cadence.ts';
import { addIncidentEvent } from './incident-events.ts';
import type { IncidentStatus, StatusUpdateRow } from './incident-row.ts';
import { lockIncident } from './store.ts';
import { applyStatus } from './update-incident.ts';

/**
 * Adds a note to the timeline. Notes are never edited or deleted: a correction is a new note naming the
 * event it corrects (which must belong to the same incident).
 */
export async function addNote(options: {
  ctx: AppContext;
  incidentId: number;
  actor: string;
  text: string;
  corrects?: number;
}): Promise<{ id: number }> {
  const { ctx, incidentId } = options;
  const nowMs = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockIncident(tx, incidentId);
    if (options.corrects !== undefined) {
      const [target] = await tx.query('SELECT 1 FROM incident_events WHERE id = $1 AND incident_id = $2', [
        options.corrects,
        incidentId,
      ]);
      if (!target) {
        throw new NinesError('invalid_input', `incident ${incidentId} has no event ${options.corrects}`, [
          { path: 'corrects', message: 'an event id of this incident’s timeline (incident:<id>)' },
        ]);
      }
    }
    const id = await addIncidentEvent(tx, {
      incidentId,
      atMs: nowMs,
      kind: options.corrects === undefined ? 'note' : 'correction',
      actor: options.actor,
      details: { text: options.text },
      corrects: options.corrects,
    });
    return { id };
  });
}

/**
 * Posts a status update for the incident's audience (public ones reach the status page), records whether
 * it came before the cadence's due time, restarts the cadence, and moves the incident to the update's
 * status when it differs (an update saying `resolved` resolves the incident).
 */
export async function postStatusUpdate(options: {
  ctx: AppContext;
  incidentId: number;
  actor: string;
  message: string;
  status?: IncidentStatus;
  public?: boolean;
}): Promise<StatusUpdateRow> {
  const { ctx, incidentId, actor } = options;
  const nowMs = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const before = await lockIncident(tx, incidentId);
    const status = options.status ?? before.status;
    if (before.status === 'resolved' && status === 'resolved') {
      throw new NinesError(
        'conflict',
        `incident ${incidentId} is resolved: reopen it before posting updates`,
      );
    }
    const onTime = before.update_due_ms === null ? null : nowMs <= before.update_due_ms;
    const [update] = await tx.query<StatusUpdateRow>(
      `INSERT INTO status_updates (incident_id, at_ms, status, message, public, posted_by, due_ms, on_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        incidentId,
        nowMs,
        status,
        options.message,
        options.public ?? true,
        actor,
        before.update_due_ms,
        onTime,
      ],
    );
    if (!update) throw new Error('status update insert returned nothing');
    const timers = cadenceTimers({
      policy: incidentPolicyOf(ctx.model),
      severity: before.severity,
      status,
      sinceMs: nowMs,
    });
    await tx.query(
      'UPDATE incidents SET last_update_ms = $2, update_remind_ms = $3, update_due_ms = $4, cadence_round = cadence_round + 1 WHERE id = $1',
      [incidentId, nowMs, timers.update_remind_ms, timers.update_due_ms],
    );
    await addIncidentEvent(tx, {
      incidentId,
      atMs: nowMs,
      kind: 'status_update',
      actor,
      details: { update: update.id, status, message: options.message, public: update.public, onTime },
    });
    await publishOnFirstPublicUpdate(ctx, tx, { incident: before, update, actor, nowMs });
    // After the update, so a resolution's postmortem draft sees it in the timeline.
    if (status !== before.status) await applyStatus(ctx, tx, { incidentId, actor, status });
    return update;
  });
}

import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { getDeploy } from '../deploys/index.ts';
import { type IncidentSeverity, incidentPolicyOf } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { announceIncident } from './announce.ts';
import { blastRadius } from './blast-radius.ts';
import { cadenceTimers } from './cadence.ts';
import { addIncidentEvent } from './incident-events.ts';
import type { IncidentRow, IncidentStatus } from './incident-row.ts';
import { changeStatus } from './lifecycle.ts';
import { checkServices, lockIncident } from './store.ts';

export interface IncidentChanges {
  title?: string;
  summary?: string;
  severity?: IncidentSeverity;
  /** Why the severity changed; recorded with the change. */
  reason?: string;
  services?: string[];
  public?: boolean;
  publicTitle?: string | null;
  dataLoss?: boolean;
  tags?: string[];
  /** Onset of impact, when it turns out to be earlier than recorded (never after detection). */
  startedAtMs?: number;
  /** The deploy that caused it (null: none); it counts in the change failure rate. */
  causeDeploy?: number | null;
}

type Ctx = { ctx: AppContext; incidentId: number; actor: string };

/** Edits an incident's fields; each change is a timeline event. Severity changes restart the update cadence. */
export async function updateIncident({
  ctx,
  incidentId,
  actor,
  changes,
}: Ctx & { changes: IncidentChanges }) {
  const nowMs = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    const event = (kind: 'severity_changed' | 'services_changed' | 'details_changed', details: object) =>
      addIncidentEvent(tx, { incidentId, atMs: nowMs, kind, actor, details: { ...details } });
    if (changes.severity && changes.severity !== incident.severity) {
      const timers = cadenceTimers({
        policy: incidentPolicyOf(ctx.model),
        severity: changes.severity,
        status: incident.status,
        sinceMs: incident.last_update_ms ?? incident.declared_ms,
      });
      await tx.query(
        'UPDATE incidents SET severity = $2, update_remind_ms = $3, update_due_ms = $4 WHERE id = $1',
        [incidentId, changes.severity, timers.update_remind_ms, timers.update_due_ms],
      );
      await event('severity_changed', {
        from: incident.severity,
        to: changes.severity,
        ...(changes.reason ? { reason: changes.reason } : {}),
      });
    }
    if (changes.services) {
      checkServices(ctx.model, changes.services);
      const next = [...new Set(changes.services)];
      const added = next.filter((s) => !incident.services.includes(s));
      const removed = incident.services.filter((s) => !next.includes(s));
      if (added.length + removed.length > 0) {
        const radius = blastRadius(next, ctx.model.services);
        await tx.query('UPDATE incidents SET services = $2, blast_radius = $3 WHERE id = $1', [
          incidentId,
          JSON.stringify(next),
          JSON.stringify(radius),
        ]);
        await event('services_changed', { added, removed, services: next, blastRadius: radius });
      }
    }
    if (changes.startedAtMs !== undefined && changes.startedAtMs > incident.detected_ms) {
      throw new NinesError('invalid_input', 'the onset of impact cannot be after its detection', [
        {
          path: 'startedAt',
          message: `must be at or before ${new Date(incident.detected_ms).toISOString()}`,
        },
      ]);
    }
    if (changes.causeDeploy !== undefined && changes.causeDeploy !== incident.cause_deploy_id) {
      const deploy = changes.causeDeploy === null ? null : await getDeploy(tx, changes.causeDeploy);
      if (changes.causeDeploy !== null && !deploy) {
        throw new NinesError('invalid_input', `no deploy ${changes.causeDeploy}`, [
          { path: 'causeDeploy', message: 'must name a recorded deploy' },
        ]);
      }
      await tx.query('UPDATE incidents SET cause_deploy_id = $2 WHERE id = $1', [
        incidentId,
        changes.causeDeploy,
      ]);
      await addIncidentEvent(tx, {
        incidentId,
        atMs: nowMs,
        kind: 'cause_changed',
        actor,
        details: deploy
          ? { deploy: deploy.id, service: deploy.service, version: deploy.version }
          : { deploy: null, previous: incident.cause_deploy_id },
      });
    }
    const fields = detailChanges(incident, changes);
    if (Object.keys(fields).length > 0) {
      const columns = Object.keys(fields);
      await tx.query(
        `UPDATE incidents SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [incidentId, ...columns.map((c) => jsonColumn(c, fields[c]))],
      );
      await event('details_changed', { changed: fields });
    }
    return lockIncident(tx, incidentId);
  });
}

/** The plain columns that change, keyed by column name. */
function detailChanges(incident: IncidentRow, changes: IncidentChanges): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (changes.title !== undefined && changes.title !== incident.title) fields.title = changes.title;
  if (changes.summary !== undefined && changes.summary !== incident.summary) fields.summary = changes.summary;
  if (changes.public !== undefined && changes.public !== incident.public) fields.public = changes.public;
  if (changes.publicTitle !== undefined && changes.publicTitle !== incident.public_title)
    fields.public_title = changes.publicTitle;
  if (changes.dataLoss !== undefined && changes.dataLoss !== incident.data_loss)
    fields.data_loss = changes.dataLoss;
  if (changes.tags !== undefined && JSON.stringify(changes.tags) !== JSON.stringify(incident.tags))
    fields.tags = changes.tags;
  if (changes.startedAtMs !== undefined && changes.startedAtMs !== incident.started_ms)
    fields.started_ms = changes.startedAtMs;
  return fields;
}

function jsonColumn(column: string, value: unknown): unknown {
  return column === 'tags' ? JSON.stringify(value) : value;
}

/** Moves an incident through its lifecycle (see `changeStatus`); resolving drafts its postmortem. */
export async function setIncidentStatus({
  ctx,
  incidentId,
  actor,
  status,
  reason,
}: Ctx & { status: IncidentStatus; reason?: string }): Promise<IncidentRow> {
  return ctx.db.transaction(async (tx) => {
    await applyStatus(ctx, tx, { incidentId, actor, status, reason });
    return lockIncident(tx, incidentId);
  });
}

/** The status change inside a transaction, shared with status updates that carry a new status. */
export async function applyStatus(
  ctx: AppContext,
  tx: Queryable,
  options: { incidentId: number; actor: string; status: IncidentStatus; reason?: string },
): Promise<void> {
  const nowMs = ctx.clock.now();
  const incident = await lockIncident(tx, options.incidentId);
  const milestones = changeStatus({
    id: incident.id,
    from: incident.status,
    to: options.status,
    reason: options.reason,
    milestones: incident,
    nowMs,
  });
  const reopened = incident.status === 'resolved';
  const timers = cadenceTimers({
    policy: incidentPolicyOf(ctx.model),
    severity: incident.severity,
    status: options.status,
    sinceMs: reopened ? nowMs : (incident.last_update_ms ?? incident.declared_ms),
  });
  await tx.query(
    `UPDATE incidents SET status = $2, identified_ms = $3, mitigated_ms = $4, resolved_ms = $5,
       update_remind_ms = $6, update_due_ms = $7 WHERE id = $1`,
    [
      incident.id,
      options.status,
      milestones.identified_ms,
      milestones.mitigated_ms,
      milestones.resolved_ms,
      timers.update_remind_ms,
      timers.update_due_ms,
    ],
  );
  await addIncidentEvent(tx, {
    incidentId: incident.id,
    atMs: nowMs,
    kind: reopened ? 'reopened' : 'status_changed',
    actor: options.actor,
    details: {
      from: incident.status,
      to: options.status,
      ...(options.reason ? { reason: options.reason } : {}),
    },
  });
  if (options.status === 'resolved') {
    const [reopenings] = await tx.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND kind = 'reopened'",
      [incident.id],
    );
    const resolved = await lockIncident(tx, incident.id);
    await announceIncident(ctx, tx, {
      incident: resolved,
      kind: 'incident_resolved',
      round: reopenings?.n ?? 0,
      nowMs,
    });
    await ctx.hooks?.incidentResolved?.(tx, incident.id);
  }
}

import type { AppContext } from '../context/index.ts';
import { addIncidentEvent, incidentTimeline, loadIncident } from '../incidents/index.ts';
import { incidentPolicyOf } from '../specs/index.ts';
import { appendAudit, type Queryable } from '../storage/index.ts';
import { budgetImpact } from './budget-impact.ts';
import { draftDocument } from './document.ts';
import type { PostmortemRow } from './postmortem-row.ts';
import { postmortemRequirement } from './requirement.ts';
import { postmortemOfIncident } from './store.ts';

/** What `draftPostmortem` needs: storage, time and the engine (for the SLOs of the affected services). */
export type PostmortemContext = Pick<AppContext, 'db' | 'clock' | 'engine' | 'model'>;

/** The postmortem of an incident, drafted now unless it has one; `created` says which. */
async function draftIn(
  tx: Queryable,
  ctx: PostmortemContext,
  incidentId: number,
  actor: string,
): Promise<{ postmortem: PostmortemRow; created: boolean }> {
  const existing = await postmortemOfIncident(tx, incidentId);
  if (existing) return { postmortem: existing, created: false };
  const incident = await loadIncident(tx, incidentId);
  const nowMs = ctx.clock.now();
  const impacts = await budgetImpact({
    db: tx,
    engine: ctx.engine,
    services: incident.services,
    fromMs: incident.started_ms,
    toMs: incident.resolved_ms ?? nowMs,
  });
  const policy = incidentPolicyOf(ctx.model);
  const requirement = postmortemRequirement(
    { severity: incident.severity, dataLoss: incident.data_loss },
    impacts,
    policy.postmortem,
  );
  const document = draftDocument({
    incident,
    impacts,
    timeline: await incidentTimeline(tx, incidentId),
    nowMs,
  });
  const [row] = await tx.query<PostmortemRow>(
    `INSERT INTO postmortems (incident_id, status, required, required_reasons, title, document, services, tags,
       created_ms, updated_ms, updated_by)
     VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $8, $9)
     ON CONFLICT (incident_id) DO NOTHING RETURNING *`,
    [
      incidentId,
      requirement.required,
      JSON.stringify(requirement.reasons),
      incident.title,
      JSON.stringify(document),
      JSON.stringify(incident.services),
      JSON.stringify(incident.tags),
      nowMs,
      actor,
    ],
  );
  // A concurrent draft won the race: its postmortem is the incident's one.
  if (!row)
    return { postmortem: (await postmortemOfIncident(tx, incidentId)) as PostmortemRow, created: false };
  await addIncidentEvent(tx, {
    incidentId,
    atMs: nowMs,
    kind: 'postmortem_drafted',
    actor,
    details: { postmortem: row.id, required: requirement.required, reasons: requirement.reasons },
  });
  return { postmortem: row, created: true };
}

/**
 * Drafts the postmortem of a resolved incident (seed 003 §05), or returns the one it has: one per
 * incident. Called from the resolve path inside its transaction (`tx`), so it commits with the resolution.
 */
export async function draftPostmortem({
  ctx,
  incidentId,
  tx,
}: {
  ctx: PostmortemContext;
  incidentId: number;
  tx?: Queryable;
}): Promise<PostmortemRow> {
  const run = async (q: Queryable) => (await draftIn(q, ctx, incidentId, 'nines')).postmortem;
  return tx ? run(tx) : ctx.db.transaction(run);
}

/** A postmortem asked for by someone (required or not); audited when it is created. */
export async function createPostmortem({
  ctx,
  incidentId,
  actor,
}: {
  ctx: PostmortemContext;
  incidentId: number;
  actor: string;
}): Promise<{ postmortem: PostmortemRow; created: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const result = await draftIn(tx, ctx, incidentId, actor);
    if (result.created) {
      await appendAudit(tx, {
        nowMs: ctx.clock.now(),
        actor,
        action: 'postmortem.create',
        target: `postmortem:${result.postmortem.id}`,
        details: { incident: incidentId, required: result.postmortem.required },
      });
    }
    return result;
  });
}

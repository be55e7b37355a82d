import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { type IncidentSeverity, incidentPolicyOf } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { announceIncident } from './announce.ts';
import { blastRadius } from './blast-radius.ts';
import { cadenceTimers } from './cadence.ts';
import { addIncidentEvent } from './incident-events.ts';
import type { IncidentRow } from './incident-row.ts';
import { linkPageInTx } from './link-page.ts';
import { checkPerson, checkServices } from './store.ts';

export interface DeclareIncidentInput {
  title: string;
  severity: IncidentSeverity;
  services: string[];
  summary?: string;
  /** Shown on the public status page (default true), under `publicTitle` or a generic title. */
  public?: boolean;
  publicTitle?: string | null;
  dataLoss?: boolean;
  tags?: string[];
  /** Onset of impact when known to be earlier than now (MTTD counts from here). */
  startedAtMs?: number;
  /** When it was noticed, if earlier than the declaration. */
  detectedAtMs?: number;
  commander?: string;
  /** Pages to link at once. */
  pageIds?: number[];
}

/** Declares an incident, in its own transaction or the caller's (auto-declaration from a page). */
export async function declareIncident(options: {
  ctx: AppContext;
  input: DeclareIncidentInput;
  actor: string;
  tx?: Queryable;
}): Promise<IncidentRow> {
  const run = (tx: Queryable) => declareInTx(options.ctx, tx, options.input, options.actor);
  return options.tx ? run(options.tx) : options.ctx.db.transaction(run);
}

async function declareInTx(
  ctx: AppContext,
  tx: Queryable,
  input: DeclareIncidentInput,
  actor: string,
): Promise<IncidentRow> {
  const { model } = ctx.engine;
  const nowMs = ctx.clock.now();
  checkServices(model, input.services);
  if (input.commander) checkPerson(model, input.commander, 'commander');
  const detectedMs = input.detectedAtMs ?? nowMs;
  const startedMs = input.startedAtMs ?? detectedMs;
  if (detectedMs > nowMs || startedMs > detectedMs) {
    throw new NinesError('invalid_input', 'expected startedAt <= detectedAt <= now', [
      { path: startedMs > detectedMs ? 'startedAt' : 'detectedAt', message: 'out of order or in the future' },
    ]);
  }
  const services = [...new Set(input.services)];
  const radius = blastRadius(services, model.services);
  const timers = cadenceTimers({
    policy: incidentPolicyOf(model),
    severity: input.severity,
    status: 'investigating',
    sinceMs: nowMs,
  });
  const roles = input.commander ? { commander: input.commander } : {};
  const [row] = await tx.query<IncidentRow>(
    `INSERT INTO incidents (title, severity, status, summary, services, blast_radius, roles, public, public_title, data_loss,
       tags, declared_by, started_ms, detected_ms, declared_ms, acknowledged_ms, update_remind_ms, update_due_ms)
     VALUES ($1, $2, 'investigating', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING *`,
    [
      input.title,
      input.severity,
      input.summary ?? '',
      JSON.stringify(services),
      JSON.stringify(radius),
      JSON.stringify(roles),
      input.public ?? true,
      input.publicTitle ?? null,
      input.dataLoss ?? false,
      JSON.stringify(input.tags ?? []),
      actor,
      startedMs,
      detectedMs,
      nowMs,
      // A person declaring it is on it; an automatic declaration waits for a page acknowledgement.
      actor.startsWith('nines:') ? null : nowMs,
      timers.update_remind_ms,
      timers.update_due_ms,
    ],
  );
  if (!row) throw new Error('incident insert returned nothing');
  await addIncidentEvent(tx, {
    incidentId: row.id,
    atMs: nowMs,
    kind: 'declared',
    actor,
    details: { title: row.title, severity: row.severity, services, blastRadius: radius },
  });
  if (input.commander) {
    await addIncidentEvent(tx, {
      incidentId: row.id,
      atMs: nowMs,
      kind: 'role_assigned',
      actor,
      details: { role: 'commander', person: input.commander },
    });
  }
  for (const pageId of input.pageIds ?? []) await linkPageInTx(tx, { incident: row, pageId, actor, nowMs });
  await announceIncident(ctx, tx, {
    incident: { ...row, roles },
    kind: 'incident_declared',
    round: 0,
    nowMs,
  });
  return row;
}

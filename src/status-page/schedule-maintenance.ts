import { DAY_MS, MINUTE_MS } from '../core/duration.ts';
import { NinesError, type Problem } from '../core/errors.ts';
import { appendAudit } from '../storage/index.ts';
import { findComponent, type MaintenanceView, maintenanceView } from './admin-views.ts';
import { type StatusPageContext, statusSnapshots } from './status-snapshots.ts';
import { type MaintenanceRow, maintenanceFacts } from './store.ts';

/** Longer work is not maintenance but a change of the service's promise. */
export const MAX_MAINTENANCE_MS = 7 * DAY_MS;
/** A start this far back is "now" sent late; earlier would erase past downtime from uptime. */
const START_SLACK_MS = 5 * MINUTE_MS;

export interface MaintenanceInput {
  title: string;
  description: string;
  components: string[];
  startMs: number;
  endMs: number;
}

function problems(ctx: StatusPageContext, input: MaintenanceInput, nowMs: number): Problem[] {
  const found: Problem[] = [];
  input.components.forEach((name, index) => {
    try {
      findComponent(ctx, name);
    } catch {
      found.push({ path: `components.${index}`, message: `no status page component named "${name}"` });
    }
  });
  if (input.components.length === 0)
    found.push({ path: 'components', message: 'must name at least one component' });
  if (input.endMs <= input.startMs) found.push({ path: 'end', message: 'must be after start' });
  else if (input.endMs - input.startMs > MAX_MAINTENANCE_MS)
    found.push({ path: 'end', message: 'must be at most 7 days after start' });
  if (input.startMs < nowMs - START_SLACK_MS)
    found.push({ path: 'start', message: 'must not be in the past' });
  return found;
}

/** Schedules maintenance on some components, audited in the same transaction. */
export async function scheduleMaintenance({
  ctx,
  input,
  actor,
}: {
  ctx: StatusPageContext;
  input: MaintenanceInput;
  actor: string;
}): Promise<MaintenanceView> {
  const nowMs = ctx.clock.now();
  const found = problems(ctx, input, nowMs);
  if (found.length > 0) throw new NinesError('invalid_input', 'the maintenance is not valid', found);
  const components = [...new Set(input.components)];
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx.query<MaintenanceRow>(
      `INSERT INTO maintenances (title, description, components, start_ms, end_ms, created_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [input.title, input.description, JSON.stringify(components), input.startMs, input.endMs, actor, nowMs],
    );
    const facts = maintenanceFacts(inserted as MaintenanceRow);
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'maintenance.create',
      target: String(facts.id),
      details: { title: facts.title, components, startMs: facts.startMs, endMs: facts.endMs },
    });
    return facts;
  });
  statusSnapshots(ctx).invalidate();
  return maintenanceView(row, nowMs);
}

/** Cancels a maintenance that has not ended (one in progress ends now); `conflict` once over or cancelled. */
export async function cancelMaintenance({
  ctx,
  id,
  actor,
}: {
  ctx: StatusPageContext;
  id: number;
  actor: string;
}): Promise<MaintenanceView> {
  const nowMs = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.query<MaintenanceRow>('SELECT * FROM maintenances WHERE id = $1 FOR UPDATE', [
      id,
    ]);
    if (!current) throw new NinesError('not_found', `no maintenance ${id}`);
    const facts = maintenanceFacts(current);
    if (facts.cancelledMs !== null)
      throw new NinesError('conflict', `maintenance ${id} is already cancelled`);
    if (facts.endMs <= nowMs) throw new NinesError('conflict', `maintenance ${id} is already over`);
    await tx.query('UPDATE maintenances SET cancelled_ms = $2 WHERE id = $1', [id, nowMs]);
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'maintenance.cancel',
      target: String(id),
      details: { title: facts.title },
    });
    return { ...facts, cancelledMs: nowMs };
  });
  statusSnapshots(ctx).invalidate();
  return maintenanceView(row, nowMs);
}

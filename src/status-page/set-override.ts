import { NinesError } from '../core/errors.ts';
import { appendAudit } from '../storage/index.ts';
import { type ComponentView, findComponent, listComponentStatuses } from './admin-views.ts';
import type { ComponentStatus } from './component-status.ts';
import { type StatusPageContext, statusSnapshots } from './status-snapshots.ts';

async function viewOf(ctx: StatusPageContext, name: string): Promise<ComponentView> {
  const views = await listComponentStatuses({ ctx });
  return views.find((view) => view.name === name) as ComponentView;
}

/** Sets a component's status by hand (until `untilMs`, or until cleared), audited in the same transaction. */
export async function setComponentOverride({
  ctx,
  input,
  actor,
}: {
  ctx: StatusPageContext;
  input: { component: string; status: ComponentStatus; reason: string; untilMs: number | null };
  actor: string;
}): Promise<ComponentView> {
  const component = findComponent(ctx, input.component);
  const nowMs = ctx.clock.now();
  if (input.untilMs !== null && input.untilMs <= nowMs) {
    throw new NinesError('invalid_input', 'the override is not valid: until must be in the future', [
      { path: 'until', message: 'must be in the future' },
    ]);
  }
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO component_overrides (component, status, reason, set_by, set_ms, until_ms)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (component) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         set_by = excluded.set_by, set_ms = excluded.set_ms, until_ms = excluded.until_ms`,
      [component.name, input.status, input.reason, actor, nowMs, input.untilMs],
    );
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'status.override.set',
      target: component.name,
      details: { status: input.status, reason: input.reason, untilMs: input.untilMs },
    });
  });
  statusSnapshots(ctx).invalidate();
  return viewOf(ctx, component.name);
}

/** Clears a component's manual status so its derived one shows again; `not_found` when none is set. */
export async function clearComponentOverride({
  ctx,
  component: name,
  actor,
}: {
  ctx: StatusPageContext;
  component: string;
  actor: string;
}): Promise<ComponentView> {
  const component = findComponent(ctx, name);
  const nowMs = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string }>(
      'DELETE FROM component_overrides WHERE component = $1 RETURNING status',
      [component.name],
    );
    if (!row) throw new NinesError('not_found', `component "${component.name}" has no override`);
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'status.override.clear',
      target: component.name,
      details: { status: row.status },
    });
  });
  statusSnapshots(ctx).invalidate();
  return viewOf(ctx, component.name);
}

import type { AppContext } from '../context/index.ts';
import { linkPageToIncident } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';
import { addIncidentEvent } from './incident-events.ts';
import type { IncidentRow } from './incident-row.ts';
import { lockIncident } from './store.ts';

/** Links a page (and so its alerts) to an incident; a page belongs to one incident at most. */
export async function linkPageInTx(
  tx: Queryable,
  options: { incident: IncidentRow; pageId: number; actor: string; nowMs: number },
): Promise<void> {
  const { incident, pageId } = options;
  const linked = await linkPageToIncident(tx, { pageId, incidentId: incident.id });
  if (!linked) return;
  await addIncidentEvent(tx, {
    incidentId: incident.id,
    atMs: options.nowMs,
    kind: 'page_linked',
    actor: options.actor,
    details: {
      page: pageId,
      severity: linked.severity,
      summary: linked.summary,
      alerts: linked.alerts,
    },
  });
}

/** `POST /incidents/{id}/pages`: links an existing page. */
export async function linkPage(options: {
  ctx: AppContext;
  incidentId: number;
  pageId: number;
  actor: string;
}): Promise<void> {
  const nowMs = options.ctx.clock.now();
  await options.ctx.db.transaction(async (tx) => {
    const incident = await lockIncident(tx, options.incidentId);
    await linkPageInTx(tx, { incident, pageId: options.pageId, actor: options.actor, nowMs });
  });
}

import { NinesError } from '../core/errors.ts';
import type { PagingContext } from '../paging/index.ts';
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
  const [page] = await tx.query<{
    id: number;
    incident_id: number | null;
    summary: string;
    severity: string;
  }>('SELECT id, incident_id, summary, severity FROM pages WHERE id = $1 FOR UPDATE', [pageId]);
  if (!page)
    throw new NinesError('invalid_input', `no page ${pageId}`, [{ path: 'page', message: 'no such page' }]);
  if (page.incident_id === incident.id) return;
  if (page.incident_id !== null) {
    throw new NinesError('conflict', `page ${pageId} already belongs to incident ${page.incident_id}`);
  }
  await tx.query('UPDATE pages SET incident_id = $2 WHERE id = $1', [pageId, incident.id]);
  const alerts = await tx.query<{ source: string; fingerprint: string }>(
    'SELECT source, fingerprint FROM alerts WHERE page_id = $1 ORDER BY id',
    [pageId],
  );
  await addIncidentEvent(tx, {
    incidentId: incident.id,
    atMs: options.nowMs,
    kind: 'page_linked',
    actor: options.actor,
    details: {
      page: pageId,
      severity: page.severity,
      summary: page.summary,
      alerts: alerts.map((a) => `${a.source}:${a.fingerprint}`),
    },
  });
}

/** `POST /incidents/{id}/pages`: links an existing page. */
export async function linkPage(options: {
  ctx: PagingContext;
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

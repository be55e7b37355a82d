import type { AppContext } from '../context/index.ts';
import { incidentIdOfPage, type PageRow, pageAlertOnset } from '../paging/index.ts';
import { incidentPolicyOf } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { declareIncident } from './declare-incident.ts';
import { addIncidentEvent } from './incident-events.ts';
import type { IncidentRow, StatusUpdateRow } from './incident-row.ts';
import { linkPageInTx } from './link-page.ts';
import { openIncidentFor } from './store.ts';

/** The actor recorded for what the incident policy does on its own. */
export const AUTO_ACTOR = 'nines:incident-policy';

/**
 * The `pageOpened` hook: a page whose severity the policy maps (default P0 → SEV1, P1 → SEV2) joins the
 * open incident of its service, or declares one, in the page's own transaction. The incident is public at
 * once only under `publishAutoDeclared: immediately`; by default a person publishes it (an alert is not
 * yet something to tell customers).
 */
export function autoDeclareFromPages(ctx: AppContext) {
  return async (tx: Queryable, page: PageRow): Promise<void> => {
    const policy = incidentPolicyOf(ctx.model);
    const severity = policy.autoDeclare[page.severity];
    if (!severity) return;
    const nowMs = ctx.clock.now();
    const existing = page.service ? await openIncidentFor(tx, page.service) : undefined;
    if (existing) {
      await linkPageInTx(tx, { incident: existing, pageId: page.id, actor: AUTO_ACTOR, nowMs });
      return;
    }
    const onset = await pageAlertOnset(tx, page.id);
    const detectedAtMs = Math.min(page.created_ms, nowMs);
    const startedAtMs = Math.min(onset.startsMs ?? detectedAtMs, detectedAtMs);
    const known = page.service && ctx.model.services.some((s) => s.name === page.service);
    await declareIncident({
      ctx,
      tx,
      actor: AUTO_ACTOR,
      input: {
        title: incidentTitle(page, onset.first),
        severity,
        services: known ? [page.service as string] : [],
        public: policy.publishAutoDeclared === 'immediately',
        startedAtMs,
        detectedAtMs,
        pageIds: [page.id],
      },
    });
  };
}

/**
 * Publishes an auto-declared incident held off the status page (`publishAutoDeclared: manually`) when a
 * person posts its first public status update, in that update's transaction, and says so in the timeline.
 * An incident a person declared private stays private whatever its updates say.
 */
export async function publishOnFirstPublicUpdate(
  ctx: Pick<AppContext, 'model'>,
  tx: Queryable,
  options: { incident: IncidentRow; update: StatusUpdateRow; actor: string; nowMs: number },
): Promise<void> {
  const { incident, update, actor } = options;
  const held =
    !incident.public &&
    incident.declared_by === AUTO_ACTOR &&
    incidentPolicyOf(ctx.model).publishAutoDeclared === 'manually';
  if (!held || !update.public || actor.startsWith('nines:')) return;
  await tx.query('UPDATE incidents SET public = true WHERE id = $1', [incident.id]);
  await addIncidentEvent(tx, {
    incidentId: incident.id,
    atMs: options.nowMs,
    kind: 'details_changed',
    actor,
    details: { changed: { public: true }, reason: 'first public status update' },
  });
}

/**
 * The page's summary, except for Nines' own burn alerts, whose summaries carry the burn rate at the moment
 * they fired: an incident keeps its title, so it names the SLO without the figures.
 */
function incidentTitle(page: PageRow, alert: { source: string; labels: Record<string, string> } | undefined) {
  const slo = alert?.source === 'slo' ? alert.labels.slo : undefined;
  if (!slo || alert?.labels.alertname === 'SloNoData') return page.summary;
  return `${slo}: burning its error budget`;
}

/**
 * The `pageAcknowledged` hook: the first acknowledgement of any of an incident's pages is when a person
 * took it on (MTTA counts to here).
 */
export async function acknowledgeIncidentOfPage(tx: Queryable, page: PageRow, atMs: number): Promise<void> {
  const incidentId = await incidentIdOfPage(tx, page.id);
  if (incidentId === null) return;
  await tx.query('UPDATE incidents SET acknowledged_ms = $2 WHERE id = $1 AND acknowledged_ms IS NULL', [
    incidentId,
    atMs,
  ]);
}

import {
  activeStoredSilences,
  isFlapping,
  type NormalisedAlert,
  notifiesTeamChannel,
  pages,
  routeAlert,
  silencedBy,
  upstreamCause,
} from '../alerting/index.ts';
import type { Silence } from '../specs/model.ts';
import type { Queryable } from '../storage/index.ts';
import type { PagingContext } from './context.ts';
import { scopedGroupKey } from './group-key.ts';
import { buildMessage, enqueueDeliveries } from './notifications.ts';
import { resolvePage } from './page-actions.ts';
import { addPageEvent } from './page-events.ts';
import type { PageRow } from './page-row.ts';

/** What happened to one received alert. */
export type AlertOutcome =
  | { alert: string; outcome: 'paged'; pageId: number }
  | { alert: string; outcome: 'attached'; pageId: number }
  | { alert: string; outcome: 'attached_upstream'; pageId: number; upstream: string }
  | { alert: string; outcome: 'suppressed'; reason: string }
  | { alert: string; outcome: 'recorded' | 'updated' | 'resolved' | 'acknowledged'; pageId: number | null };

interface AlertRow {
  id: number;
  status: string;
  page_id: number | null;
  state_changes: number[];
}

async function activeSilences(ctx: PagingContext, tx: Queryable, nowMs: number): Promise<Silence[]> {
  return [...ctx.engine.model.silences, ...(await activeStoredSilences(tx, nowMs))];
}

/**
 * Takes alerts from any intake (SLO engine, Alertmanager, PagerDuty) into one model: deduplicates by
 * identity, routes, applies silences, attaches to the open page of the group (or of a failing upstream
 * dependency), opens a page otherwise, and resolves the page when all its alerts resolve. Runs in the
 * caller's transaction when given one, so an SLO transition and its page are stored together.
 */
export async function ingestAlerts(options: {
  ctx: PagingContext;
  alerts: NormalisedAlert[];
  tx?: Queryable;
}): Promise<AlertOutcome[]> {
  const { ctx } = options;
  const run = (tx: Queryable) => ingestInTx(ctx, tx, options.alerts);
  return options.tx ? run(options.tx) : ctx.db.transaction(run);
}

async function ingestInTx(
  ctx: PagingContext,
  tx: Queryable,
  alerts: NormalisedAlert[],
): Promise<AlertOutcome[]> {
  const nowMs = ctx.clock.now();
  const silences = await activeSilences(ctx, tx, nowMs);
  const outcomes: AlertOutcome[] = [];
  for (const alert of alerts) outcomes.push(await ingestOne(ctx, tx, alert, { nowMs, silences }));
  return outcomes;
}

async function ingestOne(
  ctx: PagingContext,
  tx: Queryable,
  received: NormalisedAlert,
  env: { nowMs: number; silences: Silence[] },
): Promise<AlertOutcome> {
  const { nowMs } = env;
  const { model } = ctx.engine;
  const alert = { ...received, groupKey: scopedGroupKey(received) };
  const id = `${alert.source}:${alert.fingerprint}`;
  const routed = routeAlert({
    alert,
    routes: model.alertRoutes,
    services: model.services,
    teams: model.teams,
    integrations: model.integrations,
  });
  const [existing] = await tx.query<AlertRow>(
    'SELECT id, status, page_id, state_changes FROM alerts WHERE source = $1 AND integration = $2 AND fingerprint = $3 FOR UPDATE',
    [alert.source, alert.integration ?? '', alert.fingerprint],
  );
  const changed = !existing || existing.status !== alert.status;
  const stateChanges = changed
    ? [...(existing?.state_changes ?? []).slice(-19), nowMs]
    : (existing?.state_changes ?? []);
  const [row] = await tx.query<{ id: number; page_id: number | null }>(
    `INSERT INTO alerts (source, integration, fingerprint, group_key, status, labels, annotations, summary, severity, service, team,
       starts_ms, ends_ms, first_seen_ms, last_seen_ms, state_changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)
     ON CONFLICT (source, integration, fingerprint) DO UPDATE SET status = excluded.status, labels = excluded.labels,
       annotations = excluded.annotations, summary = excluded.summary, severity = excluded.severity, service = excluded.service,
       team = excluded.team, ends_ms = excluded.ends_ms, last_seen_ms = excluded.last_seen_ms, state_changes = excluded.state_changes,
       group_key = excluded.group_key
     RETURNING id, page_id`,
    [
      alert.source,
      alert.integration ?? '',
      alert.fingerprint,
      alert.groupKey,
      alert.status,
      JSON.stringify(alert.labels),
      JSON.stringify(alert.annotations),
      alert.summary,
      routed.severity,
      routed.service,
      routed.team,
      alert.startsAtMs,
      alert.endsAtMs,
      nowMs,
      JSON.stringify(stateChanges),
    ],
  );
  const alertId = row?.id as number;
  const openPage = row?.page_id ? await openPageById(tx, row.page_id) : undefined;

  if (alert.status === 'resolved') {
    if (!openPage) return { alert: id, outcome: 'resolved', pageId: row?.page_id ?? null };
    if (changed)
      await addPageEvent(tx, {
        pageId: openPage.id,
        atMs: nowMs,
        kind: 'alert_resolved',
        actor: alert.source,
        details: { alert: id },
      });
    const [firing] = await tx.query(
      "SELECT 1 FROM alerts WHERE page_id = $1 AND status <> 'resolved' LIMIT 1",
      [openPage.id],
    );
    if (!firing) await resolvePage(tx, openPage, { actor: `auto:${alert.source}`, nowMs });
    return { alert: id, outcome: 'resolved', pageId: openPage.id };
  }
  if (alert.status === 'acknowledged') {
    if (openPage?.status === 'triggered') {
      await tx.query(
        "UPDATE pages SET status = 'acknowledged', acknowledged_ms = $2, acknowledged_by = $3, next_action_ms = NULL WHERE id = $1",
        [openPage.id, nowMs, alert.source],
      );
      await addPageEvent(tx, { pageId: openPage.id, atMs: nowMs, kind: 'acknowledged', actor: alert.source });
      await ctx.hooks?.pageAcknowledged?.(tx, openPage, nowMs);
    }
    return { alert: id, outcome: 'acknowledged', pageId: openPage?.id ?? null };
  }
  // Firing. A re-sent alert of an open page only updates it.
  if (openPage) return { alert: id, outcome: 'updated', pageId: openPage.id };
  const silence = silencedBy(alert.labels, env.silences, nowMs);
  if (silence) return suppress(tx, alertId, id, `silence:${silence.name}`);
  if (!pages(routed.severity) && !notifiesTeamChannel(routed.severity))
    return suppress(tx, alertId, id, `severity:${routed.severity}`);

  const [groupPage] = await tx.query<PageRow>(
    "SELECT * FROM pages WHERE group_key = $1 AND status <> 'resolved'",
    [alert.groupKey],
  );
  if (groupPage) return attach(tx, { alertId, id, page: groupPage, nowMs, source: alert.source });

  if (routed.service && pages(routed.severity)) {
    const paging = await tx.query<{ service: string; id: number }>(
      "SELECT service, min(id) AS id FROM pages WHERE status <> 'resolved' AND severity IN ('P0', 'P1', 'P2') AND service IS NOT NULL GROUP BY service",
    );
    const upstream = upstreamCause({
      service: routed.service,
      services: model.services,
      pagingServices: new Set(paging.map((p) => p.service)),
    });
    const upstreamPage = upstream ? paging.find((p) => p.service === upstream) : undefined;
    if (upstream && upstreamPage) {
      await tx.query('UPDATE alerts SET page_id = $2, suppressed_by = $3 WHERE id = $1', [
        alertId,
        upstreamPage.id,
        `dependency:${upstreamPage.id}`,
      ]);
      await addPageEvent(tx, {
        pageId: upstreamPage.id,
        atMs: nowMs,
        kind: 'dependent_alert_attached',
        actor: alert.source,
        details: {
          alert: id,
          service: routed.service,
          summary: alert.summary,
          because: `${routed.service} depends on ${upstream}`,
        },
      });
      return { alert: id, outcome: 'attached_upstream', pageId: upstreamPage.id, upstream };
    }
  }

  if (isFlapping(stateChanges, nowMs)) {
    const [recent] = await tx.query<PageRow>(
      'SELECT * FROM pages WHERE group_key = $1 ORDER BY id DESC LIMIT 1',
      [alert.groupKey],
    );
    if (recent) {
      // A flapping alert reopens its last page quietly instead of waking someone again.
      await tx.query(
        "UPDATE pages SET status = 'triggered', resolved_ms = NULL, resolved_by = NULL WHERE id = $1",
        [recent.id],
      );
      await tx.query('UPDATE alerts SET page_id = $2, suppressed_by = $3 WHERE id = $1', [
        alertId,
        recent.id,
        'flapping',
      ]);
      await addPageEvent(tx, {
        pageId: recent.id,
        atMs: nowMs,
        kind: 'reopened',
        actor: alert.source,
        details: { alert: id, flapping: true },
      });
      return { alert: id, outcome: 'attached', pageId: recent.id };
    }
  }
  const page = await openNewPage(ctx, tx, { alert, routed, nowMs });
  await tx.query('UPDATE alerts SET page_id = $2, suppressed_by = NULL WHERE id = $1', [alertId, page.id]);
  await ctx.hooks?.pageOpened?.(tx, page);
  return { alert: id, outcome: 'paged', pageId: page.id };
}

async function openPageById(tx: Queryable, pageId: number): Promise<PageRow | undefined> {
  const [page] = await tx.query<PageRow>("SELECT * FROM pages WHERE id = $1 AND status <> 'resolved'", [
    pageId,
  ]);
  return page;
}

async function suppress(tx: Queryable, alertId: number, id: string, reason: string): Promise<AlertOutcome> {
  await tx.query('UPDATE alerts SET suppressed_by = $2 WHERE id = $1', [alertId, reason]);
  return { alert: id, outcome: 'suppressed', reason };
}

async function attach(
  tx: Queryable,
  options: { alertId: number; id: string; page: PageRow; nowMs: number; source: string },
): Promise<AlertOutcome> {
  await tx.query('UPDATE alerts SET page_id = $2, suppressed_by = NULL WHERE id = $1', [
    options.alertId,
    options.page.id,
  ]);
  await addPageEvent(tx, {
    pageId: options.page.id,
    atMs: options.nowMs,
    kind: 'alert_attached',
    actor: options.source,
    details: { alert: options.id },
  });
  return { alert: options.id, outcome: 'attached', pageId: options.page.id };
}

async function openNewPage(
  ctx: PagingContext,
  tx: Queryable,
  options: { alert: NormalisedAlert; routed: ReturnType<typeof routeAlert>; nowMs: number },
): Promise<PageRow> {
  const { alert, routed, nowMs } = options;
  const paging = pages(routed.severity);
  const [page] = await tx.query<PageRow>(
    `INSERT INTO pages (group_key, status, severity, service, team, summary, escalation_policy, next_action_ms, created_ms)
     VALUES ($1, 'triggered', $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [
      alert.groupKey,
      routed.severity,
      routed.service,
      routed.team,
      alert.summary,
      routed.escalationPolicy,
      paging ? nowMs : null,
      nowMs,
    ],
  );
  if (!page) throw new Error('page insert returned nothing');
  await addPageEvent(tx, {
    pageId: page.id,
    atMs: nowMs,
    kind: 'triggered',
    actor: alert.source,
    details: {
      alert: `${alert.source}:${alert.fingerprint}`,
      route: routed.route,
      severity: routed.severity,
    },
  });
  if (!paging) {
    // P3: the team's channel hears about it; nobody is woken and there is no escalation.
    const team = ctx.engine.model.teams.find((t) => t.name === routed.team);
    await enqueueDeliveries(tx, {
      pageId: page.id,
      recipients: team ? [{ name: team.name, kind: 'team', contacts: team.contacts }] : [],
      message: buildMessage({ ctx, page, kind: 'page', level: null, nowMs }),
      keyPrefix: `page:${page.id}:team`,
      nowMs,
    });
  }
  return page;
}

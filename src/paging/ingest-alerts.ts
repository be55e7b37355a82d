import {
  activeStoredSilences,
  type NormalisedAlert,
  pages,
  type RoutedAlert,
  routeAlert,
} from '../alerting/index.ts';
import { type AppContext, wakeAfterCommit } from '../context/index.ts';
import type { Severity, Silence } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { type AlertDecision, type AlertFacts, decideAlert, type LazyFact } from './alert-decision.ts';
import {
  acknowledgePageBySource,
  insertPage,
  pageHasUnresolvedAlert,
  reopenPageQuietly,
} from './alert-store.ts';
import { queueForCommit } from './group-commit.ts';
import { scopedGroupKey } from './group-key.ts';
import { IntakeBatch, type ReceivedAlert } from './intake-batch.ts';
import { buildMessage, enqueueDeliveries } from './notifications.ts';
import { resolvePage } from './page-actions.ts';
import { addPageEvent, type PageEventKind } from './page-events.ts';
import type { PageRow } from './page-row.ts';
import { incidentIdOfPage } from './page-store.ts';

/** What happened to one received alert. */
export type AlertOutcome =
  | { alert: string; outcome: 'paged'; pageId: number }
  | { alert: string; outcome: 'attached'; pageId: number }
  | { alert: string; outcome: 'attached_upstream'; pageId: number; upstream: string }
  | { alert: string; outcome: 'suppressed'; reason: string }
  | { alert: string; outcome: 'recorded' | 'updated' | 'resolved' | 'acknowledged'; pageId: number | null };

async function activeSilences(ctx: AppContext, tx: Queryable, nowMs: number): Promise<Silence[]> {
  return [...ctx.model.silences, ...(await activeStoredSilences(tx, nowMs))];
}

/**
 * Takes alerts from any intake (SLO engine, Alertmanager, PagerDuty) into one model: deduplicates by
 * identity, routes, applies silences, attaches to the open page of the group (or of a failing upstream
 * dependency), opens a page otherwise, and resolves the page when all its alerts resolve. Runs in the
 * caller's transaction when given one, so an SLO transition and its page are stored together; otherwise
 * requests that arrive while another is being stored share the next transaction (group commit), taken in
 * the order they arrived, and each resolves only once that transaction committed.
 */
export async function ingestAlerts(options: {
  ctx: AppContext;
  alerts: NormalisedAlert[];
  tx?: Queryable;
}): Promise<AlertOutcome[]> {
  const { ctx, alerts, tx } = options;
  if (tx) return (await ingestInTx(ctx, tx, [alerts]))[0] ?? [];
  return queueForCommit(ctx, alerts, (group) => ctx.db.transaction((t) => ingestInTx(ctx, t, group)));
}

async function ingestInTx(
  ctx: AppContext,
  tx: Queryable,
  requests: ReadonlyArray<readonly NormalisedAlert[]>,
): Promise<AlertOutcome[][]> {
  const nowMs = ctx.clock.now();
  const silences = await activeSilences(ctx, tx, nowMs);
  const batch = new IntakeBatch(tx, nowMs);
  await batch.load(requests.flat());
  const outcomes: AlertOutcome[][] = [];
  for (const alerts of requests) {
    const taken: AlertOutcome[] = [];
    for (const alert of alerts) taken.push(await ingestOne(ctx, batch, alert, { nowMs, silences }));
    outcomes.push(taken);
  }
  await batch.flush();
  return outcomes;
}

async function ingestOne(
  ctx: AppContext,
  batch: IntakeBatch,
  sent: NormalisedAlert,
  env: { nowMs: number; silences: Silence[] },
): Promise<AlertOutcome> {
  const { nowMs } = env;
  const { model } = ctx.engine;
  const alert = { ...sent, groupKey: scopedGroupKey(sent) };
  const routed = routeAlert({
    alert,
    routes: model.alertRoutes,
    services: model.services,
    teams: model.teams,
    integrations: model.integrations,
  });
  const received = batch.receive({ alert, routed, nowMs });
  const { row } = received;
  let facts: AlertFacts = {
    alert,
    routed,
    changed: received.changed,
    stateChanges: row.state_changes,
    pageId: row.page_id,
    openPage: row.page_id ? await batch.openPage(row.page_id) : undefined,
    silences: env.silences,
    services: model.services,
    nowMs,
  };
  let decision = decideAlert(facts);
  while (decision.kind === 'read') {
    facts = { ...facts, [decision.fact]: await readFact(batch, facts, decision.fact) };
    decision = decideAlert(facts);
  }
  return applyDecision(ctx, batch, { decision, received, routed, nowMs });
}

/** Reads one fact a decision asked for. */
async function readFact(batch: IntakeBatch, facts: AlertFacts, fact: LazyFact) {
  switch (fact) {
    case 'pageStillFiring':
      return facts.openPage ? pageHasUnresolvedAlert(batch, facts.openPage.id) : false;
    case 'groupPage':
      return batch.groupPage(facts.alert.groupKey);
    case 'pagingServices':
      return batch.pagingServices();
    case 'lastGroupPage':
      return batch.lastGroupPage(facts.alert.groupKey);
  }
}

/** The store writes a decision implies, and the outcome the caller reports. */
async function applyDecision(
  ctx: AppContext,
  tx: IntakeBatch,
  options: {
    decision: AlertDecision;
    received: ReceivedAlert;
    routed: RoutedAlert;
    nowMs: number;
  },
): Promise<AlertOutcome> {
  const { decision, received, routed, nowMs } = options;
  const { alert } = received;
  const id = `${alert.source}:${alert.fingerprint}`;
  const event = (pageId: number, kind: PageEventKind, details?: Record<string, unknown>) =>
    tx.addPageEvent({ pageId, atMs: nowMs, kind, actor: alert.source, details: details ?? {} });
  switch (decision.kind) {
    case 'record_resolved':
      return { alert: id, outcome: 'resolved', pageId: decision.pageId };
    case 'resolve_on_page': {
      const { page } = decision;
      if (decision.recordEvent) event(page.id, 'alert_resolved', { alert: id });
      if (decision.resolvePage) await resolvePage(tx, page, { actor: `auto:${alert.source}`, nowMs });
      return { alert: id, outcome: 'resolved', pageId: page.id };
    }
    case 'acknowledge': {
      const { page } = decision;
      if (page && decision.acknowledgePage) {
        await acknowledgePageBySource(tx, { pageId: page.id, source: alert.source, nowMs });
        event(page.id, 'acknowledged');
        await ctx.hooks?.pageAcknowledged?.(tx, page, nowMs);
      }
      return { alert: id, outcome: 'acknowledged', pageId: page?.id ?? null };
    }
    case 'update':
      return { alert: id, outcome: 'updated', pageId: decision.pageId };
    case 'suppress':
      tx.setAlertPage(received, { suppressedBy: decision.reason });
      return { alert: id, outcome: 'suppressed', reason: decision.reason };
    case 'attach':
      tx.setAlertPage(received, { pageId: decision.page.id, suppressedBy: null });
      event(decision.page.id, 'alert_attached', { alert: id });
      if (isMoreSevere(routed.severity, decision.page.severity))
        await raiseSeverity(ctx, tx, { page: decision.page, routed, alert: id, source: alert.source, nowMs });
      return { alert: id, outcome: 'attached', pageId: decision.page.id };
    case 'attach_upstream': {
      const { pageId, upstream } = decision;
      tx.setAlertPage(received, { pageId, suppressedBy: `dependency:${pageId}` });
      event(pageId, 'dependent_alert_attached', {
        alert: id,
        service: routed.service,
        summary: alert.summary,
        because: `${routed.service} depends on ${upstream}`,
      });
      return { alert: id, outcome: 'attached_upstream', pageId, upstream };
    }
    case 'reopen':
      await reopenPageQuietly(tx, decision.page.id);
      tx.setAlertPage(received, { pageId: decision.page.id, suppressedBy: 'flapping' });
      event(decision.page.id, 'reopened', { alert: id, flapping: true });
      return { alert: id, outcome: 'attached', pageId: decision.page.id };
    case 'open_page': {
      const page = await openNewPage(ctx, tx, { alert, routed, nowMs });
      tx.setAlertPage(received, { pageId: page.id, suppressedBy: null });
      await ctx.hooks?.pageOpened?.(tx, page);
      return { alert: id, outcome: 'paged', pageId: page.id };
    }
  }
}

/** P0 is the most severe. */
function isMoreSevere(a: Severity, b: Severity): boolean {
  return Number(a.slice(1)) < Number(b.slice(1));
}

/**
 * A more severe alert joined the page: the page takes its severity (it keeps the highest of its alerts),
 * and a page that did not escalate (a P3's channel notice) starts escalating now if the new one pages.
 */
async function raiseSeverity(
  ctx: AppContext,
  tx: Queryable,
  options: { page: PageRow; routed: RoutedAlert; alert: string; source: string; nowMs: number },
): Promise<void> {
  const { page, routed, nowMs } = options;
  const startsEscalating =
    pages(routed.severity) &&
    !pages(page.severity) &&
    page.status === 'triggered' &&
    page.next_action_ms === null;
  const [raised] = await tx.query<PageRow>(
    `UPDATE pages SET severity = $2, escalation_policy = COALESCE(escalation_policy, $3),
       next_action_ms = COALESCE($4, next_action_ms)
     WHERE id = $1 RETURNING *`,
    [page.id, routed.severity, routed.escalationPolicy, startsEscalating ? nowMs : null],
  );
  if (startsEscalating) wakeAfterCommit('escalate', nowMs);
  await addPageEvent(tx, {
    pageId: page.id,
    atMs: nowMs,
    kind: 'severity_raised',
    actor: options.source,
    details: { from: page.severity, to: routed.severity, alert: options.alert },
  });
  // A page raised to a severity that declares incidents is, for incidents, a page opened at it.
  if (raised && (await incidentIdOfPage(tx, page.id)) === null) await ctx.hooks?.pageOpened?.(tx, raised);
}

async function openNewPage(
  ctx: AppContext,
  tx: Queryable,
  options: { alert: NormalisedAlert; routed: RoutedAlert; nowMs: number },
): Promise<PageRow> {
  const { alert, routed, nowMs } = options;
  const paging = pages(routed.severity);
  const page = await insertPage(tx, { alert, routed, escalates: paging, nowMs });
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
    const team = ctx.model.teams.find((t) => t.name === routed.team);
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

import {
  isFlapping,
  type NormalisedAlert,
  notifiesTeamChannel,
  pages,
  type RoutedAlert,
  silencedBy,
  upstreamCause,
} from '../alerting/index.ts';
import type { Service, Silence } from '../specs/index.ts';
import type { PageRow } from './page-row.ts';

/** What happens to one received alert, once its row is stored. */
export type AlertDecision =
  /** Resolved, and its page (if any) is already resolved: the row records it. */
  | { kind: 'record_resolved'; pageId: number | null }
  /** Resolved on an open page: the page's history says so, and the page resolves with its last alert. */
  | { kind: 'resolve_on_page'; page: PageRow; recordEvent: boolean; resolvePage: boolean }
  /** Acknowledged at the source: a triggered page is acknowledged too. */
  | { kind: 'acknowledge'; page: PageRow | null; acknowledgePage: boolean }
  /** Firing again on its open page: nothing more. */
  | { kind: 'update'; pageId: number }
  /** Held back by a silence or a severity that neither pages nor notifies. */
  | { kind: 'suppress'; reason: string }
  /** Joins the open page of its group. */
  | { kind: 'attach'; page: PageRow }
  /** Joins the open page of a failing service it depends on. */
  | { kind: 'attach_upstream'; pageId: number; upstream: string }
  /** Flapping: reopens the group's last page quietly instead of waking someone again. */
  | { kind: 'reopen'; page: PageRow }
  | { kind: 'open_page' };

/** How many status changes an alert keeps: enough for the flapping window. */
const KEPT_STATE_CHANGES = 20;

/** Whether the alert changed status against its stored row (a new alert has), and its change times since. */
export function statusChange(
  stored: { status: string; state_changes: readonly number[] } | undefined,
  status: NormalisedAlert['status'],
  nowMs: number,
): { changed: boolean; stateChanges: number[] } {
  const changed = !stored || stored.status !== status;
  const previous = stored?.state_changes ?? [];
  if (!changed) return { changed, stateChanges: previous.slice() };
  const kept = previous.slice(-(KEPT_STATE_CHANGES - 1));
  kept.push(nowMs);
  return { changed, stateChanges: kept };
}

/** A fact about other alerts and pages that is read only when a decision needs it. */
export type LazyFact = 'pageStillFiring' | 'groupPage' | 'pagingServices' | 'lastGroupPage';

/** What is known of the alert and the pages around it when deciding. */
export interface AlertFacts {
  /** The alert with its group key scoped to its integration. */
  alert: NormalisedAlert;
  routed: RoutedAlert;
  /** Whether the alert's status differs from the stored one (a new alert has changed). */
  changed: boolean;
  /** When the alert changed status, newest last, including this change. */
  stateChanges: readonly number[];
  /** The page the stored alert belongs to, if any. */
  pageId: number | null;
  /** That page, when it is not resolved. */
  openPage: PageRow | undefined;
  silences: readonly Silence[];
  services: readonly Service[];
  nowMs: number;
  // Read on demand (undefined: not read yet; null: read, there is none).
  /** Whether the open page still has an alert that is not resolved. */
  pageStillFiring?: boolean;
  /** The group's open page. */
  groupPage?: PageRow | null;
  /** The lowest open P0–P2 page of each service. */
  pagingServices?: ReadonlyArray<{ service: string; id: number }>;
  /** The group's newest page, whatever its status. */
  lastGroupPage?: PageRow | null;
}

/**
 * Decides what happens to one alert, or names the fact it needs first: the caller reads that fact and
 * asks again, so intake reads no page it does not need, in the order the rules apply.
 */
export function decideAlert(facts: AlertFacts): AlertDecision | { kind: 'read'; fact: LazyFact } {
  const { alert, routed, openPage, nowMs } = facts;
  switch (alert.status) {
    case 'resolved':
      if (!openPage) return { kind: 'record_resolved', pageId: facts.pageId };
      if (facts.pageStillFiring === undefined) return { kind: 'read', fact: 'pageStillFiring' };
      return {
        kind: 'resolve_on_page',
        page: openPage,
        recordEvent: facts.changed,
        resolvePage: !facts.pageStillFiring,
      };
    case 'acknowledged':
      return {
        kind: 'acknowledge',
        page: openPage ?? null,
        acknowledgePage: openPage?.status === 'triggered',
      };
    case 'firing':
      break;
  }
  if (openPage) return { kind: 'update', pageId: openPage.id };
  const silence = silencedBy(alert.labels, facts.silences, nowMs);
  if (silence) return { kind: 'suppress', reason: `silence:${silence.name}` };
  if (!pages(routed.severity) && !notifiesTeamChannel(routed.severity))
    return { kind: 'suppress', reason: `severity:${routed.severity}` };
  if (facts.groupPage === undefined) return { kind: 'read', fact: 'groupPage' };
  if (facts.groupPage) return { kind: 'attach', page: facts.groupPage };
  if (routed.service && pages(routed.severity)) {
    if (facts.pagingServices === undefined) return { kind: 'read', fact: 'pagingServices' };
    const paging = facts.pagingServices;
    const upstream = upstreamCause({
      service: routed.service,
      services: facts.services,
      pagingServices: new Set(paging.map((p) => p.service)),
    });
    const upstreamPage = upstream ? paging.find((p) => p.service === upstream) : undefined;
    if (upstream && upstreamPage) return { kind: 'attach_upstream', pageId: upstreamPage.id, upstream };
  }
  if (isFlapping(facts.stateChanges, nowMs)) {
    if (facts.lastGroupPage === undefined) return { kind: 'read', fact: 'lastGroupPage' };
    if (facts.lastGroupPage) return { kind: 'reopen', page: facts.lastGroupPage };
  }
  return { kind: 'open_page' };
}

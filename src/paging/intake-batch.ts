import type { NormalisedAlert, RoutedAlert } from '../alerting/index.ts';
import type { Queryable } from '../storage/index.ts';
import { statusChange } from './alert-decision.ts';
import {
  type AlertRowState,
  type AlertRowWrite,
  lastGroupPage,
  markAlertsSeen,
  openGroupPage,
  openPageById,
  openPagesByIds,
  pagingServices,
  type StoredAlertRow,
  upsertAlertRows,
} from './alert-store.ts';
import { insertPageEvents, type PageEventWrite } from './page-events.ts';
import type { PageRow } from './page-row.ts';

/** An alert row as this batch knows it: stored (with its id), or written by this batch only (id null). */
export interface KnownAlert extends AlertRowState {
  id: number | null;
}

/** One received alert, as this batch took it. */
export interface ReceivedAlert {
  /** Its identity within the batch. */
  key: string;
  alert: NormalisedAlert;
  row: KnownAlert;
  /** Whether its status differs from the stored one (a new alert has changed). */
  changed: boolean;
}

const identityOf = (alert: { source: string; integration: string | null; fingerprint: string }) =>
  `${alert.source}\u0000${alert.integration ?? ''}\u0000${alert.fingerprint}`;

/**
 * The writes of one intake transaction, batched: alert rows and page history entries wait here and go out
 * as one statement each, and an alert re-sent unchanged costs nothing past the read that marks it seen. Every other
 * statement runs through `query`, which writes what waits first, so reads see every earlier write and
 * writes keep their order. Pages read for one alert are kept for the next until a statement that is not a
 * read runs (it may have changed them); they are read without writing what waits, which never holds a
 * page.
 */
export class IntakeBatch implements Queryable {
  readonly engine: Queryable['engine'];
  private readonly known = new Map<string, KnownAlert>();
  private readonly pendingRows = new Map<string, AlertRowWrite>();
  private pendingEvents: PageEventWrite[] = [];
  private pageById = new Map<number, PageRow | null>();
  /** Pages read before a statement that may have changed them. */
  private forgotten = new Set<number>();
  private groupPages = new Map<string, PageRow | null>();
  private lastGroupPages = new Map<string, PageRow | null>();
  private paging: Array<{ service: string; id: number }> | undefined;

  constructor(
    private readonly tx: Queryable,
    private readonly nowMs: number,
  ) {
    this.engine = tx.engine;
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    await this.flush();
    if (!/^\s*SELECT\b/i.test(sql)) this.forgetPages();
    return this.tx.query<T>(sql, params);
  }

  /** Marks seen, locks and reads the stored rows of every alert about to be taken in, one query per integration. */
  async load(alerts: readonly NormalisedAlert[]): Promise<void> {
    const scopes = new Map<string, { source: string; integration: string; fingerprints: string[] }>();
    for (const alert of alerts) {
      if (this.known.has(identityOf(alert))) continue;
      const integration = alert.integration ?? '';
      const key = `${alert.source}\u0000${integration}`;
      const scope = scopes.get(key) ?? { source: alert.source, integration, fingerprints: [] };
      scope.fingerprints.push(alert.fingerprint);
      scopes.set(key, scope);
    }
    const pageIds = new Set<number>();
    for (const scope of scopes.values()) {
      const seen = { fingerprints: scope.fingerprints, nowMs: this.nowMs };
      for (const row of await markAlertsSeen(this.tx, scope, seen)) {
        this.known.set(identityOf({ ...scope, fingerprint: row.fingerprint }), knownOf(row));
        if (row.page_id !== null && !this.pageById.has(row.page_id)) pageIds.add(row.page_id);
      }
    }
    const open = await openPagesByIds(this.tx, [...pageIds]);
    for (const id of pageIds) this.pageById.set(id, null);
    for (const page of open) this.pageById.set(page.id, page);
  }

  /**
   * Takes the alert as received now against its row as stored or as this batch left it: whether its
   * status changed, and its row, to be written later, or only marked seen when nothing about it changed.
   */
  receive(options: { alert: NormalisedAlert; routed: RoutedAlert; nowMs: number }): ReceivedAlert {
    const { alert, routed } = options;
    const key = identityOf(alert);
    const before = this.known.get(key);
    const { changed, stateChanges } = statusChange(before, alert.status, options.nowMs);
    const row: KnownAlert = {
      id: before?.id ?? null,
      group_key: alert.groupKey,
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      summary: alert.summary,
      severity: routed.severity,
      service: routed.service,
      team: routed.team,
      ends_ms: alert.endsAtMs,
      page_id: before?.page_id ?? null,
      suppressed_by: before?.suppressed_by ?? null,
      state_changes: stateChanges,
    };
    this.known.set(key, row);
    const received = { key, alert, row, changed };
    const pending = this.pendingRows.get(key);
    // A stored alert re-sent unchanged was marked seen when the batch read it: nothing to write.
    if (pending || !before || before.id === null || !sameRow(before, row)) {
      this.pendingRows.set(key, rowWrite(received, pending?.starts_ms ?? alert.startsAtMs));
    }
    return received;
  }

  /** Sets which page the alert belongs to and why it did not page on its own. */
  setAlertPage(received: ReceivedAlert, options: { pageId?: number; suppressedBy: string | null }): void {
    const { key, row } = received;
    row.suppressed_by = options.suppressedBy;
    if (options.pageId !== undefined) row.page_id = options.pageId;
    const pending = this.pendingRows.get(key);
    if (pending) {
      pending.suppressed_by = row.suppressed_by;
      pending.page_id = row.page_id;
      return;
    }
    this.pendingRows.set(key, rowWrite(received, received.alert.startsAtMs));
  }

  addPageEvent(event: PageEventWrite): void {
    this.pendingEvents.push(event);
  }

  /** The page when it is not resolved. */
  async openPage(pageId: number): Promise<PageRow | undefined> {
    if (this.pageById.has(pageId)) return this.pageById.get(pageId) ?? undefined;
    if (this.forgotten.size === 0) {
      this.pageById.set(pageId, (await openPageById(this.tx, pageId)) ?? null);
      return this.pageById.get(pageId) ?? undefined;
    }
    // Pages read before a write are likely asked for again: read them back together, not one by one.
    const ids = [...this.forgotten, pageId];
    this.forgotten = new Set();
    const open = await openPagesByIds(this.tx, ids);
    for (const id of ids) this.pageById.set(id, null);
    for (const page of open) this.pageById.set(page.id, page);
    return this.pageById.get(pageId) ?? undefined;
  }

  async groupPage(groupKey: string): Promise<PageRow | null> {
    if (!this.groupPages.has(groupKey))
      this.groupPages.set(groupKey, (await openGroupPage(this.tx, groupKey)) ?? null);
    return this.groupPages.get(groupKey) ?? null;
  }

  async lastGroupPage(groupKey: string): Promise<PageRow | null> {
    if (!this.lastGroupPages.has(groupKey))
      this.lastGroupPages.set(groupKey, (await lastGroupPage(this.tx, groupKey)) ?? null);
    return this.lastGroupPages.get(groupKey) ?? null;
  }

  async pagingServices(): Promise<Array<{ service: string; id: number }>> {
    this.paging ??= await pagingServices(this.tx);
    return this.paging;
  }

  /** Writes everything waiting: alert rows, then page history. */
  async flush(): Promise<void> {
    if (this.pendingRows.size > 0) {
      const rows = [...this.pendingRows.values()];
      this.pendingRows.clear();
      await upsertAlertRows(this.tx, rows, this.nowMs);
    }
    if (this.pendingEvents.length > 0) {
      const events = this.pendingEvents;
      this.pendingEvents = [];
      await insertPageEvents(this.tx, events);
    }
  }

  private forgetPages(): void {
    for (const id of this.pageById.keys()) this.forgotten.add(id);
    this.pageById = new Map();
    this.groupPages = new Map();
    this.lastGroupPages = new Map();
    this.paging = undefined;
  }
}

function knownOf(row: StoredAlertRow): KnownAlert {
  const { fingerprint: _, ...known } = row;
  return known;
}

function rowWrite({ alert, row }: ReceivedAlert, startsMs: number): AlertRowWrite {
  return {
    source: alert.source,
    integration: alert.integration ?? '',
    fingerprint: alert.fingerprint,
    group_key: row.group_key,
    status: row.status,
    labels: row.labels,
    annotations: row.annotations,
    summary: row.summary,
    severity: row.severity,
    service: row.service,
    team: row.team,
    starts_ms: startsMs,
    ends_ms: row.ends_ms,
    state_changes: row.state_changes,
    page_id: row.page_id,
    suppressed_by: row.suppressed_by,
  };
}

/** Whether writing `next` over `stored` would change nothing but when it was last seen. */
function sameRow(stored: AlertRowState, next: AlertRowState): boolean {
  return (
    stored.status === next.status &&
    stored.group_key === next.group_key &&
    stored.summary === next.summary &&
    stored.severity === next.severity &&
    stored.service === next.service &&
    stored.team === next.team &&
    stored.ends_ms === next.ends_ms &&
    sameStrings(stored.labels, next.labels) &&
    sameStrings(stored.annotations, next.annotations) &&
    sameNumbers(stored.state_changes, next.state_changes)
  );
}

function sameStrings(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

import { describe, expect, it } from 'vitest';
import type { NormalisedAlert, RoutedAlert } from '../alerting/index.ts';
import { MINUTE_MS } from '../core/duration.ts';
import type { Severity } from '../specs/index.ts';
import { makeAlert, makeService, makeSilence } from '../testing/alerting-fixtures.ts';
import { type AlertFacts, decideAlert, statusChange } from './alert-decision.ts';
import type { PageRow } from './page-row.ts';

const nowMs = 1_000 * MINUTE_MS;

function routed(severity: Severity, service: string | null = 'orders'): RoutedAlert {
  return { service, team: 'shop', severity, escalationPolicy: 'shop', route: null };
}

function page(id: number, status: PageRow['status'] = 'triggered'): PageRow {
  return {
    id,
    group_key: 'prod-alertmanager|am:group',
    status,
    severity: 'P1',
    service: 'orders',
    team: 'shop',
    summary: 'orders error rate above 5 %',
    escalation_policy: 'shop',
    level: 0,
    loop: 0,
    round: 0,
    next_action_ms: null,
    assignee: null,
    upstream_page_id: null,
    created_ms: 0,
    acknowledged_ms: null,
    acknowledged_by: null,
    resolved_ms: null,
    resolved_by: null,
    snoozed_until_ms: null,
  };
}

function facts(
  overrides: Omit<Partial<AlertFacts>, 'alert'> & { alert?: Partial<NormalisedAlert> } = {},
): AlertFacts {
  const { alert, ...rest } = overrides;
  return {
    alert: makeAlert({ groupKey: 'prod-alertmanager|am:group', ...alert }),
    routed: routed('P1'),
    changed: true,
    stateChanges: [nowMs],
    pageId: null,
    openPage: undefined,
    silences: [],
    services: [makeService('orders', { dependsOn: ['db'] }), makeService('db')],
    nowMs,
    ...rest,
  };
}

/** Eight status changes in the last hour: more than the six a steady alert may make. */
const flapping = Array.from({ length: 8 }, (_, i) => nowMs - i * MINUTE_MS);

describe('decideAlert', () => {
  it('records a resolved alert whose page is already resolved, keeping that page', () => {
    expect(decideAlert(facts({ alert: { status: 'resolved' }, pageId: 7 }))).toEqual({
      kind: 'record_resolved',
      pageId: 7,
    });
  });

  it('resolves the open page with its last alert, and records the resolution only when it is new', () => {
    const open = page(7);
    const resolved = facts({ alert: { status: 'resolved' }, pageId: 7, openPage: open });
    expect(decideAlert(resolved)).toEqual({ kind: 'read', fact: 'pageStillFiring' });
    expect(decideAlert({ ...resolved, pageStillFiring: false })).toEqual({
      kind: 'resolve_on_page',
      page: open,
      recordEvent: true,
      resolvePage: true,
    });
    expect(decideAlert({ ...resolved, changed: false, pageStillFiring: true })).toEqual({
      kind: 'resolve_on_page',
      page: open,
      recordEvent: false,
      resolvePage: false,
    });
  });

  it('acknowledges a triggered page when the source acknowledges, and leaves an acknowledged one alone', () => {
    const triggered = page(7);
    expect(decideAlert(facts({ alert: { status: 'acknowledged' }, openPage: triggered }))).toEqual({
      kind: 'acknowledge',
      page: triggered,
      acknowledgePage: true,
    });
    const acknowledged = page(7, 'acknowledged');
    expect(decideAlert(facts({ alert: { status: 'acknowledged' }, openPage: acknowledged }))).toEqual({
      kind: 'acknowledge',
      page: acknowledged,
      acknowledgePage: false,
    });
    expect(decideAlert(facts({ alert: { status: 'acknowledged' } }))).toEqual({
      kind: 'acknowledge',
      page: null,
      acknowledgePage: false,
    });
  });

  it('only updates a re-sent firing alert of an open page, even when a silence matches it now', () => {
    const silence = makeSilence('db-work', [{ label: 'service', op: '=', value: 'orders' }], {
      startMs: 0,
      endMs: nowMs + MINUTE_MS,
    });
    expect(decideAlert(facts({ openPage: page(7), silences: [silence] }))).toEqual({
      kind: 'update',
      pageId: 7,
    });
  });

  it('suppresses a firing alert a silence matches, naming the silence, before reading any page', () => {
    const silence = makeSilence('db-work', [{ label: 'service', op: '=', value: 'orders' }], {
      startMs: 0,
      endMs: nowMs + MINUTE_MS,
    });
    expect(decideAlert(facts({ silences: [silence] }))).toEqual({
      kind: 'suppress',
      reason: 'silence:db-work',
    });
  });

  it('suppresses a P4 alert, which neither pages nor notifies', () => {
    expect(decideAlert(facts({ routed: routed('P4') }))).toEqual({ kind: 'suppress', reason: 'severity:P4' });
  });

  it("attaches a firing alert to its group's open page", () => {
    const groupPage = page(3);
    expect(decideAlert(facts({ groupPage, pagingServices: [] }))).toEqual({
      kind: 'attach',
      page: groupPage,
    });
  });

  it('attaches to the open page of a failing service it depends on, naming that service', () => {
    expect(decideAlert(facts({ groupPage: null }))).toEqual({ kind: 'read', fact: 'pagingServices' });
    const input = facts({ groupPage: null, pagingServices: [{ service: 'db', id: 5 }] });
    expect(decideAlert(input)).toEqual({ kind: 'attach_upstream', pageId: 5, upstream: 'db' });
  });

  it('does not attach a P3 alert upstream: only paging severities follow dependencies', () => {
    expect(decideAlert(facts({ routed: routed('P3'), groupPage: null }))).toEqual({ kind: 'open_page' });
  });

  it("reopens the group's last page quietly when the alert flaps", () => {
    const last = page(9, 'resolved');
    const input = facts({ stateChanges: flapping, groupPage: null, pagingServices: [] });
    expect(decideAlert(input)).toEqual({ kind: 'read', fact: 'lastGroupPage' });
    expect(decideAlert({ ...input, lastGroupPage: last })).toEqual({ kind: 'reopen', page: last });
  });

  it('opens a page otherwise, also for a flapping alert whose group never had one', () => {
    expect(decideAlert(facts({ groupPage: null, pagingServices: [] }))).toEqual({ kind: 'open_page' });
    const neverPaged = { stateChanges: flapping, groupPage: null, pagingServices: [], lastGroupPage: null };
    expect(decideAlert(facts(neverPaged))).toEqual({ kind: 'open_page' });
  });
});

describe('statusChange', () => {
  it('counts a new alert as changed, and a re-sent one with the same status as not', () => {
    expect(statusChange(undefined, 'firing', nowMs)).toEqual({ changed: true, stateChanges: [nowMs] });
    expect(statusChange({ status: 'firing', state_changes: [5] }, 'firing', nowMs)).toEqual({
      changed: false,
      stateChanges: [5],
    });
  });

  it('keeps the last 20 change times', () => {
    const stored = { status: 'firing', state_changes: Array.from({ length: 20 }, (_, i) => i) };
    const { changed, stateChanges } = statusChange(stored, 'resolved', nowMs);
    expect(changed).toBe(true);
    expect(stateChanges).toHaveLength(20);
    expect(stateChanges[0]).toBe(1);
    expect(stateChanges.at(-1)).toBe(nowMs);
  });
});

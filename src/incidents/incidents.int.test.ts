import { afterEach, describe, expect, it } from 'vitest';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { SloEngine } from '../engine/index.ts';
import { actOnPage, ingestAlerts } from '../paging/index.ts';
import { defaultIncidentPolicy, emptyModel, type Model } from '../specs/index.ts';
import { makeAlert, makePerson, makeService, makeTeam } from '../testing/alerting-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { acknowledgeIncidentOfPage, autoDeclareFromPages } from './auto-declare.ts';
import { declareIncident } from './declare-incident.ts';
import { addNote, postStatusUpdate } from './incident-notes.ts';
import { assignRole } from './incident-roles.ts';
import type { IncidentRow } from './incident-row.ts';
import { publicIncidents } from './public-store.ts';
import { remindStatusUpdates } from './remind-updates.ts';
import { incidentTimeline } from './timeline.ts';
import { setIncidentStatus, updateIncident } from './update-incident.ts';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;

// payment-db <- payment <- order <- storefront; fraud -> payment.
function model(): Model {
  return {
    ...emptyModel(),
    persons: [makePerson('ana'), makePerson('bo'), makePerson('cy')],
    teams: [makeTeam('payments', { contacts: [{ kind: 'webhook', url: 'http://127.0.0.1:9/team' }] })],
    services: [
      makeService('payment-db', { owner: 'payments' }),
      makeService('payment', { owner: 'payments', dependsOn: ['payment-db'] }),
      makeService('order', { owner: 'payments', dependsOn: ['payment'] }),
      makeService('storefront', { dependsOn: ['order'] }),
      makeService('fraud', { dependsOn: ['payment'] }),
      makeService('search'),
    ],
  };
}

const orderErrors = makeAlert({
  fingerprint: 'ord-1',
  groupKey: 'am:order',
  labels: { alertname: 'OrderErrors', service: 'order', severity: 'critical' },
  sourceSeverity: 'critical',
  summary: 'order error rate above 5 %',
  startsAtMs: T0 - 4 * MIN,
});

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

describe.each(await testEngines())('incidents on $name', (engine) => {
  async function setup(config: Model = model()) {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const clock = new FakeClock(T0);
    const resolved: number[] = [];
    const ctx: AppContext = createAppContext({
      db: opened.db,
      clock,
      logger: silentLogger,
      engine: new SloEngine(config),
      env: {},
      publicUrl: 'http://nines.test',
      linkSecret: 'test-link-secret-0123456789abcdef',
    });
    ctx.hooks = {
      pageOpened: autoDeclareFromPages(ctx),
      pageAcknowledged: acknowledgeIncidentOfPage,
      incidentResolved: async (_tx, id) => {
        resolved.push(id);
      },
    };
    return { ctx, clock, db: opened.db, resolved };
  }
  const incidents = (ctx: AppContext) => ctx.db.query<IncidentRow>('SELECT * FROM incidents ORDER BY id');

  it('declares a SEV2 from a P1 page, with onset, blast radius and the page linked; a second page joins it', async () => {
    const { ctx, clock } = await setup();
    const [outcome] = await ingestAlerts({ ctx, alerts: [orderErrors] });
    expect(outcome).toMatchObject({ outcome: 'paged' });
    const [incident] = await incidents(ctx);
    expect(incident).toMatchObject({
      severity: 'SEV2',
      status: 'investigating',
      title: 'order error rate above 5 %',
      services: ['order'],
      blast_radius: ['storefront'],
      declared_by: 'nines:incident-policy',
      started_ms: T0 - 4 * MIN,
      detected_ms: T0,
      acknowledged_ms: null,
      // SEV2 cadence: reminded after 30 min, due after 60 min.
      update_remind_ms: T0 + 30 * MIN,
      update_due_ms: T0 + 60 * MIN,
    });
    clock.advance(MIN);
    await ingestAlerts({
      ctx,
      alerts: [
        makeAlert({ ...orderErrors, fingerprint: 'ord-2', groupKey: 'am:order-latency', summary: 'slow' }),
      ],
    });
    expect(await incidents(ctx)).toHaveLength(1);
    const pages = await ctx.db.query<{ incident_id: number }>('SELECT incident_id FROM pages ORDER BY id');
    expect(pages.map((p) => p.incident_id)).toEqual([incident?.id, incident?.id]);
  });

  it('leaves P2 pages and a policy without auto-declaration alone', async () => {
    const { ctx } = await setup();
    await ingestAlerts({
      ctx,
      alerts: [
        makeAlert({
          ...orderErrors,
          labels: { ...orderErrors.labels, severity: 'warning' },
          sourceSeverity: 'warning',
        }),
      ],
    });
    expect(await ctx.db.query('SELECT id FROM pages')).toHaveLength(1);
    expect(await incidents(ctx)).toHaveLength(0);
  });

  it('keeps an auto-declared incident off the status page until a person posts its first public update', async () => {
    const { ctx, clock } = await setup();
    await ingestAlerts({ ctx, alerts: [orderErrors] });
    const [incident] = await incidents(ctx);
    const onStatusPage = async () => (await publicIncidents(ctx.db, 0)).map((row) => row.id);
    expect(incident).toMatchObject({ declared_by: 'nines:incident-policy', public: false });
    expect(await onStatusPage()).toEqual([]);
    // An internal update keeps it private.
    clock.advance(MIN);
    const id = incident?.id as number;
    await postStatusUpdate({ ctx, incidentId: id, actor: 'ana', message: 'Looking into it', public: false });
    expect(await onStatusPage()).toEqual([]);
    // The first public update publishes it, and the timeline says who did.
    clock.advance(MIN);
    await postStatusUpdate({ ctx, incidentId: id, actor: 'ana', message: 'Orders fail; we are on it.' });
    expect(await onStatusPage()).toEqual([id]);
    const timeline = await incidentTimeline(ctx.db, id);
    expect(timeline.filter((entry) => entry.kind === 'details_changed')).toEqual([
      expect.objectContaining({
        actor: 'ana',
        atMs: T0 + 2 * MIN,
        details: { changed: { public: true }, reason: 'first public status update' },
      }),
    ]);
  });

  it('publishes auto-declared incidents at once when the policy says immediately, and never a private one by an update', async () => {
    const immediately = {
      ...model(),
      incidentPolicies: [{ ...defaultIncidentPolicy(), publishAutoDeclared: 'immediately' as const }],
    };
    const { ctx } = await setup(immediately);
    await ingestAlerts({ ctx, alerts: [orderErrors] });
    const [auto] = await incidents(ctx);
    expect(auto?.public).toBe(true);
    expect((await publicIncidents(ctx.db, 0)).map((row) => row.id)).toEqual([auto?.id]);
    // A person who declares an incident private keeps it private, whatever updates say.
    const hidden = await declareIncident({
      ctx,
      actor: 'ana',
      input: { title: 'quiet', severity: 'SEV3', services: ['search'], public: false },
    });
    await postStatusUpdate({ ctx, incidentId: hidden.id, actor: 'ana', message: 'Public words' });
    expect((await publicIncidents(ctx.db, 0)).map((row) => row.id)).toEqual([auto?.id]);
  });

  it('keeps an append-only timeline merged with the linked page’s history', async () => {
    const { ctx, clock, resolved } = await setup();
    const [outcome] = await ingestAlerts({ ctx, alerts: [orderErrors] });
    const pageId = (outcome as { pageId: number }).pageId;
    const [incident] = await incidents(ctx);
    const id = incident?.id as number;
    clock.advance(2 * MIN);
    await actOnPage({ ctx, pageId, input: { action: 'ack' }, actor: 'ana' });
    await assignRole({ ctx, incidentId: id, actor: 'ana', role: 'commander', person: 'ana' });
    await assignRole({ ctx, incidentId: id, actor: 'ana', role: 'communications', person: 'bo' });
    await assignRole({ ctx, incidentId: id, actor: 'ana', role: 'sme', person: 'cy' });
    clock.advance(MIN);
    const note = await addNote({ ctx, incidentId: id, actor: 'ana', text: 'pool at 100 % on payment-db' });
    await addNote({
      ctx,
      incidentId: id,
      actor: 'ana',
      text: 'it was order-db, not payment-db',
      corrects: note.id,
    });
    await updateIncident({
      ctx,
      incidentId: id,
      actor: 'ana',
      changes: { severity: 'SEV1', reason: 'checkout fully down', services: ['order', 'payment'] },
    });
    await setIncidentStatus({ ctx, incidentId: id, actor: 'ana', status: 'identified' });
    clock.advance(5 * MIN);
    await postStatusUpdate({
      ctx,
      incidentId: id,
      actor: 'bo',
      message: 'Fix deployed',
      status: 'monitoring',
    });
    clock.advance(10 * MIN);
    await setIncidentStatus({ ctx, incidentId: id, actor: 'ana', status: 'resolved' });
    expect(resolved).toEqual([id]);

    const timeline = await incidentTimeline(ctx.db, id);
    expect(timeline.map((e) => e.kind)).toEqual([
      'page.triggered',
      'declared',
      'page_linked',
      'page.acknowledged',
      'role_assigned',
      'role_assigned',
      'role_assigned',
      'note',
      'correction',
      'severity_changed',
      'services_changed',
      'status_changed',
      'status_update',
      // The first public update publishes the auto-declared incident.
      'details_changed',
      'status_changed',
      'status_changed',
    ]);
    const correction = timeline.find((e) => e.kind === 'correction');
    expect(correction?.corrects).toBe(`incident:${note.id}`);
    expect(timeline.find((e) => e.kind === 'severity_changed')?.details).toEqual({
      from: 'SEV2',
      to: 'SEV1',
      reason: 'checkout fully down',
    });
    // The blast radius grows with payment: fraud and storefront depend on it (order is affected itself).
    const [after] = await incidents(ctx);
    expect(after).toMatchObject({
      status: 'resolved',
      severity: 'SEV1',
      roles: { commander: 'ana', communications: 'bo', sme: ['cy'] },
      blast_radius: ['fraud', 'storefront'],
      // ana acknowledged the page 2 min after detection: that is when someone took the incident on.
      acknowledged_ms: T0 + 2 * MIN,
      identified_ms: T0 + 3 * MIN,
      mitigated_ms: T0 + 8 * MIN,
      resolved_ms: T0 + 18 * MIN,
      update_remind_ms: null,
      update_due_ms: null,
    });
  });

  it('refuses resolving twice, reopening without a reason, unknown roles, people and services', async () => {
    const { ctx } = await setup();
    const incident = await declareIncident({
      ctx,
      actor: 'ana',
      input: { title: 'Search is slow', severity: 'SEV3', services: ['search'] },
    });
    await setIncidentStatus({ ctx, incidentId: incident.id, actor: 'ana', status: 'resolved' });
    await expect(
      setIncidentStatus({ ctx, incidentId: incident.id, actor: 'ana', status: 'resolved' }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already resolved/) });
    await expect(
      setIncidentStatus({ ctx, incidentId: incident.id, actor: 'ana', status: 'investigating' }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/needs a reason/) });
    await expect(
      assignRole({ ctx, incidentId: incident.id, actor: 'ana', role: 'hero', person: 'ana' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'unknown role "hero"' });
    await expect(
      assignRole({ ctx, incidentId: incident.id, actor: 'ana', role: 'commander', person: 'payments' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'person', message: expect.stringMatching(/not a team/) }],
    });
    await expect(
      declareIncident({ ctx, actor: 'ana', input: { title: 'x', severity: 'SEV4', services: ['serch'] } }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'unknown service: serch' });
    const reopened = await setIncidentStatus({
      ctx,
      incidentId: incident.id,
      actor: 'ana',
      status: 'investigating',
      reason: 'latency is back',
    });
    expect(reopened).toMatchObject({ status: 'investigating', resolved_ms: null });
    // Nothing refused left a trace: declared, resolved, reopened.
    const kinds = (await incidentTimeline(ctx.db, incident.id)).map((e) => e.kind);
    expect(kinds).toEqual(['declared', 'status_changed', 'reopened']);
  });

  it('announces a declaration and each resolution to the owning team, once each', async () => {
    const { ctx } = await setup();
    const incident = await declareIncident({
      ctx,
      actor: 'ana',
      input: { title: 'Orders fail', severity: 'SEV2', services: ['order'], commander: 'ana' },
    });
    const sent = async () =>
      (
        await ctx.db.query<{ recipient: string; message: { kind: string; details: string[] } }>(
          'SELECT recipient, message FROM deliveries WHERE incident_id = $1 ORDER BY id',
          [incident.id],
        )
      ).map((d) => `${d.recipient} ${d.message.kind}`);
    expect(await sent()).toEqual(['team:payments incident_declared']);
    const [declared] = await ctx.db.query<{ message: { details: string[]; pageUrl: string } }>(
      'SELECT message FROM deliveries WHERE incident_id = $1',
      [incident.id],
    );
    // The link opens the incident in the console, not the token-protected JSON.
    expect(declared?.message.pageUrl).toBe(`${ctx.publicUrl}/incidents/${incident.id}`);
    expect(declared?.message.details).toEqual([
      'Services: order',
      'Blast radius: storefront',
      'commander: ana',
    ]);
    await setIncidentStatus({ ctx, incidentId: incident.id, actor: 'ana', status: 'resolved' });
    await setIncidentStatus({
      ctx,
      incidentId: incident.id,
      actor: 'ana',
      status: 'investigating',
      reason: 'back',
    });
    await setIncidentStatus({ ctx, incidentId: incident.id, actor: 'ana', status: 'resolved' });
    expect(await sent()).toEqual([
      'team:payments incident_declared',
      'team:payments incident_resolved',
      'team:payments incident_resolved',
    ]);
  });

  it('reminds the communications lead when an update is due, records lateness, and restarts on each update', async () => {
    const { ctx, clock, db } = await setup();
    const incident = await declareIncident({
      ctx,
      actor: 'ana',
      input: { title: 'Checkout down', severity: 'SEV1', services: ['order'], commander: 'ana' },
    });
    await assignRole({ ctx, incidentId: incident.id, actor: 'ana', role: 'communications', person: 'bo' });
    const sent = async () =>
      (
        await db.query<{ recipient: string; message: { summary: string } }>(
          "SELECT recipient, message FROM deliveries WHERE incident_id = $1 AND message->>'kind' = 'update_due' ORDER BY id",
          [incident.id],
        )
      ).map((d) => `${d.recipient} ${d.message.summary}`);

    clock.advance(15 * MIN - 1);
    expect(await remindStatusUpdates({ ctx })).toBe(0);
    clock.advance(1);
    expect(await remindStatusUpdates({ ctx })).toBe(1);
    expect(await remindStatusUpdates({ ctx })).toBe(0);
    expect(await sent()).toEqual(['person:bo Status update due: Checkout down']);

    // Posted at 20 min, before the 30 min due time: on time; the next one is due at 50 min.
    clock.advance(5 * MIN);
    const first = await postStatusUpdate({
      ctx,
      incidentId: incident.id,
      actor: 'bo',
      message: 'Investigating',
    });
    expect(first).toMatchObject({ on_time: true, due_ms: T0 + 30 * MIN });

    // Nobody posts: reminded at 35 min, overdue at 50 min (bo and the commander), late update at 52 min.
    clock.advance(15 * MIN);
    expect(await remindStatusUpdates({ ctx })).toBe(1);
    clock.advance(15 * MIN);
    expect(await remindStatusUpdates({ ctx })).toBe(1);
    expect(await sent()).toEqual([
      'person:bo Status update due: Checkout down',
      'person:bo Status update due: Checkout down',
      'person:bo Status update overdue: Checkout down',
      'person:ana Status update overdue: Checkout down',
    ]);
    clock.advance(2 * MIN);
    const late = await postStatusUpdate({
      ctx,
      incidentId: incident.id,
      actor: 'bo',
      message: 'Still on it',
    });
    // After the miss at 50 min the next period ran from 50: due at 80 min, so 52 min is on time for it.
    expect(late).toMatchObject({ on_time: true, due_ms: T0 + 80 * MIN });
    const kinds = (await incidentTimeline(db, incident.id))
      .filter((e) => e.source === 'incident')
      .map((e) => e.kind);
    expect(kinds.filter((k) => k.startsWith('update_') || k === 'status_update')).toEqual([
      'update_reminder',
      'status_update',
      'update_reminder',
      'update_overdue',
      'status_update',
    ]);
  });
});

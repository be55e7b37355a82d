import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../core/duration.ts';
import { autoDeclareFromPages } from '../../incidents/index.ts';
import { ingestAlerts } from '../../paging/index.ts';
import { createPagingApp, expectJson, firingAlert } from '../../testing/paging-fixtures.ts';
import type { TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
  t.ctx.hooks = { pageOpened: autoDeclareFromPages(t.ctx) };
});
afterAll(() => t.close());

interface Incident {
  id: number;
  title: string;
  severity: string;
  status: string;
  services: string[];
  blastRadius: string[];
  roles: Record<string, unknown>;
  pages: Array<{ id: number }>;
  updates: Array<{ status: string; message: string; public: boolean; onTime: boolean | null }>;
  resolvedAt: string | null;
}
interface Timeline {
  timeline: Array<{
    id: string;
    kind: string;
    actor: string;
    details: Record<string, unknown>;
    corrects: string | null;
  }>;
}

const write = (method: string, path: string, body?: unknown) =>
  t.call(method, path, { token: t.tokens.write, body });
const declare = (body: unknown) => write('POST', '/api/v1/incidents', body);

describe('incidents API', () => {
  it('declares an incident with its blast radius and shows it to read tokens only as read', async () => {
    const incident = await expectJson<Incident>(
      await declare({
        title: 'Payments API failing',
        severity: 'SEV2',
        services: ['payments-api'],
        commander: 'alice',
      }),
      201,
    );
    // checkout and search both call payments-api.
    expect(incident).toMatchObject({
      severity: 'SEV2',
      status: 'investigating',
      services: ['payments-api'],
      blastRadius: ['checkout', 'search'],
      roles: { commander: 'alice' },
    });
    expect(
      (await t.call('POST', '/api/v1/incidents', { body: { title: 'x', severity: 'SEV4' } })).status,
    ).toBe(403);
    const listed = await expectJson<{ incidents: Incident[] }>(
      await t.call('GET', '/api/v1/incidents?status=open'),
      200,
    );
    expect(listed.incidents.map((i) => i.id)).toContain(incident.id);
  });

  it('refuses bad declarations with every problem named and stores nothing', async () => {
    const before = await t.db.query('SELECT id FROM incidents');
    const bad = await expectJson<{ error: { code: string; details: Array<{ path: string }> } }>(
      await declare({ title: '', severity: 'SEV5', services: ['nope'], extra: 1 }),
      400,
    );
    expect(bad.error.code).toBe('invalid_input');
    expect(bad.error.details.map((d) => d.path).sort()).toEqual(['', 'severity', 'title']);
    const unknown = await expectJson<{ error: { message: string } }>(
      await declare({ title: 'x', severity: 'SEV3', services: ['serch'] }),
      400,
    );
    expect(unknown.error.message).toBe('unknown service: serch');
    expect(await t.db.query('SELECT id FROM incidents')).toHaveLength(before.length);
  });

  it('runs an auto-declared incident: roles, notes and corrections, updates, resolution', async () => {
    const [outcome] = await ingestAlerts({ ctx: t.ctx, alerts: [firingAlert('api-flow')] });
    const pageId = (outcome as { pageId: number }).pageId;
    const [row] = await t.db.query<{ id: number; severity: string }>(
      'SELECT id, severity FROM incidents WHERE id = (SELECT incident_id FROM pages WHERE id = $1)',
      [pageId],
    );
    const id = row?.id as number;
    expect(row?.severity).toBe('SEV2');
    const base = `/api/v1/incidents/${id}`;

    await expectJson(await write('POST', `${base}/roles`, { role: 'commander', person: 'alice' }), 200);
    await expectJson(await write('POST', `${base}/roles`, { role: 'communications', person: 'bob' }), 200);
    const unknownRole = await expectJson<{ error: { message: string } }>(
      await write('POST', `${base}/roles`, { role: 'captain', person: 'bob' }),
      400,
    );
    expect(unknownRole.error.message).toBe('unknown role "captain"');

    const note = await expectJson<{ id: string }>(
      await write('POST', `${base}/notes`, { text: 'orders pods OOM' }),
      201,
    );
    await expectJson(
      await write('POST', `${base}/notes`, { text: 'not OOM: pool exhausted', corrects: note.id }),
      201,
    );
    t.clock.advance(10 * MINUTE_MS);
    const update = await expectJson<{ onTime: boolean; status: string }>(
      await write('POST', `${base}/updates`, { message: 'We found the cause', status: 'identified' }),
      201,
    );
    // SEV2 updates are due 60 min after declaration; this one came at 10 min.
    expect(update).toMatchObject({ onTime: true, status: 'identified' });
    await expectJson(
      await write('POST', `${base}/updates`, { message: 'internal: db failover at 14:05', public: false }),
      201,
    );
    await expectJson(await write('PATCH', base, { severity: 'SEV1', reason: 'all checkouts fail' }), 200);
    const resolved = await expectJson<Incident>(
      await write('POST', `${base}/status`, { status: 'resolved' }),
      200,
    );
    expect(resolved.status).toBe('resolved');
    expect(resolved.pages.map((p) => p.id)).toEqual([pageId]);
    expect(resolved.updates.map((u) => [u.status, u.public])).toEqual([
      ['identified', true],
      ['identified', false],
    ]);

    const twice = await write('POST', `${base}/status`, { status: 'resolved' });
    expect(twice.status).toBe(409);
    const reopen = await expectJson<{ error: { message: string } }>(
      await write('POST', `${base}/status`, { status: 'investigating' }),
      409,
    );
    expect(reopen.error.message).toMatch(/needs a reason/);

    const { timeline } = await expectJson<Timeline>(await t.call('GET', `${base}/timeline`), 200);
    const kinds = timeline.map((e) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['page.triggered', 'declared', 'page_linked']);
    expect(kinds).toContain('correction');
    expect(timeline.find((e) => e.kind === 'correction')).toMatchObject({
      corrects: note.id,
      actor: 'write-token',
    });
    expect(kinds.at(-1)).toBe('status_changed');
  });

  it('shows declarations and public updates on the status page at once, not after the snapshot ages', async () => {
    const before = await (await t.call('GET', '/status', { token: null })).text();
    expect(before).not.toContain('Card payments are declined');
    const incident = await expectJson<Incident>(
      await declare({ title: 'issuer-gw 502s', severity: 'SEV2', publicTitle: 'Card payments are declined' }),
      201,
    );
    const declared = await (await t.call('GET', '/status', { token: null })).text();
    expect(declared).toContain('Card payments are declined');
    expect(declared).not.toContain('issuer-gw');
    await expectJson(
      await write('POST', `/api/v1/incidents/${incident.id}/updates`, { message: 'Retries now succeed.' }),
      201,
    );
    expect(await (await t.call('GET', '/status', { token: null })).text()).toContain('Retries now succeed.');
  });

  it('offers no way to edit or delete the timeline', async () => {
    const incident = await expectJson<Incident>(
      await declare({ title: 'Search degraded', severity: 'SEV3' }),
      201,
    );
    const note = await expectJson<{ id: string }>(
      await write('POST', `/api/v1/incidents/${incident.id}/notes`, { text: 'first note' }),
      201,
    );
    const eventId = note.id.slice('incident:'.length);
    for (const [method, path] of [
      ['PUT', `/api/v1/incidents/${incident.id}/notes/${eventId}`],
      ['PATCH', `/api/v1/incidents/${incident.id}/notes/${eventId}`],
      ['DELETE', `/api/v1/incidents/${incident.id}/notes/${eventId}`],
      ['DELETE', `/api/v1/incidents/${incident.id}/timeline`],
      ['PUT', `/api/v1/incidents/${incident.id}/timeline`],
      ['DELETE', `/api/v1/incidents/${incident.id}`],
    ] as const) {
      expect(
        (await t.call(method, path, { token: t.tokens.admin, body: { text: 'rewritten' } })).status,
      ).toBe(404);
    }
    const { timeline } = await expectJson<Timeline>(
      await t.call('GET', `/api/v1/incidents/${incident.id}/timeline`),
      200,
    );
    expect(timeline.map((e) => [e.kind, e.details.text ?? null])).toEqual([
      ['declared', null],
      ['note', 'first note'],
    ]);
    const foreign = await write('POST', `/api/v1/incidents/${incident.id}/notes`, {
      text: 'x',
      corrects: 'incident:999999',
    });
    expect(foreign.status).toBe(400);
  });
});

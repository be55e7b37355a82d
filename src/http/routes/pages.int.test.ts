import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../core/duration.ts';
import { escalateDuePages, ingestAlerts } from '../../paging/index.ts';
import { CAROL_SLACK_URL, createPagingApp, expectJson, firingAlert } from '../../testing/paging-fixtures.ts';
import type { TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

interface Page {
  id: number;
  status: string;
  severity: string;
  service: string | null;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  assignee: string | null;
  snoozedUntil: string | null;
}

/** Opens a page for a new alert group and returns its id. */
async function openPage(fingerprint: string): Promise<number> {
  const [outcome] = await ingestAlerts({ ctx: t.ctx, alerts: [firingAlert(fingerprint)] });
  if (outcome?.outcome !== 'paged') throw new Error(`expected a page, got ${JSON.stringify(outcome)}`);
  return outcome.pageId;
}

const act = (id: number, action: string, body?: unknown, token = t.tokens.write) =>
  t.call('POST', `/api/v1/pages/${id}/${action}`, { token, body });

describe('GET /api/v1/pages', () => {
  it('lists pages newest first and filters by status and service', async () => {
    const older = await openPage('list-1');
    t.clock.advance(MINUTE_MS);
    const newer = await openPage('list-2');
    await expectJson(await act(older, 'ack'), 200);

    const all = await expectJson<{ pages: Page[] }>(await t.call('GET', '/api/v1/pages?service=orders'), 200);
    const ids = all.pages.map((p) => p.id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    const acknowledged = await expectJson<{ pages: Page[] }>(
      await t.call('GET', '/api/v1/pages?status=acknowledged'),
      200,
    );
    expect(acknowledged.pages.map((p) => p.id)).toContain(older);
    expect(acknowledged.pages.map((p) => p.id)).not.toContain(newer);
    expect((await t.call('GET', '/api/v1/pages?status=open')).status).toBe(400);
  });

  it('shows a page with its alerts, history and deliveries, hiding contact secrets', async () => {
    const id = await openPage('detail-1');
    await escalateDuePages({ ctx: t.ctx });
    t.clock.advance(5 * MINUTE_MS);
    await escalateDuePages({ ctx: t.ctx });
    const response = await t.call('GET', `/api/v1/pages/${id}`);
    const text = await response.clone().text();
    const page = await expectJson<{
      alerts: Array<{ fingerprint: string; status: string }>;
      events: Array<{ kind: string; actor: string }>;
      deliveries: Array<{ recipient: string; contact: object; status: string }>;
    }>(response, 200);
    expect(page.alerts).toMatchObject([{ fingerprint: 'detail-1', status: 'firing' }]);
    expect(page.events.map((e) => e.kind)).toEqual(['triggered', 'escalated', 'escalated']);
    // Level 1 is the schedule (alice on call at START), level 2 is carol.
    expect(page.deliveries).toEqual([
      expect.objectContaining({
        recipient: 'person:alice',
        contact: { kind: 'webhook', host: 'hooks.example.test' },
        status: 'pending',
      }),
      expect.objectContaining({
        recipient: 'person:carol',
        contact: { kind: 'slack', host: 'hooks.slack.test' },
      }),
    ]);
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain(CAROL_SLACK_URL);
    expect(text).not.toContain('/ack/');
  });

  it('answers 404 for an unknown or non-numeric page id', async () => {
    expect((await t.call('GET', '/api/v1/pages/999999')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/pages/abc')).status).toBe(404);
  });
});

describe('POST /api/v1/pages/{id}/ack|resolve|snooze|reassign', () => {
  it('acknowledges and resolves as the token, and refuses to do either twice', async () => {
    const id = await openPage('act-1');
    const acked = await expectJson<Page>(await act(id, 'ack'), 200);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'write-token' });
    expect((await act(id, 'ack')).status).toBe(409);
    const resolved = await expectJson<Page>(await act(id, 'resolve'), 200);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'write-token' });
    const again = await expectJson<{ error: { code: string } }>(await act(id, 'resolve'), 409);
    expect(again.error.code).toBe('conflict');
  });

  it('snoozes for a duration and refuses a bad one', async () => {
    const id = await openPage('snooze-1');
    expect((await act(id, 'snooze', { duration: 'soon' })).status).toBe(400);
    expect((await act(id, 'snooze')).status).toBe(400);
    expect((await act(id, 'snooze', { duration: '10s' })).status).toBe(400);
    const snoozed = await expectJson<Page>(await act(id, 'snooze', { duration: '30m' }), 200);
    expect(snoozed.status).toBe('acknowledged');
    expect(snoozed.snoozedUntil).toBe(new Date(t.clock.now() + 30 * MINUTE_MS).toISOString());
  });

  it('reassigns to a known person only', async () => {
    const id = await openPage('reassign-1');
    const unknown = await expectJson<{ error: { details: Array<{ path: string }> } }>(
      await act(id, 'reassign', { person: 'mallory' }),
      400,
    );
    expect(unknown.error.details[0]?.path).toBe('person');
    const reassigned = await expectJson<Page>(await act(id, 'reassign', { person: 'bob' }), 200);
    expect(reassigned).toMatchObject({ status: 'triggered', assignee: 'bob' });
  });

  it('needs the write scope and an existing page', async () => {
    const id = await openPage('scope-1');
    expect((await act(id, 'ack', undefined, t.tokens.read)).status).toBe(403);
    expect((await act(999999, 'ack')).status).toBe(404);
    const [row] = await t.db.query<{ status: string }>('SELECT status FROM pages WHERE id = $1', [id]);
    expect(row?.status).toBe('triggered');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/duration.ts';
import { createPagingApp, expectJson } from '../../testing/paging-fixtures.ts';
import { START, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

interface OnCallAnswer {
  at: string;
  oncall: Array<{ schedule: string; person: string | null; layer: string | null; until: string | null }>;
}

const startMs = Date.parse(START);
const iso = (ms: number) => new Date(ms).toISOString();
const overrides = '/api/v1/schedules/commerce-primary/overrides';

describe('GET /api/v1/oncall', () => {
  it('names who is on call now and at another instant', async () => {
    // Weekly turns from Monday 2026-03-02 09:00 UTC: alice, then bob from 03-09, carol from 03-16.
    expect(await expectJson<OnCallAnswer>(await t.call('GET', '/api/v1/oncall'), 200)).toEqual({
      at: START,
      oncall: [
        { schedule: 'commerce-primary', person: 'alice', layer: 'weekly', until: '2026-03-09T09:00:00.000Z' },
      ],
    });
    const later = await expectJson<OnCallAnswer>(
      await t.call('GET', '/api/v1/oncall?at=2026-03-10T00:00:00Z'),
      200,
    );
    expect(later.oncall[0]).toMatchObject({ person: 'bob', until: '2026-03-16T09:00:00.000Z' });
    const epoch = await expectJson<OnCallAnswer>(
      await t.call('GET', `/api/v1/oncall?at=${Date.parse('2026-03-17T00:00:00Z')}`),
      200,
    );
    expect(epoch.oncall[0]?.person).toBe('carol');
    expect((await t.call('GET', '/api/v1/oncall?at=tomorrow')).status).toBe(400);
  });
});

describe('schedule overrides', () => {
  it('put the override person on call until it ends or is deleted, auditing both', async () => {
    const created = await expectJson<{
      id: string;
      person: string;
      start: string;
      end: string;
      createdBy: string;
    }>(
      await t.call('POST', overrides, {
        token: t.tokens.write,
        body: { person: 'carol', start: iso(startMs - HOUR_MS), end: iso(startMs + 2 * HOUR_MS) },
      }),
      201,
    );
    expect(created).toMatchObject({
      person: 'carol',
      end: iso(startMs + 2 * HOUR_MS),
      createdBy: 'write-token',
    });
    const during = await expectJson<OnCallAnswer>(await t.call('GET', '/api/v1/oncall'), 200);
    expect(during.oncall[0]).toEqual({
      schedule: 'commerce-primary',
      person: 'carol',
      layer: 'override',
      until: iso(startMs + 2 * HOUR_MS),
    });
    const listed = await expectJson<{ overrides: Array<{ id: string }> }>(
      await t.call('GET', overrides),
      200,
    );
    expect(listed.overrides.map((o) => o.id)).toEqual([created.id]);

    await expectJson(await t.call('DELETE', `${overrides}/${created.id}`, { token: t.tokens.write }), 200);
    const after = await expectJson<OnCallAnswer>(await t.call('GET', '/api/v1/oncall'), 200);
    expect(after.oncall[0]?.person).toBe('alice');
    expect((await t.call('DELETE', `${overrides}/${created.id}`, { token: t.tokens.write })).status).toBe(
      404,
    );
    const audit = await t.db.query<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY id',
      [created.id],
    );
    expect(audit).toEqual([
      { action: 'override.create', actor: 'write-token' },
      { action: 'override.delete', actor: 'write-token' },
    ]);
  });

  it('refuses unknown people and schedules, backwards or too long ranges, and read-only tokens', async () => {
    const post = (body: object, path = overrides, token = t.tokens.write) =>
      t.call('POST', path, { token, body });
    const ok = { person: 'bob', start: START, end: iso(startMs + HOUR_MS) };
    const problem = async (response: Response) =>
      (await expectJson<{ error: { details: Array<{ path: string }> } }>(response, 400)).error.details[0]
        ?.path;
    expect(await problem(await post({ ...ok, person: 'mallory' }))).toBe('person');
    expect(await problem(await post({ ...ok, end: START }))).toBe('end');
    expect(await problem(await post({ ...ok, end: iso(startMs + 91 * 24 * HOUR_MS) }))).toBe('end');
    expect(await problem(await post({ ...ok, start: 'soon' }))).toBe('start');
    expect((await post(ok, '/api/v1/schedules/nope/overrides')).status).toBe(404);
    expect((await post(ok, overrides, t.tokens.read)).status).toBe(403);
    const [row] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM schedule_overrides WHERE person = 'bob'",
    );
    expect(row?.n).toBe(0);
  });
});

describe('GET /api/v1/schedules/{name}/ical', () => {
  it('exports the final schedule as iCalendar with a bearer token or ?token=', async () => {
    const response = await t.call('GET', '/api/v1/schedules/commerce-primary/ical?weeks=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    // Two weeks from Monday 12:00: the rest of alice's turn, all of bob's, and the start of carol's.
    expect(text.match(/SUMMARY:On call: \w+/g)).toEqual([
      'SUMMARY:On call: alice',
      'SUMMARY:On call: bob',
      'SUMMARY:On call: carol',
    ]);
    const viaQuery = await t.call('GET', `/api/v1/schedules/commerce-primary/ical?token=${t.tokens.read}`, {
      token: null,
    });
    expect(viaQuery.status).toBe(200);
    expect(await viaQuery.text()).toContain('BEGIN:VCALENDAR');
  });

  it('needs a valid token and a known schedule and refuses more than 26 weeks', async () => {
    const path = '/api/v1/schedules/commerce-primary/ical';
    expect((await t.call('GET', path, { token: null })).status).toBe(401);
    expect((await t.call('GET', `${path}?token=nines_wrong`, { token: null })).status).toBe(401);
    expect((await t.call('GET', `${path}?weeks=27`)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/schedules/nope/ical')).status).toBe(404);
  });
});

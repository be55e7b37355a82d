import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../core/duration.ts';
import { ingestAlerts } from '../../paging/index.ts';
import { createPagingApp, expectJson, firingAlert } from '../../testing/paging-fixtures.ts';
import { START, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

interface Silence {
  id: string;
  origin: 'config' | 'api';
  matchers: string[];
  start: string;
  end: string;
  active: boolean;
}

const startMs = Date.parse(START);
const create = (body: object, token = t.tokens.write) => t.call('POST', '/api/v1/silences', { token, body });

describe('silences', () => {
  it('suppress a matching alert until expired, and list config and API silences', async () => {
    const silence = await expectJson<Silence>(
      await create({
        matchers: ['service="orders"', 'env=~"prod|staging"'],
        duration: '2h',
        comment: 'deploy',
      }),
      201,
    );
    expect(silence).toMatchObject({
      origin: 'api',
      matchers: ['service="orders"', 'env=~"prod|staging"'],
      start: START,
      end: new Date(startMs + 2 * HOUR_MS).toISOString(),
      active: true,
    });
    const labels = { alertname: 'Down', service: 'orders', env: 'prod', severity: 'critical' };
    const [muted] = await ingestAlerts({ ctx: t.ctx, alerts: [firingAlert('s1', { labels })] });
    expect(muted).toEqual({
      alert: 'alertmanager:s1',
      outcome: 'suppressed',
      reason: `silence:${silence.id}`,
    });
    const [pages] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pages');
    expect(pages?.n).toBe(0);
    // What a silence suppresses is recorded, not lost: it is listed with the reason.
    const held = await expectJson<{
      alerts: Array<{ fingerprint: string; suppressedBy: string; pageId: number | null }>;
    }>(await t.call('GET', '/api/v1/received-alerts?suppressed=true'), 200);
    expect(held.alerts.map((a) => [a.fingerprint, a.suppressedBy, a.pageId])).toEqual([
      ['s1', `silence:${silence.id}`, null],
    ]);

    const listed = await expectJson<{ silences: Silence[] }>(await t.call('GET', '/api/v1/silences'), 200);
    expect(listed.silences.map((s) => [s.id, s.origin, s.active])).toEqual([
      ['search-maintenance', 'config', true],
      [silence.id, 'api', true],
    ]);

    t.clock.advance(MINUTE_MS);
    const ended = await expectJson<Silence>(
      await t.call('DELETE', `/api/v1/silences/${silence.id}`, { token: t.tokens.write }),
      200,
    );
    expect(ended).toMatchObject({ active: false, end: new Date(startMs + MINUTE_MS).toISOString() });
    const [paged] = await ingestAlerts({ ctx: t.ctx, alerts: [firingAlert('s2', { labels })] });
    expect(paged?.outcome).toBe('paged');
    const audit = await t.db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target = $1 ORDER BY id',
      [silence.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['silence.create', 'silence.expire']);
  });

  it('refuse to expire config silences, unknown ones and ended ones', async () => {
    const del = (id: string) => t.call('DELETE', `/api/v1/silences/${id}`, { token: t.tokens.write });
    const config = await expectJson<{ error: { message: string } }>(await del('search-maintenance'), 409);
    expect(config.error.message).toContain('defined in config');
    expect((await del('nope')).status).toBe(404);
    const short = await expectJson<Silence>(
      await create({
        matchers: ['service="search"'],
        end: new Date(startMs + 2 * HOUR_MS).toISOString(),
        comment: 'x',
      }),
      201,
    );
    await expectJson(await del(short.id), 200);
    expect((await del(short.id)).status).toBe(409);
  });

  it('refuse bad matchers, ambiguous or past ranges, a missing comment and read-only tokens', async () => {
    const paths = async (response: Response) =>
      (await expectJson<{ error: { details: Array<{ path: string }> } }>(response, 400)).error.details.map(
        (d) => d.path,
      );
    expect(await paths(await create({ matchers: ['service=="x"'], duration: '1h', comment: 'c' }))).toEqual([
      'matchers.0',
    ]);
    expect(await paths(await create({ matchers: [], duration: '1h', comment: 'c' }))).toEqual(['matchers']);
    const both = {
      matchers: ['a="b"'],
      duration: '1h',
      end: new Date(startMs + HOUR_MS).toISOString(),
      comment: 'c',
    };
    expect(await paths(await create(both))).toEqual(['end']);
    expect(await paths(await create({ matchers: ['a="b"'], end: START, comment: 'c' }))).toEqual(['end']);
    expect(await paths(await create({ matchers: ['a="b"'], duration: '1h' }))).toEqual(['comment']);
    expect((await create({ matchers: ['a="b"'], duration: '1h', comment: 'c' }, t.tokens.read)).status).toBe(
      403,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { createTestApp, START, type TestApp } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

interface Deploy {
  id: number;
  service: string;
  version: string;
  environment: string;
  strategy: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string | null;
  commits: Array<{ sha: string; time: string }>;
  leadTimeSeconds: number | null;
  events?: Array<{ kind: string; actor: string; details: Record<string, unknown> }>;
}

const startMs = Date.parse(START);
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(await testEngines())('deploys on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({ openDb: async () => opened.db });
  });
  afterAll(async () => {
    await t.close().catch(() => {});
    await dispose().catch(() => {});
  });

  const start = (body: object, token = t.tokens.write) => t.call('POST', '/api/v1/deploys', { token, body });

  it('records a deploy, ends it once, and gives its lead time from the oldest commit', async () => {
    const created = await expectJson<Deploy>(
      await start({
        service: 'checkout',
        version: 'v2.4.1',
        strategy: 'canary',
        commits: [
          { sha: 'ABC1234', time: iso(startMs - 90 * 60_000) },
          { sha: 'def5678', time: iso(startMs - 30 * 60_000) },
        ],
      }),
      201,
    );
    expect(created).toMatchObject({
      service: 'checkout',
      version: 'v2.4.1',
      environment: 'production',
      strategy: 'canary',
      actor: 'write-token',
      startedAt: START,
      finishedAt: null,
      outcome: null,
      leadTimeSeconds: null,
    });
    expect(created.commits[0]).toEqual({ sha: 'abc1234', time: iso(startMs - 90 * 60_000) });

    t.clock.advance(10 * 60_000);
    const finished = await expectJson<Deploy>(
      await t.call('POST', `/api/v1/deploys/${created.id}/finish`, {
        token: t.tokens.write,
        body: { outcome: 'succeeded' },
      }),
      200,
    );
    // 90 minutes before the start to 10 minutes after it: 100 minutes = 6,000 s.
    expect(finished).toMatchObject({
      outcome: 'succeeded',
      finishedAt: iso(startMs + 10 * 60_000),
      leadTimeSeconds: 6_000,
    });

    const again = await t.call('POST', `/api/v1/deploys/${created.id}/finish`, {
      token: t.tokens.write,
      body: { outcome: 'rolled_back' },
    });
    expect(again.status).toBe(409);
    const shown = await expectJson<Deploy>(await t.call('GET', `/api/v1/deploys/${created.id}`), 200);
    expect(shown.outcome).toBe('succeeded');
    expect(shown.events?.map((e) => [e.kind, e.actor, e.details])).toEqual([
      ['started', 'write-token', { version: 'v2.4.1', environment: 'production', strategy: 'canary' }],
      ['finished', 'write-token', { outcome: 'succeeded' }],
    ]);
    const audit = await t.db.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target = $1 ORDER BY id',
      [String(created.id)],
    );
    expect(audit.map((a) => a.action)).toEqual(['deploy.start', 'deploy.finish']);
  });

  it('lists deploys running in a range, per service, newest first', async () => {
    const base = t.clock.now();
    const early = await expectJson<Deploy>(
      await start({ service: 'search', version: '1', startedAt: base - 5 * 86_400_000 }),
      201,
    );
    await t.call('POST', `/api/v1/deploys/${early.id}/finish`, {
      token: t.tokens.write,
      body: { outcome: 'failed', finishedAt: base - 5 * 86_400_000 + 600_000 },
    });
    const late = await expectJson<Deploy>(
      await start({ service: 'search', version: '2', actor: 'ci-bot' }),
      201,
    );
    const all = await expectJson<{ deploys: Deploy[] }>(
      await t.call('GET', '/api/v1/deploys?service=search'),
      200,
    );
    expect(all.deploys.map((d) => [d.version, d.actor, d.outcome])).toEqual([
      ['2', 'ci-bot', null],
      ['1', 'write-token', 'failed'],
    ]);
    const recent = await expectJson<{ deploys: Deploy[] }>(
      await t.call('GET', `/api/v1/deploys?service=search&from=${iso(base - 86_400_000)}`),
      200,
    );
    expect(recent.deploys.map((d) => d.id)).toEqual([late.id]);
  });

  it('refuses what it cannot record, with the field named, and stores nothing', async () => {
    const before = await t.db.query('SELECT id FROM deploys');
    const refusals: Array<[object, string]> = [
      [{ service: 'nope', version: '1' }, 'service'],
      [{ service: 'checkout' }, 'version'],
      [{ service: 'checkout', version: '1', strategy: 'yolo' }, 'strategy'],
      [{ service: 'checkout', version: '1', commits: [{ sha: 'zz', time: START }] }, 'commits.0.sha'],
      [
        { service: 'checkout', version: '1', commits: [{ sha: 'abcd', time: 'yesterday' }] },
        'commits.0.time',
      ],
    ];
    for (const [body, path] of refusals) {
      const answer = await expectJson<{ error: { details?: Array<{ path: string }> } }>(
        await start(body),
        400,
      );
      expect(answer.error.details?.map((d) => d.path)).toContain(path);
    }
    expect(await t.db.query('SELECT id FROM deploys')).toEqual(before);
    expect((await start({ service: 'checkout', version: '1' }, t.tokens.read)).status).toBe(403);
    expect(
      (
        await t.call('POST', '/api/v1/deploys/999999/finish', {
          token: t.tokens.write,
          body: { outcome: 'failed' },
        })
      ).status,
    ).toBe(404);
    expect((await t.call('GET', '/api/v1/deploys/abc')).status).toBe(404);
  });

  it('puts deploys of an incident’s services on its timeline and records the one that caused it', async () => {
    const deploy = await expectJson<Deploy>(
      await start({ service: 'checkout', version: 'v9', startedAt: t.clock.now() - 30 * 60_000 }),
      201,
    );
    const elsewhere = await expectJson<Deploy>(await start({ service: 'search', version: 'v9' }), 201);
    const incident = await expectJson<{ id: number; causeDeploy: number | null }>(
      await t.call('POST', '/api/v1/incidents', {
        token: t.tokens.write,
        body: { title: 'checkout errors', severity: 'SEV2', services: ['checkout'] },
      }),
      201,
    );
    expect(incident.causeDeploy).toBeNull();
    const refused = await t.call('PATCH', `/api/v1/incidents/${incident.id}`, {
      token: t.tokens.write,
      body: { causeDeploy: 999_999 },
    });
    expect(refused.status).toBe(400);
    const named = await expectJson<{ causeDeploy: number }>(
      await t.call('PATCH', `/api/v1/incidents/${incident.id}`, {
        token: t.tokens.write,
        body: { causeDeploy: deploy.id },
      }),
      200,
    );
    expect(named.causeDeploy).toBe(deploy.id);
    const timeline = await expectJson<{
      timeline: Array<{ source: string; kind: string; details: Record<string, unknown> }>;
    }>(await t.call('GET', `/api/v1/incidents/${incident.id}/timeline`), 200);
    const deployLines = timeline.timeline.filter((e) => e.source === 'deploy');
    // Earlier checkout deploys of this file ran within the hour before: they are listed too, unmarked.
    expect(
      deployLines.filter((e) => e.details.deploy === deploy.id).map((e) => [e.kind, e.details.cause]),
    ).toEqual([['deploy.started', true]]);
    expect(
      deployLines.filter((e) => e.details.deploy !== deploy.id).every((e) => e.details.cause === undefined),
    ).toBe(true);
    expect(deployLines.some((e) => e.details.deploy === elsewhere.id)).toBe(false);
    expect(timeline.timeline.map((e) => e.kind)).toContain('cause_changed');
    // A deploy's page asks for the incidents it caused, and only those come back.
    const caused = await expectJson<{ incidents: Array<{ id: number }> }>(
      await t.call('GET', `/api/v1/incidents?causeDeploy=${deploy.id}`),
      200,
    );
    expect(caused.incidents.map((i) => i.id)).toEqual([incident.id]);
    const none = await expectJson<{ incidents: unknown[] }>(
      await t.call('GET', `/api/v1/incidents?causeDeploy=${elsewhere.id}`),
      200,
    );
    expect(none.incidents).toEqual([]);
    const bad = await t.call('GET', '/api/v1/incidents?causeDeploy=1e3');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('causeDeploy');
  });
});

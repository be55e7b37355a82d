import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/duration.ts';
import { evaluateSlos } from '../../engine/index.ts';
import { emptyModel, type FreezeWindow, type Model } from '../../specs/index.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { createTestApp, START, type TestApp, testModel } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

interface Verdict {
  ok: boolean;
  decision: 'allow' | 'warn' | 'block';
  state: string | null;
  reasons: Array<{ source: string; decision: string; message: string }>;
  budgetRemaining: number | null;
  overriddenBy: string | null;
}

const startMs = Date.parse(START);

/** The test model plus a year-end freeze on search and a readiness requirement checkout meets. */
function gateModel(): Model {
  const base = testModel();
  const freeze: FreezeWindow = {
    name: 'search-migration',
    reason: 'index migration weekend',
    services: ['search'],
    teams: [],
    windows: [{ kind: 'once', startMs: startMs + 2 * HOUR_MS, endMs: startMs + 4 * HOUR_MS }],
    allow: ['security'],
    decision: 'block',
    origin: 'nines',
    source: { file: 'f.yaml', line: 1, col: 1 },
  };
  return { ...emptyModel(), ...base, freezeWindows: [freeze] };
}

describe.each(await testEngines())('the deploy gate on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({ openDb: async () => opened.db, model: gateModel() });
  });
  afterAll(async () => {
    await t.close().catch(() => {});
    await dispose().catch(() => {});
  });

  const verdict = async (service: string, change?: string) =>
    (
      await expectJson<{ data: Verdict }>(
        await t.call('GET', `/api/v1/deploy-gates/${service}/verdict${change ? `?change=${change}` : ''}`),
        200,
      )
    ).data;

  /** Pushes `good` of `total` events for `slo` one minute ago and evaluates. */
  async function push(slo: string, good: number, total: number) {
    const events = [{ slo, time: t.clock.now() - 60_000, good, total }];
    expect(
      (await t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body: { events } })).status,
    ).toBe(202);
    await evaluateSlos({ ctx: t.ctx });
  }

  it('allows a healthy service, then blocks feature work once its budget is exhausted', async () => {
    await push('search-availability', 1000, 1000);
    expect(await verdict('search')).toMatchObject({
      ok: true,
      decision: 'allow',
      state: 'healthy',
      budgetRemaining: 1,
    });
    // 99 % over 7 days: 900 good of 1,000 more is 100 bad of 2,000 = 5 %, five budgets: 1 − 5 = −4 left.
    await push('search-availability', 900, 1000);
    const blocked = await verdict('search');
    expect(blocked).toMatchObject({ ok: false, decision: 'block', state: 'exhausted', budgetRemaining: -4 });
    expect(blocked.reasons).toEqual([
      {
        source: 'slo:search-availability',
        decision: 'block',
        message:
          'SLO search-availability is exhausted (-400 % of its budget left): the default policy says block',
      },
    ]);
    const fix = await verdict('search', 'reliability');
    expect(fix).toMatchObject({ ok: true, decision: 'warn' });
    expect(fix.reasons[0]?.message).toContain('a reliability change is let through');
  });

  it('blocks during a SEV1 on a dependency, and during a freeze', async () => {
    const declared = await expectJson<{ id: number }>(
      await t.call('POST', '/api/v1/incidents', {
        token: t.tokens.write,
        body: { title: 'payments down', severity: 'SEV1', services: ['payments-api'] },
      }),
      201,
    );
    const checkout = await verdict('checkout');
    expect(checkout.decision).toBe('block');
    expect(checkout.reasons.map((r) => r.source)).toContain(`incident:${declared.id}`);
    await t.call('POST', `/api/v1/incidents/${declared.id}/status`, {
      token: t.tokens.write,
      body: { status: 'resolved' },
    });
    expect((await verdict('checkout')).reasons.map((r) => r.source)).not.toContain(`incident:${declared.id}`);

    t.clock.advance(3 * HOUR_MS);
    const frozen = await verdict('search', 'security');
    expect(frozen.reasons.find((r) => r.source === 'freeze:search-migration')).toEqual({
      source: 'freeze:search-migration',
      decision: 'warn',
      message:
        'freeze search-migration is in force: index migration weekend; it lets security changes through',
    });
  });

  it('lets an admin override hold a block open for a while, audited and visible', async () => {
    const refused = await t.call('POST', '/api/v1/deploy-gates/search/verdict/overrides', {
      token: t.tokens.write,
      body: { reason: 'hotfix', duration: '1h' },
    });
    expect(refused.status).toBe(403);
    for (const [body, path] of [
      [{ duration: '1h' }, 'reason'],
      [{ reason: 'hotfix', duration: '8d' }, 'duration'],
      [{ reason: 'hotfix' }, 'expiresAt'],
    ] as const) {
      const answer = await expectJson<{ error: { details: Array<{ path: string }> } }>(
        await t.call('POST', '/api/v1/deploy-gates/search/verdict/overrides', {
          token: t.tokens.admin,
          body,
        }),
        400,
      );
      expect(answer.error.details.map((d) => d.path)).toContain(path);
    }
    const override = await expectJson<{ id: string; active: boolean; createdBy: string }>(
      await t.call('POST', '/api/v1/deploy-gates/search/verdict/overrides', {
        token: t.tokens.admin,
        body: { reason: 'hotfix for the index', duration: '1h', changes: ['feature'] },
      }),
      201,
    );
    expect(override).toMatchObject({ active: true, createdBy: 'admin-token' });
    const allowed = await verdict('search');
    expect(allowed).toMatchObject({ ok: true, decision: 'allow', overriddenBy: override.id });
    expect(allowed.reasons.at(-1)?.message).toMatch(
      /^overridden by admin-token until .*: hotfix for the index$/,
    );

    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1', [
      override.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual(['gate.override']);
    expect(
      (
        await t.call('DELETE', `/api/v1/deploy-gates/search/verdict/overrides/${override.id}`, {
          token: t.tokens.admin,
        })
      ).status,
    ).toBe(200);
    expect((await verdict('search')).decision).toBe('block');
  });

  it('is polled the way Argo Rollouts’ web provider does, and answers Flagger’s hooks', async () => {
    // Argo: GET the URL, take jsonPath {$.data}, evaluate successCondition `result.ok == true`.
    const answer = (await (await t.call('GET', '/api/v1/deploy-gates/search/verdict')).json()) as {
      data: Verdict;
    };
    const result = answer.data;
    expect(result.ok === true).toBe(false);
    expect((await verdict('checkout')).ok === true).toBe(true);

    const flagger = (body: object, query = '') =>
      t.call('POST', `/api/v1/integrations/flagger${query}`, { token: null, body });
    const payload = {
      name: 'search-canary',
      namespace: 'prod',
      phase: 'Progressing',
      metadata: { 'nines.dev/service': 'search' },
    };
    expect((await flagger(payload, `?token=${t.tokens.read}`)).status).toBe(403);
    const proceed = await flagger(
      { name: 'checkout', namespace: 'prod', phase: 'Promoting', checksum: 'abc' },
      `?token=${t.tokens.read}`,
    );
    expect(proceed.status).toBe(200);
    expect(((await proceed.json()) as { data: Verdict }).data.ok).toBe(true);
    expect(
      (
        await flagger(
          { ...payload, metadata: { 'nines.dev/service': 'search', 'nines.dev/change': 'security' } },
          `?token=${t.tokens.read}`,
        )
      ).status,
    ).toBe(200);
    expect((await flagger(payload)).status).toBe(401);
    expect(
      (await flagger({ ...payload, metadata: { 'nines.dev/change': 'yolo' } }, `?token=${t.tokens.read}`))
        .status,
    ).toBe(400);
    expect((await flagger({ name: 'unknown', namespace: 'x' }, `?token=${t.tokens.read}`)).status).toBe(404);
  });

  it('refuses an unknown change kind or service with a clear 4xx', async () => {
    expect((await t.call('GET', '/api/v1/deploy-gates/search/verdict?change=yolo')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/deploy-gates/nope/verdict')).status).toBe(404);
  });
});

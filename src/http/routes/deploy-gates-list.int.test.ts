import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSlos } from '../../engine/index.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

interface Summary {
  service: string;
  ok: boolean;
  decision: 'allow' | 'warn' | 'block';
  state: string | null;
  budgetRemaining: number | null;
  reasons: Array<{ source: string; decision: string; message: string }>;
}
interface Answer {
  data: Summary[];
  change: string;
  truncated: boolean;
  at: string;
}

describe.each(await testEngines())('every deploy gate at once on $name', (engine: TestEngine) => {
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

  const gates = async (query = '') =>
    expectJson<Answer>(await t.call('GET', `/api/v1/deploy-gates${query}`), 200);
  const single = async (service: string, change = 'feature') =>
    (
      await expectJson<{ data: Summary }>(
        await t.call('GET', `/api/v1/deploy-gates/${service}/verdict?change=${change}`),
        200,
      )
    ).data;

  it('answers what each service verdict answers, held services first', async () => {
    // search's 99 % SLO: 900 good of 1,000 spends ten budgets, so feature work on search is blocked.
    const events = [{ slo: 'search-availability', time: t.clock.now() - 60_000, good: 900, total: 1000 }];
    expect(
      (await t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body: { events } })).status,
    ).toBe(202);
    await evaluateSlos({ ctx: t.ctx });

    const answer = await gates();
    expect(answer.change).toBe('feature');
    expect(answer.truncated).toBe(false);
    expect(answer.at).toBe('2026-03-02T12:00:00.000Z');
    expect(answer.data.map((g) => g.service)).toEqual(['search', 'checkout', 'payments-api']);
    const [search] = answer.data;
    expect(search).toMatchObject({ ok: false, decision: 'block', state: 'exhausted', budgetRemaining: -9 });
    for (const gate of answer.data) {
      const verdict = await single(gate.service);
      expect(gate).toEqual({
        service: gate.service,
        ok: verdict.ok,
        decision: verdict.decision,
        state: verdict.state,
        budgetRemaining: verdict.budgetRemaining,
        reasons: verdict.reasons,
      });
    }
  });

  it('judges the change kind asked for: a reliability fix is let through with a warning', async () => {
    const answer = await gates('?change=reliability');
    expect(answer.change).toBe('reliability');
    expect(answer.data.find((g) => g.service === 'search')).toMatchObject({ ok: true, decision: 'warn' });
  });

  it('gives each service only its own overrides, and an incident to every service that depends on it', async () => {
    const override = await expectJson<{ id: string }>(
      await t.call('POST', '/api/v1/deploy-gates/search/verdict/overrides', {
        token: t.tokens.admin,
        body: { reason: 'hotfix for the index', duration: '1h', changes: ['feature'] },
      }),
      201,
    );
    const declared = await expectJson<{ id: number }>(
      await t.call('POST', '/api/v1/incidents', {
        token: t.tokens.write,
        body: { title: 'payments down', severity: 'SEV1', services: ['payments-api'] },
      }),
      201,
    );
    const answer = await gates();
    const sources = (service: string) =>
      answer.data.find((g) => g.service === service)?.reasons.map((r) => r.source) ?? [];
    // checkout and search depend on payments-api; the override is search's alone.
    for (const service of ['checkout', 'search', 'payments-api']) {
      expect(sources(service)).toContain(`incident:${declared.id}`);
    }
    expect(sources('search')).toContain(`override:${override.id}`);
    expect(sources('checkout').some((s) => s.startsWith('override:'))).toBe(false);
    expect(sources('payments-api').some((s) => s.startsWith('override:'))).toBe(false);
    for (const gate of answer.data) expect(gate.reasons).toEqual((await single(gate.service)).reasons);
    await t.call('POST', `/api/v1/incidents/${declared.id}/status`, {
      token: t.tokens.write,
      body: { status: 'resolved' },
    });
    await t.call('DELETE', `/api/v1/deploy-gates/search/verdict/overrides/${override.id}`, {
      token: t.tokens.admin,
    });
  });

  it('refuses an unknown change kind with 400 naming the parameter', async () => {
    const response = await t.call('GET', '/api/v1/deploy-gates?change=rewrite');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.map((d) => d.path)).toContain('change');
  });
});

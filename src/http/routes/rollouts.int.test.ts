import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueAnalyses } from '../../analyses/index.ts';
import { applyModel } from '../../engine/index.ts';
import { listPages } from '../../paging/index.ts';
import {
  analysesJudge,
  LEASE_MS,
  newRolloutRunner,
  type RolloutRunner,
  runDueRollouts,
  stopRolloutRunner,
} from '../../rollouts/index.ts';
import { commandPath } from '../../rollouts/perform-action.ts';
import type { Model } from '../../specs/index.ts';
import { waitFor } from '../../testing/nines-process.ts';
import { expectJson, pagingModel } from '../../testing/paging-fixtures.ts';
import {
  type ActionReceiver,
  errorSamples,
  httpAction,
  rolloutPlan,
  startActionReceiver,
} from '../../testing/rollout-fixtures.ts';
import { createTestApp, START, type TestApp } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

interface Rollout {
  id: number;
  deployId: number;
  status: string;
  phase: string;
  step: number;
  weight: number;
  failure: string | null;
  steps: Array<{
    step: number;
    weight: number;
    analysisId: number | null;
    bakeStartedAt: string | null;
    outcome: string | null;
  }>;
  inFlight: { action: string; key: string } | null;
}
interface Deploy {
  id: number;
  outcome: string | null;
  rollout?: Rollout | null;
  events?: Array<{ kind: string; details: Record<string, unknown> }>;
}

const startMs = Date.parse(START);

function rolloutModel(receiver: ActionReceiver): Model {
  const base = pagingModel();
  const url = receiver.url;
  return {
    ...base,
    rolloutPlans: [
      rolloutPlan('progressive', {
        services: ['orders', 'search'],
        actions: {
          setWeight: httpAction(`${url}/weight/{{service}}`),
          rollback: httpAction(`${url}/rollback/{{service}}`),
          promote: httpAction(`${url}/promote/{{service}}`),
        },
      }),
      rolloutPlan('hangs', {
        steps: [{ weight: 100, bakeMs: 20_000 }],
        actions: {
          setWeight: httpAction(`${url}/hang/{{service}}`, { timeoutMs: 1_000 }),
          rollback: httpAction(`${url}/rollback/{{service}}`),
        },
      }),
      rolloutPlan('by-command', {
        steps: [{ weight: 100, bakeMs: 20_000 }],
        actions: {
          setWeight: {
            kind: 'command',
            command: ['set-weight', '{{service}}', '{{weight}}'],
            timeoutMs: 5_000,
            retries: 0,
          },
          rollback: {
            kind: 'command',
            command: ['set-weight', '{{service}}', '{{weight}}'],
            timeoutMs: 5_000,
            retries: 0,
          },
          promote: {
            kind: 'command',
            command: ['../set-weight', '{{service}}'],
            timeoutMs: 5_000,
            retries: 0,
          },
        },
        onFailure: { page: 'none' },
      }),
      rolloutPlan('checkout-only', {
        services: ['checkout'],
        actions: {
          setWeight: httpAction(`${url}/weight/{{service}}`),
          rollback: httpAction(`${url}/rollback/{{service}}`),
        },
      }),
    ],
    freezeWindows: [
      {
        name: 'search-freeze',
        reason: 'reindexing week',
        services: ['search'],
        teams: [],
        windows: [{ kind: 'once', startMs: startMs - 3_600_000, endMs: startMs + 86_400_000 }],
        allow: ['security'],
        decision: 'block',
        origin: 'nines',
        source: { file: 'freeze.yaml', line: 1, col: 1 },
      },
    ],
  } as Model;
}

describe.each(await testEngines())('rollouts on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  let receiver: ActionReceiver;
  let runner: RolloutRunner;
  let commandsDir: string;

  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    receiver = await startActionReceiver();
    commandsDir = await mkdtemp(join(tmpdir(), 'nines-rollout-commands-'));
    // Appends its arguments and idempotency key to a log next to it, one line per run.
    await writeFile(
      join(commandsDir, 'set-weight'),
      `#!/bin/sh\necho "$1 $2 $NINES_IDEMPOTENCY_KEY" >> "${join(commandsDir, 'log')}"\necho "weight set"\n`,
    );
    await chmod(join(commandsDir, 'set-weight'), 0o755);
    t = await createTestApp({
      openDb: async () => opened.db,
      model: rolloutModel(receiver),
      env: { ROLLOUT_TOKEN: 'Bearer rollout-secret' },
    });
    runner = newRolloutRunner({ judge: analysesJudge, commandsDir, owner: 'node-a' });
  });
  afterAll(async () => {
    await stopRolloutRunner(runner).catch(() => {});
    await t.close().catch(() => {});
    await receiver.close().catch(() => {});
    await dispose().catch(() => {});
    await rm(commandsDir, { recursive: true, force: true });
  });

  /** What the `rollouts` job does each second, until no rollout is due any more. */
  const settle = async () => {
    for (let round = 0; round < 20; round++) {
      const started = await runDueRollouts({ ctx: t.ctx, runner });
      await Promise.allSettled([...runner.inflight]);
      if (started === 0) return;
    }
  };
  /** Time passes to `ms`; the analyses and rollouts jobs run. */
  const runAt = async (ms: number) => {
    t.clock.set(ms);
    await runDueAnalyses({ ctx: t.ctx });
    await settle();
  };
  const getRollout = async (id: number) =>
    expectJson<Rollout>(await t.call('GET', `/api/v1/rollouts/${id}`), 200);
  const getDeploy = async (id: number) =>
    expectJson<Deploy>(await t.call('GET', `/api/v1/deploys/${id}`), 200);
  const startDeploy = (body: object) => t.call('POST', '/api/v1/deploys', { token: t.tokens.write, body });
  /** Pushes the current step's samples (canary errors × `factor`) and lets its 20 s bake run out. */
  const bake = async (id: number, factor: number) => {
    const rollout = await getRollout(id);
    const step = rollout.steps[rollout.step - 1];
    const from = Date.parse(step?.bakeStartedAt ?? '');
    const samples = [...errorSamples(from, factor), ...errorSamples(from + 10_000, factor)];
    const pushed = await t.call('POST', `/api/v1/canary/analyses/${step?.analysisId}/samples`, {
      token: t.tokens.write,
      body: { samples },
    });
    expect(pushed.status).toBe(202);
    await runAt(from + 10_000);
    await runAt(from + 20_000);
  };
  const rolloutKinds = (deploy: Deploy) =>
    (deploy.events ?? [])
      .map((e) => e.kind)
      .filter((kind) => kind.startsWith('rollout.') || kind === 'finished');

  it('drives a passing plan: each weight set once and in order, then promote, the deploy succeeded', async () => {
    t.clock.set(startMs);
    const created = await expectJson<Deploy>(
      await startDeploy({ service: 'orders', version: 'v2 "blue"', rolloutPlan: 'progressive' }),
      201,
    );
    const id = created.rollout?.id as number;
    expect(created.rollout).toMatchObject({ status: 'running', phase: 'act', step: 1, weight: 10 });
    await settle();
    expect(await getRollout(id)).toMatchObject({ phase: 'bake', step: 1 });
    await bake(id, 1);
    await bake(id, 1);
    await bake(id, 1);
    const rollout = await getRollout(id);
    expect(rollout).toMatchObject({ status: 'succeeded', phase: 'done', failure: null });
    expect(rollout.steps.map((s) => s.outcome)).toEqual(['pass', 'pass', 'pass']);
    const sent = receiver.received.filter((r) => r.idempotencyKey?.startsWith(`nines-rollout-${id}-`));
    expect(sent.map((r) => [r.path, r.idempotencyKey, r.body])).toEqual([
      ['/weight/orders', `nines-rollout-${id}-1-setWeight`, { weight: 10, version: 'v2 "blue"', step: 1 }],
      ['/weight/orders', `nines-rollout-${id}-2-setWeight`, { weight: 50, version: 'v2 "blue"', step: 2 }],
      ['/weight/orders', `nines-rollout-${id}-3-setWeight`, { weight: 100, version: 'v2 "blue"', step: 3 }],
      ['/promote/orders', `nines-rollout-${id}-3-promote`, { weight: 100, version: 'v2 "blue"', step: 3 }],
    ]);
    expect(sent.every((r) => r.authorization === 'Bearer rollout-secret')).toBe(true);
    const deploy = await getDeploy(created.id);
    expect(deploy.outcome).toBe('succeeded');
    expect(deploy.rollout).toMatchObject({ id, status: 'succeeded' });
    expect(rolloutKinds(deploy)).toEqual([
      'rollout.started',
      'rollout.step',
      'rollout.action',
      'rollout.judged',
      'rollout.step',
      'rollout.action',
      'rollout.judged',
      'rollout.step',
      'rollout.action',
      'rollout.judged',
      'rollout.action',
      'rollout.succeeded',
      'finished',
    ]);
    expect(await listPages(t.db, { service: 'orders', limit: 10 })).toEqual([]);
  });

  it('rolls back on a failing judgement: rollback sent, the deploy rolled_back, a P2 page for the service', async () => {
    t.clock.set(startMs + 3_600_000);
    const created = await expectJson<Deploy>(
      await startDeploy({ service: 'orders', version: 'v3', rolloutPlan: 'progressive' }),
      201,
    );
    const id = created.rollout?.id as number;
    await settle();
    await bake(id, 5);
    const rollout = await getRollout(id);
    expect(rollout).toMatchObject({ status: 'rolled_back', phase: 'done' });
    expect(rollout.failure).toMatch(/^step 1 \(10%\) judged fail/);
    const sent = receiver.received.filter((r) => r.idempotencyKey?.startsWith(`nines-rollout-${id}-`));
    expect(sent.map((r) => [r.path, r.body])).toEqual([
      ['/weight/orders', { weight: 10, version: 'v3', step: 1 }],
      ['/rollback/orders', { weight: 0, version: 'v3', step: 1 }],
    ]);
    const deploy = await getDeploy(created.id);
    expect(deploy.outcome).toBe('rolled_back');
    expect(rolloutKinds(deploy)).toEqual([
      'rollout.started',
      'rollout.step',
      'rollout.action',
      'rollout.judged',
      'rollout.rollback',
      'rollout.action',
      'rollout.rolled_back',
      'finished',
    ]);
    const pages = await listPages(t.db, { service: 'orders', limit: 10 });
    expect(pages.map((p) => [p.severity, p.status, p.summary])).toEqual([
      ['P2', 'triggered', expect.stringContaining(`rollout ${id} failed and was rolled back`)],
    ]);
  });

  it('aborts on request: the analysis is cancelled, the rollback runs, no page', async () => {
    t.clock.set(startMs + 2 * 3_600_000);
    const created = await expectJson<Deploy>(await startDeploy({ service: 'orders', version: 'v4' }), 201);
    const started = await expectJson<{ rollout: Rollout }>(
      await t.call('POST', `/api/v1/deploys/${created.id}/rollout`, {
        token: t.tokens.write,
        body: { plan: 'progressive' },
      }),
      201,
    );
    const id = started.rollout.id;
    await settle();
    const aborted = await expectJson<Rollout>(
      await t.call('POST', `/api/v1/rollouts/${id}/abort`, {
        token: t.tokens.write,
        body: { reason: 'dashboards look wrong' },
      }),
      200,
    );
    expect(aborted).toMatchObject({
      status: 'running',
      phase: 'rollback',
      failure: 'aborted by write-token: dashboards look wrong',
    });
    await settle();
    expect(await getRollout(id)).toMatchObject({ status: 'aborted' });
    expect((await getDeploy(created.id)).outcome).toBe('rolled_back');
    const analysisId = aborted.steps[0]?.analysisId;
    const analysis = await expectJson<{ data: { status: string } }>(
      await t.call('GET', `/api/v1/canary/analyses/${analysisId}`),
      200,
    );
    expect(analysis.data.status).toBe('cancelled');
    const again = await t.call('POST', `/api/v1/rollouts/${id}/abort`, {
      token: t.tokens.write,
      body: { reason: 'again' },
    });
    expect(again.status).toBe(409);
    expect((await listPages(t.db, { service: 'orders', limit: 10 })).length).toBe(1);
  });

  it('runs command actions from the allow-listed folder only: a "../" program is refused and rolled back', async () => {
    t.clock.set(startMs + 3 * 3_600_000);
    const created = await expectJson<Deploy>(
      await startDeploy({ service: 'orders', version: 'v5', rolloutPlan: 'by-command' }),
      201,
    );
    const id = created.rollout?.id as number;
    await settle();
    await bake(id, 1);
    const rollout = await getRollout(id);
    expect(rollout.status).toBe('rolled_back');
    expect(rollout.failure).toContain('refused command "../set-weight"');
    const log = (await readFile(join(commandsDir, 'log'), 'utf8')).trim().split('\n');
    expect(log).toEqual([
      `orders 100 nines-rollout-${id}-1-setWeight`,
      `orders 0 nines-rollout-${id}-1-rollback`,
    ]);
    const deploy = await getDeploy(created.id);
    const actions = (deploy.events ?? []).filter((e) => e.kind === 'rollout.action').map((e) => e.details);
    expect(actions.map((a) => [a.action, a.result, a.detail ?? a.error])).toEqual([
      ['setWeight', 'succeeded', 'exit 0: weight set'],
      [
        'promote',
        'failed',
        expect.stringContaining('only plain file names in NINES_ROLLOUT_COMMANDS_DIR run'),
      ],
      ['rollback', 'succeeded', 'exit 0: weight set'],
    ]);
    expect(() => commandPath(commandsDir, '/bin/sh')).toThrow(/refused command/);
    expect(() => commandPath(undefined, 'set-weight')).toThrow(/NINES_ROLLOUT_COMMANDS_DIR/);
  });

  it('a hung action endpoint holds only its own rollout: the healthy one next to it goes on', async () => {
    t.clock.set(startMs + 4 * 3_600_000);
    const hung = await expectJson<Deploy>(
      await startDeploy({ service: 'orders', version: 'v6', rolloutPlan: 'hangs' }),
      201,
    );
    const healthy = await expectJson<Deploy>(
      await startDeploy({ service: 'checkout', version: 'v6', rolloutPlan: 'checkout-only' }),
      201,
    );
    await runDueRollouts({ ctx: t.ctx, runner });
    const healthyId = healthy.rollout?.id as number;
    // The healthy rollout's weight is set and it bakes while the other's action still waits for an answer.
    await waitFor(
      async () => ((await getRollout(healthyId)).phase === 'bake' ? true : undefined),
      5_000,
      'the healthy rollout to bake',
    );
    expect((await getRollout(hung.rollout?.id as number)).inFlight).toMatchObject({ action: 'setWeight' });
    await Promise.allSettled([...runner.inflight]);
    await settle();
    const ended = await getRollout(hung.rollout?.id as number);
    expect(ended.status).toBe('rolled_back');
    expect(ended.failure).toBe('setWeight failed at step 1 after 1 attempt(s): no answer within 1000 ms');
  });

  it('two nodes on one database: one drives it; the other takes over, as a resume, once the lease runs out', async () => {
    const other = newRolloutRunner({ judge: analysesJudge, commandsDir, owner: 'node-b' });
    t.clock.set(startMs + 6 * 3_600_000);
    const created = await expectJson<Deploy>(
      await startDeploy({ service: 'orders', version: 'v10', rolloutPlan: 'progressive' }),
      201,
    );
    const id = created.rollout?.id as number;
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        runDueRollouts({ ctx: t.ctx, runner }),
        runDueRollouts({ ctx: t.ctx, runner: other }),
      ]);
      await Promise.allSettled([...runner.inflight, ...other.inflight]);
    }
    const sent = () => receiver.received.filter((r) => r.idempotencyKey?.startsWith(`nines-rollout-${id}-`));
    expect(sent().map((r) => r.idempotencyKey)).toEqual([`nines-rollout-${id}-1-setWeight`]);
    const owner = async () =>
      (await t.db.query<{ lease_owner: string }>('SELECT lease_owner FROM rollouts WHERE id = $1', [id]))[0]
        ?.lease_owner;
    const first = await owner();
    expect(['node-a', 'node-b']).toContain(first);
    // The driving node goes away; the other keeps off until the lease (10 s) has run out.
    const survivor = first === 'node-a' ? other : runner;
    t.clock.set(startMs + 6 * 3_600_000 + 5_000);
    await runDueRollouts({ ctx: t.ctx, runner: survivor });
    await Promise.allSettled([...survivor.inflight]);
    expect(await owner()).toBe(first);
    t.clock.set(startMs + 6 * 3_600_000 + LEASE_MS + 1);
    await runDueRollouts({ ctx: t.ctx, runner: survivor });
    await Promise.allSettled([...survivor.inflight]);
    expect(await owner()).toBe(survivor.owner);
    const deploy = await getDeploy(created.id);
    expect(rolloutKinds(deploy)).toEqual([
      'rollout.started',
      'rollout.step',
      'rollout.action',
      'rollout.resumed',
    ]);
    expect(sent().length).toBe(1);
    await stopRolloutRunner(other);
  });

  it('keeps the plan it started with when a reload changes it', async () => {
    t.clock.set(startMs + 7 * 3_600_000);
    const created = await expectJson<Deploy>(
      await startDeploy({ service: 'orders', version: 'v11', rolloutPlan: 'progressive' }),
      201,
    );
    const id = created.rollout?.id as number;
    const before = t.ctx.model;
    const changed = rolloutPlan('progressive', {
      steps: [{ weight: 100, bakeMs: 20_000 }],
      actions: {
        setWeight: httpAction(`${receiver.url}/elsewhere/{{service}}`),
        rollback: httpAction(`${receiver.url}/elsewhere/{{service}}`),
      },
    });
    await applyModel({
      ctx: t.ctx,
      model: {
        ...before,
        rolloutPlans: before.rolloutPlans.map((p) => (p.name === 'progressive' ? changed : p)),
      },
    });
    try {
      await settle();
      const sent = receiver.received.filter((r) => r.idempotencyKey?.startsWith(`nines-rollout-${id}-`));
      expect(sent.map((r) => [r.path, (r.body as { weight: number }).weight])).toEqual([
        ['/weight/orders', 10],
      ]);
      expect((await getRollout(id)).steps.map((step) => step.weight)).toEqual([10, 50, 100]);
    } finally {
      await applyModel({ ctx: t.ctx, model: before });
    }
  });

  it('asks the gate first: a block is a 409 with its reasons and records nothing', async () => {
    t.clock.set(startMs + 5 * 3_600_000);
    const before = await expectJson<{ deploys: unknown[] }>(
      await t.call('GET', '/api/v1/deploys?service=search'),
      200,
    );
    const blocked = await startDeploy({ service: 'search', version: 'v7', rolloutPlan: 'progressive' });
    expect(blocked.status).toBe(409);
    const body = (await blocked.json()) as {
      error: { code: string; details: Array<{ path: string; message: string }> };
    };
    expect(body.error.code).toBe('conflict');
    expect(body.error.details.map((d) => d.path)).toContain('freeze:search-freeze');
    const after = await expectJson<{ deploys: unknown[] }>(
      await t.call('GET', '/api/v1/deploys?service=search'),
      200,
    );
    expect(after.deploys.length).toBe(before.deploys.length);
    // A security change passes the freeze.
    const security = await startDeploy({
      service: 'search',
      version: 'v7',
      rolloutPlan: 'progressive',
      change: 'security',
    });
    expect(security.status).toBe(201);
  });

  it('refuses an unknown plan and a plan not for the service with a 400 naming the field', async () => {
    const unknown = await startDeploy({ service: 'orders', version: 'v8', rolloutPlan: 'nope' });
    expect(unknown.status).toBe(400);
    expect(
      ((await unknown.json()) as { error: { details: Array<{ path: string }> } }).error.details[0]?.path,
    ).toBe('rolloutPlan');
    const notFor = await startDeploy({ service: 'orders', version: 'v8', rolloutPlan: 'checkout-only' });
    expect(notFor.status).toBe(400);
    const list = await expectJson<{ rollouts: Rollout[] }>(
      await t.call('GET', '/api/v1/rollouts?service=orders&state=succeeded'),
      200,
    );
    expect(list.rollouts.length).toBe(1);
    expect((await t.call('GET', '/api/v1/rollouts?state=sideways')).status).toBe(400);
  });
});

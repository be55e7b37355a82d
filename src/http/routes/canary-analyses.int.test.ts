import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runDueAnalyses } from '../../analyses/index.ts';
import { createAppContext } from '../../context/index.ts';
import { SloEngine } from '../../engine/index.ts';
import { openStorage } from '../../storage/index.ts';
import { canaryModel } from '../../testing/canary-analysis-fixtures.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { createTestApp, recordingLogger, START, type TestApp } from '../../testing/test-app.ts';
import { type TestEngine, testEngines } from '../../testing/test-engines.ts';

interface Analysis {
  id: number;
  status: string;
  reason: string | null;
  score: number | null;
  endsAt: string;
  finishedAt: string | null;
  intervalCount: number;
  intervals: Array<{ index: number; verdict: string; score: number; reason: string | null; slo: unknown }>;
}
interface Verdict {
  ok: boolean;
  done: boolean;
  status: string;
  score: number | null;
  reason: string | null;
}

const startMs = Date.parse(START);

/** The web metric of the AnalysisTemplate in docs/deploy-safety.md, its conditions as Argo evaluates them here. */
async function documentedArgoMetric() {
  const doc = await readFile(join(import.meta.dirname, '../../../docs/deploy-safety.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Argo Rollouts: wait for the analysis'));
  const yamlText = section.slice(
    section.indexOf('```yaml') + 7,
    section.indexOf('```', section.indexOf('```yaml') + 7),
  );
  const metric = parse(yamlText).spec.metrics[0];
  // Conditions of the form `result.a == true && result.b == false`.
  const condition = (text: string) => (result: object) =>
    text.split('&&').every((part) => {
      const [left, right] = part.split('==').map((side) => side.trim());
      return (
        (result as Record<string, unknown>)[(left ?? '').replace(/^result\./, '')] ===
        JSON.parse(right ?? 'null')
      );
    });
  expect(metric.provider.web.jsonPath).toBe('{$.data}');
  return {
    count: metric.count as number,
    inconclusiveLimit: metric.inconclusiveLimit as number,
    failureLimit: metric.failureLimit as number,
    success: condition(metric.successCondition),
    failure: condition(metric.failureCondition),
  };
}
const iso = (ms: number) => new Date(ms).toISOString();

/** Ten samples a variant per second of [fromMs, fromMs + 10 s): the canary's errors × `factor`. */
function samplesFor(fromMs: number, factor: number, metrics = ['errors', 'latency']) {
  const out: Array<{ metric: string; variant: string; at: string; value: number }> = [];
  for (let i = 0; i < 10; i++) {
    const at = iso(fromMs + i * 1_000);
    const base = 1 + (i % 4) * 0.25;
    for (const metric of metrics) {
      out.push({ metric, variant: 'control', at, value: base });
      out.push({ metric, variant: 'experiment', at, value: metric === 'errors' ? base * factor : base });
    }
  }
  return out;
}

const pushedAnalysis = (extra: object = {}) => ({
  service: 'checkout',
  source: 'pushed',
  bakeTime: '30s',
  interval: '10s',
  metrics: [
    { name: 'errors', direction: 'increase' },
    { name: 'latency', direction: 'increase' },
  ],
  ...extra,
});

describe.each(await testEngines())('pushed canary analyses on $name', (engine: TestEngine) => {
  let t: TestApp;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    t = await createTestApp({ openDb: async () => opened.db, model: canaryModel() });
  });
  afterAll(async () => {
    await t.close().catch(() => {});
    await dispose().catch(() => {});
  });

  const start = async (body: object) =>
    (
      await expectJson<{ data: Analysis }>(
        await t.call('POST', '/api/v1/canary/analyses', { token: t.tokens.write, body }),
        201,
      )
    ).data;
  const push = (id: number, samples: object[]) =>
    t.call('POST', `/api/v1/canary/analyses/${id}/samples`, { token: t.tokens.write, body: { samples } });
  const get = async (id: number) =>
    (await expectJson<{ data: Analysis }>(await t.call('GET', `/api/v1/canary/analyses/${id}`), 200)).data;
  const verdict = async (id: number) =>
    (await expectJson<{ data: Verdict }>(await t.call('GET', `/api/v1/canary/analyses/${id}/verdict`), 200))
      .data;
  /** Time passes to `ms` and the job runs, as it does every second. */
  const runAt = async (ms: number) => {
    t.clock.set(ms);
    await runDueAnalyses({ ctx: t.ctx });
  };

  it('fails a canary whose errors are 5 × the baseline at the first interval, on its deploy history', async () => {
    t.clock.set(startMs);
    const deploy = await expectJson<{ id: number }>(
      await t.call('POST', '/api/v1/deploys', {
        token: t.tokens.write,
        body: { service: 'checkout', version: 'v2', strategy: 'canary' },
      }),
      201,
    );
    const analysis = await start(pushedAnalysis({ deployId: deploy.id }));
    expect(analysis).toMatchObject({ status: 'running', intervalCount: 3, endsAt: iso(startMs + 30_000) });
    expect(await expectJson(await push(analysis.id, samplesFor(startMs, 5)), 202)).toEqual({ accepted: 40 });
    await runAt(startMs + 9_000);
    expect((await get(analysis.id)).intervals).toEqual([]);
    await runAt(startMs + 10_000);
    const failed = await get(analysis.id);
    expect(failed).toMatchObject({ status: 'fail', score: 50, finishedAt: iso(startMs + 10_000) });
    expect(failed.intervals).toHaveLength(1);
    expect(failed.reason).toMatch(
      /^interval 1 scored 50 < marginal 75: errors is higher in the canary \(mean ×5\.00\)/,
    );
    expect(await verdict(analysis.id)).toEqual({
      ok: false,
      done: true,
      status: 'fail',
      score: 50,
      reason: failed.reason,
    });
    // Argo's failureCondition holds at once: with failureLimit 0 the rollout aborts.
    expect((await documentedArgoMetric()).failure(await verdict(analysis.id))).toBe(true);
    const history = await expectJson<{ events: Array<{ kind: string; details: Record<string, unknown> }> }>(
      await t.call('GET', `/api/v1/deploys/${deploy.id}`),
      200,
    );
    expect(history.events.map((e) => e.kind)).toEqual([
      'started',
      'analysis.started',
      'analysis.interval',
      'analysis.finished',
    ]);
    expect(history.events[3]?.details).toEqual({
      analysisId: analysis.id,
      status: 'fail',
      score: 50,
      reason: failed.reason,
    });
    // A finished analysis takes no more samples.
    expect(
      await expectJson<{ error: { code: string } }>(await push(analysis.id, samplesFor(startMs, 1)), 409),
    ).toMatchObject({
      error: { code: 'conflict' },
    });
  });

  it('passes an identical canary at the bake end, polled the way Argo Rollouts polls its web provider', async () => {
    const begin = startMs + 3_600_000;
    t.clock.set(begin);
    const analysis = await start(pushedAnalysis());
    for (const from of [begin, begin + 10_000, begin + 20_000])
      await expectJson(await push(analysis.id, samplesFor(from, 1)), 202);
    // The AnalysisTemplate of docs/deploy-safety.md, assessed as Argo Rollouts' controller does after each
    // measurement (failures, then inconclusives, then the count); polled every 5 s here instead of 30 s.
    const argo = await documentedArgoMetric();
    const intervalMs = 5_000;
    let successful = 0;
    let failed = 0;
    let inconclusive = 0;
    let phase = 'Running';
    for (let poll = 0; phase === 'Running'; poll++) {
      await runAt(begin + poll * intervalMs);
      const result = await verdict(analysis.id);
      if (argo.success(result)) successful++;
      else if (argo.failure(result)) failed++;
      else inconclusive++;
      if (failed > argo.failureLimit) phase = 'Failed';
      else if (inconclusive > argo.inconclusiveLimit) phase = 'Inconclusive';
      else if (successful + failed + inconclusive >= argo.count) phase = 'Successful';
    }
    expect(successful).toBeGreaterThan(0);
    expect(phase).toBe('Successful');
    // Polls at 0, 5, …, 30 s: the last interval (ending at 30 s) is judged at the seventh; the rest succeed.
    expect(inconclusive).toBe(6);
    expect(failed).toBe(0);
    const passed = await get(analysis.id);
    expect(passed).toMatchObject({ status: 'pass', score: 100 });
    expect(passed.intervals.map((i) => [i.index, i.verdict])).toEqual([
      [1, 'pass'],
      [2, 'pass'],
      [3, 'pass'],
    ]);
    expect(passed.reason).toBe('interval 3 scored 100 ≥ pass 95');
  });

  it("answers Flagger's hooks from the analysis: confirm-promotion waits while it runs", async () => {
    const begin = startMs + 7_200_000;
    t.clock.set(begin);
    const analysis = await start(pushedAnalysis());
    const flagger = (hook: string) =>
      t.call('POST', `/api/v1/integrations/flagger?token=${t.tokens.read}`, {
        token: null,
        body: {
          name: 'checkout',
          namespace: 'prod',
          phase: 'Progressing',
          metadata: { 'nines.dev/analysis': String(analysis.id), 'nines.dev/hook': hook },
        },
      });
    expect((await flagger('rollout')).status).toBe(200);
    const waiting = await expectJson<{ analysis: { holds: boolean; reason: string } }>(
      await flagger('confirm-promotion'),
      403,
    );
    expect(waiting.analysis).toMatchObject({
      holds: true,
      reason: expect.stringContaining('still running (0 of 3 intervals judged)'),
    });
    for (const from of [begin, begin + 10_000, begin + 20_000]) await push(analysis.id, samplesFor(from, 1));
    for (const at of [10_000, 20_000, 30_000]) await runAt(begin + at);
    expect((await flagger('confirm-promotion')).status).toBe(200);

    const bad = await start(pushedAnalysis());
    const cancelled = await expectJson<{ data: Analysis }>(
      await t.call('POST', `/api/v1/canary/analyses/${bad.id}/cancel`, {
        token: t.tokens.write,
        body: { reason: 'rolled back by hand' },
      }),
      200,
    );
    expect(cancelled.data).toMatchObject({
      status: 'cancelled',
      reason: 'cancelled by write-token: rolled back by hand',
    });
    const held = await t.call('POST', `/api/v1/integrations/flagger?token=${t.tokens.read}`, {
      token: null,
      body: { name: 'checkout', namespace: 'prod', metadata: { 'nines.dev/analysis': String(bad.id) } },
    });
    expect(
      (await expectJson<{ analysis: { status: string; holds: boolean } }>(held, 403)).analysis,
    ).toMatchObject({
      status: 'cancelled',
      holds: true,
    });
    expect((await verdict(bad.id)).ok).toBe(false);
    expect(
      (
        await t.call('POST', `/api/v1/canary/analyses/${bad.id}/cancel`, {
          token: t.tokens.write,
          body: { reason: 'again' },
        })
      ).status,
    ).toBe(409);
  });

  it('holds a Flagger canary whose analysis ended marginal, and refuses unknown analyses', async () => {
    const begin = startMs + 9_000_000;
    t.clock.set(begin);
    // One interval; the errors metric is High, so 1 of 2 pass = 50: under pass 95, over marginal 40.
    const analysis = await start(pushedAnalysis({ bakeTime: '10s', thresholds: { marginal: 40 } }));
    await push(analysis.id, samplesFor(begin, 5));
    await runAt(begin + 10_000);
    expect(await verdict(analysis.id)).toMatchObject({
      ok: false,
      done: true,
      status: 'marginal',
      score: 50,
    });
    const hook = (metadata: Record<string, string>) =>
      t.call('POST', `/api/v1/integrations/flagger?token=${t.tokens.read}`, {
        token: null,
        body: { name: 'checkout', namespace: 'prod', phase: 'Progressing', metadata },
      });
    const held = await expectJson<{ analysis: { reason: string; holds: boolean } }>(
      await hook({ 'nines.dev/analysis': String(analysis.id) }),
      403,
    );
    expect(held.analysis.reason).toMatch(
      new RegExp(`^canary analysis ${analysis.id} ended marginal: interval 1 scored 50 < pass 95`),
    );
    expect((await hook({ 'nines.dev/analysis': '987654' })).status).toBe(404);
    expect((await hook({ 'nines.dev/analysis': 'seven' })).status).toBe(400);
    expect(
      (await hook({ 'nines.dev/analysis': String(analysis.id), 'nines.dev/hook': 'promote' })).status,
    ).toBe(400);
    expect(
      (await hook({ 'nines.dev/analysis': String(analysis.id), 'nines.dev/service': 'search' })).status,
    ).toBe(400);
  });

  it('refuses bad requests with the field named, and changes nothing', async () => {
    const before = await expectJson<{ data: Analysis[] }>(
      await t.call('GET', '/api/v1/canary/analyses?service=checkout'),
      200,
    );
    const refused = await expectJson<{ error: { details: Array<{ path: string }> } }>(
      await t.call('POST', '/api/v1/canary/analyses', {
        token: t.tokens.write,
        body: pushedAnalysis({ deployId: 999_999, interval: '1h' }),
      }),
      400,
    );
    expect(refused.error.details.map((d) => d.path)).toEqual(['interval']);
    const noDeploy = await expectJson<{ error: { details: Array<{ path: string }> } }>(
      await t.call('POST', '/api/v1/canary/analyses', {
        token: t.tokens.write,
        body: pushedAnalysis({ deployId: 999_999 }),
      }),
      400,
    );
    expect(noDeploy.error.details.map((d) => d.path)).toEqual(['deployId']);
    const after = await expectJson<{ data: Analysis[] }>(
      await t.call('GET', '/api/v1/canary/analyses?service=checkout'),
      200,
    );
    expect(after.data.length).toBe(before.data.length);
    const running = await start(pushedAnalysis());
    const badSamples = await expectJson<{ error: { message: string; details: Array<{ path: string }> } }>(
      await push(running.id, [
        { metric: 'nope', variant: 'control', at: iso(t.clock.now() + 3_600_000), value: 1 },
        { metric: 'errors', variant: 'experiment', at: iso(t.clock.now() + 3_600_000), value: 1 },
        { metric: 'errors', variant: 'control', at: iso(t.clock.now()), value: 1 },
      ]),
      400,
    );
    expect(badSamples.error.details.map((d) => d.path)).toEqual([
      'samples.0.metric',
      'samples.0.at',
      'samples.1.at',
    ]);
    // Counted by sample, not by problem: the first sample has two.
    expect(badSamples.error.message).toBe('2 of 3 samples are not valid; none was stored');
    const tooMany = Array.from({ length: 10_001 }, () => ({
      metric: 'errors',
      variant: 'control',
      at: iso(t.clock.now()),
      value: 1,
    }));
    expect((await push(running.id, tooMany)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/canary/analyses/424242')).status).toBe(404);
    expect(
      (await t.call('POST', '/api/v1/canary/analyses', { token: t.tokens.read, body: pushedAnalysis() }))
        .status,
    ).toBe(403);
  });

  it('fails an interval whose canary would burn the SLO faster than its page alert (pushed error ratio)', async () => {
    const begin = startMs + 10_800_000;
    t.clock.set(begin);
    const analysis = await start(
      pushedAnalysis({ sloAware: { slo: 'checkout-availability', metric: 'canary_error_ratio' } }),
    );
    // 99.9 %: budget 0.001; an error ratio of 0.01 burns at 10× > 6× (the SLO's lowest page burn rate).
    const ratios = Array.from({ length: 5 }, (_, i) => ({
      metric: 'canary_error_ratio',
      variant: 'experiment',
      at: iso(begin + i * 1_000),
      value: 0.01,
    }));
    await push(analysis.id, [...samplesFor(begin, 1), ...ratios]);
    await runAt(begin + 10_000);
    const failed = await get(analysis.id);
    expect(failed.status).toBe('fail');
    expect(failed.intervals[0]).toMatchObject({
      verdict: 'fail',
      score: 100,
      slo: { name: 'checkout-availability', maxBurnRate: 6, ok: false },
    });
    expect(failed.reason).toContain('SLO checkout-availability: the canary burns its budget at 10× > 6×');
  });
});

describe('a restart in the middle of an analysis', () => {
  it('resumes on the same data directory and judges no interval twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nines-canary-restart-'));
    try {
      const model = canaryModel();
      const first = await createTestApp({ openDb: () => openStorage({ dataDir: dir }), model });
      first.clock.set(startMs);
      const created = await expectJson<{ data: Analysis }>(
        await first.call('POST', '/api/v1/canary/analyses', {
          token: first.tokens.write,
          body: pushedAnalysis(),
        }),
        201,
      );
      const id = created.data.id;
      const samples = [startMs, startMs + 10_000, startMs + 20_000].flatMap((from) => samplesFor(from, 1));
      await expectJson(
        await first.call('POST', `/api/v1/canary/analyses/${id}/samples`, {
          token: first.tokens.write,
          body: { samples },
        }),
        202,
      );
      first.clock.set(startMs + 10_000);
      await runDueAnalyses({ ctx: first.ctx });
      await first.close();

      // The process comes back on the same data directory, well after the bake ended.
      const db = await openStorage({ dataDir: dir });
      const clock = first.clock;
      clock.set(startMs + 45_000);
      const ctx = createAppContext({ db, clock, logger: recordingLogger(), engine: new SloEngine(model) });
      // Two runs at once (e.g. an overlapping node): each interval is still judged once.
      await Promise.all([runDueAnalyses({ ctx }), runDueAnalyses({ ctx })]);
      await runDueAnalyses({ ctx });
      await runDueAnalyses({ ctx });
      const [row] = await db.query<{ status: string; intervals: Array<{ index: number }> }>(
        'SELECT status, intervals FROM canary_analyses WHERE id = $1',
        [id],
      );
      expect(row?.status).toBe('pass');
      expect(row?.intervals.map((i) => i.index)).toEqual([1, 2, 3]);
      await db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SinkDelivery,
  startWebhookSink,
  type WebhookSink,
  writeDemoConfig,
} from '../../src/demo/index.ts';
import {
  type ConsoleServer,
  chromiumAvailable,
  launchChromium,
  openConsole,
  type PageProblems,
  screenshots,
  signIn,
  startConsoleServer,
  whenSettled,
} from '../../src/testing/console-harness.ts';
import { scratchDir } from '../../src/testing/nines-process.ts';
import { intervalText, pValueText } from '../../web/src/analysis-text.ts';
import { num } from '../../web/src/format.ts';

// Issue 13's console part: deploys recorded through the API are listed, filtered and opened in Debian's
// Chromium against `nines serve` (demo config); a deploy's page follows its events live. Screenshots go
// to test-artifacts/console-deploys/.

const available = chromiumAvailable();
const shot = screenshots('console-deploys');
const STEP_MS = 20_000;

interface MetricJudgement {
  name: string;
  classification: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  pValue: number | null;
  meanRatio: number | null;
  critical: boolean;
}
interface Analysis {
  id: number;
  status: string;
  score: number | null;
  intervals: Array<{ index: number; verdict: string; score: number; metrics: MetricJudgement[] }>;
}

/** Twenty samples a side per metric, now: the canary's errors five times the baseline's, latency the same. */
function canarySamples(): object[] {
  const at = new Date().toISOString();
  const samples: object[] = [];
  for (let i = 0; i < 20; i++) {
    const errors = 1 + (i % 5) * 0.1;
    const latency = 100 + (i % 7);
    samples.push({ metric: 'errors', variant: 'control', at, value: errors });
    samples.push({ metric: 'errors', variant: 'experiment', at, value: errors * 5 });
    samples.push({ metric: 'latency', variant: 'control', at, value: latency });
    samples.push({ metric: 'latency', variant: 'experiment', at, value: latency });
  }
  return samples;
}

/**
 * A plan driving `order` through 50 % then 100 % of traffic, each step baking 5 s under a pushed canary
 * analysis; its actions call the local sink, as a deployer's webhook would be called.
 */
function rolloutPlan(sinkBaseUrl: string): string {
  return `apiVersion: nines.dev/v1
kind: RolloutPlan
metadata: { name: order-progressive }
spec:
  services: [order]
  steps:
    - { weight: 50, bake: 5s }
    - { weight: 100, bake: 5s }
  analysis:
    source: pushed
    interval: 5s
    metrics:
      - { name: errors, direction: increase }
  actions:
    setWeight: { http: { url: "${sinkBaseUrl}/rollout/{{service}}/weight/{{weight}}" }, retries: 0 }
    rollback: { http: { url: "${sinkBaseUrl}/rollout/{{service}}/rollback" }, retries: 0 }
  onFailure: { page: none }
`;
}

interface Rollout {
  id: number;
  status: string;
  step: number;
  steps: Array<{ step: number; weight: number; analysisId: number | null; outcome: string | null }>;
}

interface Deploy {
  id: number;
  service: string;
  version: string;
  outcome: string | null;
}

/** Marks the document so a later check can tell it was updated in place, not reloaded. */
function markDocument(page: Page): Promise<void> {
  return page.evaluate(() => {
    (globalThis as unknown as { deployMark?: string }).deployMark = 'still here';
  });
}

function documentMark(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as { deployMark?: string }).deployMark);
}

describe.skipIf(!available)('deploys in the console (Chromium against nines serve, demo config)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let shipped: Deploy;
  let rolling: Deploy;
  let sink: WebhookSink;
  const actions: SinkDelivery[] = [];

  const record = (body: Record<string, unknown>) =>
    server.api<Deploy>('/api/v1/deploys', { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    sink = await startWebhookSink({ port: 0, onDelivery: (delivery) => actions.push(delivery) });
    const configDir = join(scratchDir('console-deploys'), 'config');
    const demo = fileURLToPath(new URL('../../examples/demo', import.meta.url));
    writeDemoConfig({ fromDir: demo, toDir: configDir, sinkBaseUrl: sink.baseUrl });
    writeFileSync(join(configDir, 'rollout-plans.yaml'), rolloutPlan(sink.baseUrl));
    server = await startConsoleServer({ configDir });
    const hourAgo = Date.now() - 3_600_000;
    shipped = await record({
      service: 'payment',
      version: 'v2.3.0',
      strategy: 'blue-green',
      actor: 'release-bot',
      startedAt: new Date(hourAgo).toISOString(),
      commits: [
        { sha: 'a1b2c3d4e5f6a7b8', time: new Date(hourAgo - 2 * 3_600_000).toISOString() },
        { sha: '0f1e2d3c4b5a6978', time: new Date(hourAgo - 3_600_000).toISOString() },
      ],
    });
    await server.api(`/api/v1/deploys/${shipped.id}/finish`, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'succeeded', finishedAt: new Date(hourAgo + 600_000).toISOString() }),
    });
    rolling = await record({ service: 'order', version: 'v9.1.0', strategy: 'canary', actor: 'ci' });
    browser = await launchChromium();
    ({ context, page, problems } = await openConsole(browser));
    await signIn(page, server.url, server.adminToken);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  it('lists every deploy newest first, with its outcome, and filters by outcome and service', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deploys' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deploys' }).waitFor({ timeout: STEP_MS });
    const table = page.getByRole('table', { name: 'Deploys' });
    await table.waitFor({ timeout: STEP_MS });
    await whenSettled(page);
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: STEP_MS }).toBe(2);
    // Newest first: the running deploy started now, the shipped one an hour ago.
    expect(await rows.nth(0).innerText()).toContain(`Deploy ${rolling.id}: v9.1.0`);
    expect(await rows.nth(0).innerText()).toContain('running');
    expect(await rows.nth(1).innerText()).toContain(`Deploy ${shipped.id}: v2.3.0`);
    expect(await rows.nth(1).innerText()).toContain('succeeded');
    // 10 minutes from start to finish.
    expect(await rows.nth(1).innerText()).toContain('10 min');
    await shot(page, 'deploys-list');

    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('running');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.nth(0).innerText()).toContain(`Deploy ${rolling.id}`);
    expect(new URL(page.url()).search).toBe('?outcome=running');
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('');

    await page.getByRole('combobox', { name: 'Service' }).selectOption('payment');
    await expect
      .poll(() => rows.allInnerTexts(), { timeout: STEP_MS })
      .toEqual([expect.stringContaining(`Deploy ${shipped.id}`)]);
    await shot(page, 'deploys-filtered-by-service');
    await page.getByRole('combobox', { name: 'Service' }).selectOption('');
  }, 60_000);

  it("shows which services' gates hold a feature change now, as the gate answers", async () => {
    const incident = await server.api<{ id: number }>('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Payments failing', severity: 'SEV1', services: ['payment'] }),
    });
    const verdict = (
      await server.api<{ data: { decision: string } }>('/api/v1/deploy-gates/payment/verdict?change=feature')
    ).data;
    expect(verdict.decision).toBe('block');
    await page.reload();
    const strip = page.getByRole('region', { name: 'Deploy gates for a feature change' });
    await expect
      .poll(() => strip.innerText(), { timeout: STEP_MS })
      .toMatch(new RegExp(`block\\s+payment[^\\n]*incident:${incident.id}`));
    await shot(page, 'deploys-gate-strip');
    await server.api(`/api/v1/incidents/${incident.id}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'resolved' }),
    });
  }, 60_000);

  it('opens a deploy with its facts, commits and timeline in sentences', async () => {
    await page
      .getByRole('table', { name: 'Deploys' })
      .getByRole('link', { name: `Deploy ${shipped.id}: v2.3.0` })
      .click();
    await page
      .getByRole('heading', { level: 1, name: `Deploy ${shipped.id}: payment v2.3.0` })
      .waitFor({ timeout: STEP_MS });
    await whenSettled(page);
    expect(new URL(page.url()).pathname).toBe(`/deploys/${shipped.id}`);
    const main = page.getByRole('main');
    const text = await main.innerText();
    expect(text).toContain('blue-green');
    expect(text).toContain('release-bot');
    // Lead time: the oldest commit was 2 h before the start, the finish 10 min after it: 2 h 10 min.
    expect(text).toContain('2 h 10 min (oldest commit → finished)');
    expect(text).toContain('a1b2c3d4e5f6');
    const timeline = page.getByRole('list', { name: 'Deploy timeline' });
    await expect
      .poll(() => timeline.innerText())
      .toContain('Started by release-bot: v2.3.0 to production (blue-green).');
    expect(await timeline.innerText()).toContain('Finished by e2e-admin: succeeded.');
    await shot(page, 'deploy-detail');
  }, 60_000);

  it('shows a new event of the open deploy, and an incident naming it, without a reload', async () => {
    await page.goto(`${server.url}/deploys/${rolling.id}`);
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`^Deploy ${rolling.id}:`) })
      .waitFor({ timeout: STEP_MS });
    await whenSettled(page);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: STEP_MS });
    await markDocument(page);
    const timeline = page.getByRole('list', { name: 'Deploy timeline' });
    expect(await timeline.innerText()).not.toContain('Finished');

    await server.api(`/api/v1/deploys/${rolling.id}/finish`, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'rolled_back' }),
    });
    await expect
      .poll(() => timeline.innerText(), { timeout: STEP_MS })
      .toContain('Finished by e2e-admin: rolled back.');
    await expect.poll(() => page.getByRole('main').innerText()).toMatch(/Outcome\s+rolled back/);

    const incident = await server.api<{ id: number }>('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Order errors after v9.1.0', severity: 'SEV3' }),
    });
    await server.api(`/api/v1/incidents/${incident.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ causeDeploy: rolling.id }),
    });
    await page
      .getByRole('link', { name: `Incident ${incident.id}: Order errors after v9.1.0` })
      .waitFor({ timeout: STEP_MS });
    expect(await documentMark(page)).toBe('still here');
    await shot(page, 'deploy-updated-live');
  }, 60_000);

  it("links a service page's deploy rows to the deploy", async () => {
    await page.goto(`${server.url}/services/payment`);
    const table = page.getByRole('table', { name: /Deploys of payment/ });
    await table.getByRole('link', { name: 'v2.3.0' }).click();
    await page
      .getByRole('heading', { level: 1, name: `Deploy ${shipped.id}: payment v2.3.0` })
      .waitFor({ timeout: STEP_MS });
    expect(problems.all()).toEqual([]);
  }, 60_000);

  it("shows a deploy's canary analysis judged live: the score chart and the metric table with the API's values", async () => {
    const canary = await record({ service: 'payment', version: 'v2.4.0', strategy: 'canary', actor: 'ci' });
    await page.goto(`${server.url}/deploys/${canary.id}`);
    await page
      .getByRole('heading', { level: 1, name: `Deploy ${canary.id}: payment v2.4.0` })
      .waitFor({ timeout: STEP_MS });
    await whenSettled(page);
    await page.getByText('No canary analysis judges this deploy.').waitFor({ timeout: STEP_MS });
    await markDocument(page);

    const { data: started } = await server.api<{ data: Analysis }>('/api/v1/canary/analyses', {
      method: 'POST',
      body: JSON.stringify({
        service: 'payment',
        deployId: canary.id,
        source: 'pushed',
        bakeTime: '6s',
        interval: '3s',
        metrics: [
          { name: 'errors', direction: 'increase' },
          { name: 'latency', direction: 'increase' },
        ],
      }),
    });
    await server.api(`/api/v1/canary/analyses/${started.id}/samples`, {
      method: 'POST',
      body: JSON.stringify({ samples: canarySamples() }),
    });
    // The server's job judges the first interval 3 s in: errors are higher, the score falls below marginal.
    const heading = page.getByRole('heading', {
      level: 3,
      name: new RegExp(`^Canary analysis ${started.id}`),
    });
    await heading.waitFor({ timeout: STEP_MS });
    const table = page.getByRole('table', { name: new RegExp(`^Interval 1 of analysis ${started.id}`) });
    await table.waitFor({ timeout: STEP_MS });
    const judged = (await server.api<{ data: Analysis }>(`/api/v1/canary/analyses/${started.id}`)).data;
    expect(judged.status).toBe('fail');
    const interval = judged.intervals[0];
    expect(interval?.verdict).toBe('fail');
    await expect.poll(() => heading.innerText(), { timeout: STEP_MS }).toContain('fail');
    for (const metric of interval?.metrics ?? []) {
      const row = table
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: metric.name, exact: true }) });
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells).toEqual([
        metric.name,
        metric.classification,
        num(metric.estimate, 4),
        intervalText(metric.lower, metric.upper),
        pValueText(metric.pValue),
        num(metric.meanRatio, 3),
        metric.critical ? 'yes' : 'no',
      ]);
    }
    expect(interval?.metrics.map((m) => m.classification)).toEqual(['High', 'Pass']);
    const chart = page.getByRole('figure', { name: `Canary score by interval (analysis ${started.id})` });
    expect(await chart.innerText()).toContain(`Interval 1 scored ${num(interval?.score)} (fail).`);
    expect(await chart.innerText()).toContain('Pass at 95 or more, marginal at 75 or more');
    expect(await chart.innerText()).toContain('Pass threshold (95)');
    const timeline = page.getByRole('list', { name: 'Deploy timeline' });
    await expect
      .poll(() => timeline.innerText(), { timeout: STEP_MS })
      .toContain(`Canary analysis ${started.id} finished: fail, score ${num(interval?.score)}`);
    expect(await documentMark(page)).toBe('still here');
    await shot(page, 'deploy-analysis-judged-live');

    await heading.getByRole('link', { name: `Canary analysis ${started.id}` }).click();
    await page
      .getByRole('heading', { level: 1, name: `Canary analysis ${started.id}: payment` })
      .waitFor({ timeout: STEP_MS });
    await page.getByRole('table', { name: new RegExp(`^Interval 1 of analysis ${started.id}`) }).waitFor();
    await shot(page, 'analysis');
    expect(problems.all()).toEqual([]);
  }, 60_000);

  it("follows a deploy's rollout step by step, live, as its plan drives it", async () => {
    const deploy = await record({ service: 'order', version: 'v9.2.0', rolloutPlan: 'order-progressive' });
    await page.goto(`${server.url}/deploys/${deploy.id}`);
    await page
      .getByRole('heading', { level: 1, name: `Deploy ${deploy.id}: order v9.2.0` })
      .waitFor({ timeout: STEP_MS });
    await whenSettled(page);
    await markDocument(page);
    const progress = page.getByRole('region', { name: /^Rollout \d+ of plan order-progressive/ });
    await progress.waitFor({ timeout: STEP_MS });
    const steps = progress.getByRole('listitem');
    expect(await steps.count()).toBe(2);
    /** Waits for `step`'s analysis and pushes twenty identical samples a side: the step passes. */
    const passStep = async (step: number) => {
      const rollout = await waitForRollout(
        (r) => typeof r.steps[step - 1]?.analysisId === 'number',
        `step ${step} baking under an analysis`,
      );
      const analysisId = rollout.steps[step - 1]?.analysisId as number;
      const at = new Date().toISOString();
      const samples = Array.from({ length: 20 }, (_, i) =>
        ['control', 'experiment'].map((variant) => ({
          metric: 'errors',
          variant,
          at,
          value: 1 + (i % 5) * 0.1,
        })),
      ).flat();
      await server.api(`/api/v1/canary/analyses/${analysisId}/samples`, {
        method: 'POST',
        body: JSON.stringify({ samples }),
      });
      return analysisId;
    };
    const waitForRollout = async (done: (r: Rollout) => boolean, what: string) => {
      const deadline = Date.now() + STEP_MS;
      for (;;) {
        const { rollouts } = await server.api<{ rollouts: Rollout[] }>('/api/v1/rollouts?service=order');
        const rollout = rollouts.find((r) => (r as Rollout & { deployId: number }).deployId === deploy.id);
        if (rollout && done(rollout)) return rollout;
        if (Date.now() > deadline)
          throw new Error(`${what}: not within ${STEP_MS} ms (${JSON.stringify(rollout)})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const first = await passStep(1);
    await expect.poll(() => steps.nth(0).innerText(), { timeout: STEP_MS }).toMatch(/50 %\s*baking/);
    await expect.poll(() => steps.nth(1).innerText()).toMatch(/100 %\s*waiting/);
    await shot(page, 'rollout-step-1-baking');
    await expect.poll(() => steps.nth(0).innerText(), { timeout: STEP_MS }).toMatch(/50 %\s*passed/);
    expect(
      await steps
        .nth(0)
        .getByRole('link', { name: `analysis ${first}` })
        .count(),
    ).toBe(1);
    await passStep(2);
    await expect.poll(() => progress.innerText(), { timeout: STEP_MS }).toMatch(/succeeded/);
    expect(await steps.nth(1).innerText()).toMatch(/100 %\s*passed/);
    await expect.poll(() => page.getByRole('main').innerText()).toMatch(/Outcome\s+succeeded/);
    const timeline = await page.getByRole('list', { name: 'Deploy timeline' }).innerText();
    expect(timeline).toContain('Rollout step 1: traffic to 50 %.');
    expect(timeline).toContain('Action setWeight at step 2 succeeded');
    expect(timeline).toContain('Rollout succeeded.');
    expect(actions.map((a) => a.path)).toEqual(
      expect.arrayContaining(['/rollout/order/weight/50', '/rollout/order/weight/100']),
    );
    expect(await documentMark(page)).toBe('still here');
    await shot(page, 'rollout-succeeded-live');
  }, 90_000);

  it('reads on a 390 px phone in the dark theme', async () => {
    const phone = await openConsole(browser, { width: 390, theme: 'dark' });
    try {
      await signIn(phone.page, server.url, server.adminToken);
      for (const [route, name] of [
        ['/deploys', 'deploys-phone-dark'],
        [`/deploys/${shipped.id}`, 'deploy-phone-dark'],
      ] as const) {
        await phone.page.goto(`${server.url}${route}`);
        await whenSettled(phone.page);
        await shot(phone.page, name);
      }
      expect(phone.problems.all()).toEqual([]);
    } finally {
      await phone.context.close();
    }
  }, 60_000);
});

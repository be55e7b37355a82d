import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleServer,
  chromiumAvailable,
  launchChromium,
  openConsole,
  type PageProblems,
  prefillHistory,
  screenshots,
  signIn,
  startConsoleServer,
} from '../../src/testing/console-harness.ts';
import { num, percent } from '../../web/src/format.ts';

// Issue 12's "done when": the console in Debian's Chromium against `nines serve` with the demo config,
// signed in as the payments on-call Person, through the whole reliability loop. Each step saves a
// screenshot under test-artifacts/console/.

const available = chromiumAvailable();
const shot = screenshots('console');
const STEP_MS = 20_000;

interface SloAnswer {
  name: string;
  errorBudget: { remaining: number | null };
}
interface HistoryAnswer {
  points: Array<{ time: string; burnRates: Record<string, number | null> }>;
}

/** A real Alertmanager v4 webhook body: one firing alert routed to the `payment` service. */
function alertmanagerWebhook(name: string) {
  const labels = { alertname: name, service: 'payment', severity: 'warning' };
  return {
    version: '4',
    groupKey: `{}:{alertname="${name}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'nines',
    groupLabels: { alertname: name },
    commonLabels: labels,
    commonAnnotations: { summary: `${name} on payment` },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `${name} on payment` },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph',
        fingerprint: name.toLowerCase(),
      },
    ],
  };
}

/** The JSON of the first response the page receives whose path is `path` (wait registered before acting). */
function answerTo(page: Page, path: string | RegExp): Promise<Response> {
  return page.waitForResponse(
    (response) => {
      const pathname = new URL(response.url()).pathname;
      return typeof path === 'string' ? pathname === path : path.test(pathname);
    },
    { timeout: STEP_MS },
  );
}

/** The little of a DOM canvas this file reads (the Node typings have no DOM). */
interface Canvas {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Whether a canvas inside `figure` has drawn pixels (uPlot drew the chart, not an empty box). */
async function drawnPixels(figure: Locator): Promise<number> {
  const canvas = figure.locator('canvas').first();
  await canvas.waitFor({ timeout: STEP_MS });
  return canvas.evaluate((element) => {
    const c = element as unknown as Canvas;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) drawn++;
    return drawn;
  });
}

/** The smallest block that holds both a heading `name` (h2) and the figure `<name> timeline`. */
function scheduleBlock(page: Page, name: string): Locator {
  return page
    .locator('section, article, div')
    .filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) })
    .filter({ has: page.getByRole('figure', { name: `${name} timeline` }) })
    .last();
}

describe.skipIf(!available)('the console in Chromium against nines serve (demo config)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let person: string;
  let personToken: string;
  const slo = 'payment-availability';

  beforeAll(async () => {
    server = await startConsoleServer();
    await prefillHistory(server, server.configDir);
    const { oncall } = await server.api<{ oncall: Array<{ schedule: string; person: string }> }>(
      '/api/v1/oncall',
    );
    person = oncall.find((o) => o.schedule === 'payments-primary')?.person as string;
    expect(person).toMatch(/^(charlie|mallory|niaj)$/);
    personToken = (await server.token({ name: `console-${person}`, scopes: ['admin'], person })).token;
    browser = await launchChromium();
    ({ context, page, problems } = await openConsole(browser));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('signs in with a token that belongs to a Person and shows the overview', async () => {
    await page.goto(server.url);
    await page.getByRole('textbox', { name: 'API token' }).fill(personToken);
    await shot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText(`Signed in as ${person}`).isVisible()).toBe(true);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: STEP_MS });
    for (const panel of [
      'Budgets at risk',
      'Open incidents',
      'On call now',
      'Pages in the last 24 h',
      'SLO compliance by service',
    ])
      await page.getByRole('heading', { level: 2, name: panel }).waitFor({ timeout: STEP_MS });
    // The payments on-call person is on call now, by name.
    const onCall = page
      .locator('section, div')
      .filter({ has: page.getByRole('heading', { name: 'On call now' }) });
    await expect.poll(() => onCall.last().innerText()).toContain(person);
    await shot(page, 'overview');
  }, 60_000);

  it('opens an SLO from the list and draws both charts with the values the API gave', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SLOs' }).click();
    await page.getByRole('table', { name: 'SLOs' }).waitFor({ timeout: STEP_MS });
    const status = answerTo(page, `/api/v1/slos/${slo}`);
    // The view may ask for history more than once (the budget's window, the burn windows): keep every answer.
    const histories: Array<Promise<HistoryAnswer>> = [];
    const onResponse = (response: Response) => {
      if (new URL(response.url()).pathname === `/api/v1/slos/${slo}/history` && response.ok())
        histories.push(response.json().catch(() => ({ points: [] })) as Promise<HistoryAnswer>);
    };
    const budget = page.getByRole('figure', { name: 'Error budget remaining' });
    const burn = page.getByRole('figure', { name: 'Burn rate' });
    page.on('response', onResponse);
    try {
      await page.getByRole('link', { name: slo, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: slo }).waitFor({ timeout: STEP_MS });
      expect(new URL(page.url()).pathname).toBe(`/slos/${slo}`);
      const sloAnswer = (await (await status).json()) as SloAnswer;
      expect(sloAnswer.errorBudget.remaining).toBeGreaterThan(0.5);
      await expect
        .poll(() => budget.innerText(), { timeout: STEP_MS })
        .toContain(`Budget remaining: ${percent(sloAnswer.errorBudget.remaining)}`);
      await expect.poll(() => burn.innerText(), { timeout: STEP_MS }).toMatch(/\d×/);
    } finally {
      page.off('response', onResponse);
    }
    const burnText = await burn.innerText();
    // Each window's rate as the latest point of one history answer gave it, formatted as the console does.
    const expected = (await Promise.all(histories)).map((answer) =>
      Object.entries(answer.points.at(-1)?.burnRates ?? {})
        .filter(([, rate]) => rate !== null)
        .map(([window, rate]) => `${window}: ${num(rate)}×`),
    );
    expect(expected.some((lines) => lines.length > 0)).toBe(true);
    const matching = expected.filter(
      (lines) => lines.length > 0 && lines.every((line) => burnText.includes(line)),
    );
    expect(matching, `burn-rate summary "${burnText}" against ${JSON.stringify(expected)}`).not.toEqual([]);
    expect(await drawnPixels(budget)).toBeGreaterThan(500);
    expect(await drawnPixels(burn)).toBeGreaterThan(500);
    await page.getByRole('heading', { level: 2, name: 'Alert history' }).waitFor();
    await shot(page, 'slo-charts');
  }, 60_000);

  it('shows the same SLO when its deep link is reloaded', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: slo }).waitFor({ timeout: STEP_MS });
    await page.getByRole('figure', { name: 'Error budget remaining' }).waitFor();
    expect(await page.getByText(`Signed in as ${person}`).isVisible()).toBe(true);
    await shot(page, 'slo-deep-link-reloaded');
  }, 60_000);

  it("shows a service's deploys and what the deploy gate answers, as the API does", async () => {
    const deploy = await server.api<{ id: number }>('/api/v1/deploys', {
      method: 'POST',
      body: JSON.stringify({ service: 'payment', version: 'v2.4.1-e2e', strategy: 'canary' }),
    });
    const verdict = (
      await server.api<{ data: { ok: boolean; decision: string; reasons: Array<{ source: string }> } }>(
        '/api/v1/deploy-gates/payment/verdict?change=feature',
      )
    ).data;
    await page.goto(`${server.url}/services/payment`);
    await page.getByRole('heading', { level: 2, name: 'Deploys' }).waitFor({ timeout: STEP_MS });
    const deploys = page.getByRole('table', { name: /Deploys of payment/ });
    await deploys.getByText('v2.4.1-e2e').waitFor({ timeout: STEP_MS });
    expect(await deploys.getByText('running').count()).toBeGreaterThan(0);
    const gate = page.getByText(/A feature change now:/);
    await gate.waitFor({ timeout: STEP_MS });
    expect(await gate.textContent()).toContain(verdict.ok ? 'may deploy' : 'is held');
    expect(await gate.textContent()).toContain(verdict.decision);
    for (const reason of verdict.reasons) {
      expect(await page.getByText(reason.source, { exact: true }).count()).toBeGreaterThan(0);
    }
    await shot(page, 'service-deploys-and-gate');
    await server.api(`/api/v1/deploys/${deploy.id}/finish`, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'succeeded' }),
    });
  }, 60_000);

  it('acknowledges a page as the signed-in person', async () => {
    const opened = await server.api<{ outcomes: Array<{ outcome: string; pageId?: number | null }> }>(
      '/api/v1/integrations/alertmanager',
      { method: 'POST', body: JSON.stringify(alertmanagerWebhook('PaymentCardDeclines')) },
    );
    const pageId = opened.outcomes[0]?.pageId;
    expect(opened.outcomes[0]?.outcome).toBe('paged');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pages' }).click();
    const table = page.getByRole('table', { name: 'Pages' });
    await table.waitFor({ timeout: STEP_MS });
    await table
      .getByRole('link', { name: new RegExp(`\\b${pageId}\\b`) })
      .first()
      .click();
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`^Page ${pageId}\\b`) })
      .waitFor({ timeout: STEP_MS });
    await page.getByText('triggered', { exact: false }).first().waitFor();
    await shot(page, 'page-triggered');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    const view = page.getByRole('main');
    await expect
      .poll(() => view.innerText(), { timeout: STEP_MS })
      .toMatch(/acknowledged[^\n]*\bby\b[^\n]*/i);
    const history = page
      .locator('section, div')
      .filter({ has: page.getByRole('heading', { level: 2, name: 'History' }) })
      .last();
    await expect.poll(() => history.innerText()).toMatch(new RegExp(`acknowledged[^\\n]*${person}`, 'i'));
    // The server recorded the person, not the token's name.
    const answer = await server.api<{
      status: string;
      events: Array<{ kind: string; actor: string | null }>;
    }>(`/api/v1/pages/${pageId}`);
    expect(answer.status).toBe('acknowledged');
    expect(answer.events.find((e) => e.kind === 'acknowledged')?.actor).toBe(person);
    for (const heading of ['Alerts', 'Deliveries'])
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    await shot(page, 'page-acknowledged');
  }, 60_000);

  it('updates an open page live when someone else acknowledges it', async () => {
    const opened = await server.api<{ outcomes: Array<{ pageId?: number | null }> }>(
      '/api/v1/integrations/alertmanager',
      { method: 'POST', body: JSON.stringify(alertmanagerWebhook('PaymentGatewayTimeouts')) },
    );
    const pageId = opened.outcomes[0]?.pageId;
    await page.goto(`${server.url}/pages/${pageId}`);
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`^Page ${pageId}\\b`) })
      .waitFor({ timeout: STEP_MS });
    await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
    await page.evaluate(() => {
      (globalThis as { notReloaded?: boolean }).notReloaded = true;
    });
    await server.api(`/api/v1/pages/${pageId}/ack`, { method: 'POST', body: '{}' });
    const history = page
      .locator('section, div')
      .filter({ has: page.getByRole('heading', { level: 2, name: 'History' }) })
      .last();
    await expect
      .poll(() => history.innerText(), { timeout: STEP_MS })
      .toMatch(/acknowledged[^\n]*e2e-admin/i);
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await shot(page, 'page-updated-live');
  }, 60_000);

  it('declares an incident, resolves it and edits its postmortem', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor({ timeout: STEP_MS });
    await page.getByRole('button', { name: 'Declare incident' }).click();
    await page.getByLabel('Title').fill('Card payments fail for some customers');
    await page.getByLabel('Severity').selectOption('SEV2');
    const services = page.getByLabel('Services');
    if ((await services.evaluate((e) => e.tagName)) === 'SELECT') await services.selectOption('payment');
    else await services.fill('payment');
    await page.getByLabel('Summary').fill('Declines spike at the payment provider.');
    await shot(page, 'incident-declare-form');
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Incident \d+/ });
    await heading.waitFor({ timeout: STEP_MS });
    const incidentId = Number(/^Incident (\d+)/.exec(await heading.innerText())?.[1]);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incidentId}`);
    const declared = await server.api<{ title: string; severity: string; services: string[] }>(
      `/api/v1/incidents/${incidentId}`,
    );
    expect(declared).toMatchObject({ title: 'Card payments fail for some customers', severity: 'SEV2' });
    expect(declared.services).toContain('payment');
    await shot(page, 'incident-declared');

    await page.getByLabel('Status', { exact: true }).selectOption('resolved');
    await page.getByRole('button', { name: 'Update status' }).click();
    await page.getByRole('link', { name: 'Postmortem' }).waitFor({ timeout: STEP_MS });
    const resolved = await server.api<{ status: string; postmortem: { id: number } | null }>(
      `/api/v1/incidents/${incidentId}`,
    );
    expect(resolved.status).toBe('resolved');
    await expect.poll(() => page.getByRole('main').innerText()).toMatch(/resolved/i);
    await shot(page, 'incident-resolved');

    await page.getByRole('link', { name: 'Postmortem' }).click();
    await page.getByRole('heading', { level: 1, name: /^Postmortem/ }).waitFor({ timeout: STEP_MS });
    const postmortemId = resolved.postmortem?.id as number;
    expect(new URL(page.url()).pathname).toBe(`/postmortems/${postmortemId}`);
    const before = await server.api<{ version: number }>(`/api/v1/postmortems/${postmortemId}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const summary = 'A provider change declined valid cards; retries with a second acquirer fixed it.';
    await page.getByRole('textbox', { name: 'Summary' }).fill(summary);
    await shot(page, 'postmortem-editing');
    await page.getByRole('button', { name: 'Save' }).click();
    // The view shows the new version and the saved text, not only a notice saying it was saved.
    await page
      .getByText(`Version ${before.version + 1}`, { exact: true })
      .first()
      .waitFor({ timeout: STEP_MS });
    await expect.poll(() => page.getByRole('main').innerText(), { timeout: STEP_MS }).toContain(summary);
    const after = await server.api<{ version: number; document: { summary: string } }>(
      `/api/v1/postmortems/${postmortemId}`,
    );
    expect(after.version).toBe(before.version + 1);
    expect(after.document.summary).toBe(summary);
    await shot(page, 'postmortem-saved');
  }, 90_000);

  it('creates an on-call override and shows it in the timeline', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'On-call' }).click();
    await page.getByRole('heading', { level: 1, name: 'On-call' }).waitFor({ timeout: STEP_MS });
    const block = scheduleBlock(page, 'payments-primary');
    await block.waitFor({ timeout: STEP_MS });
    const start = new Date(Date.now() + 2 * 86_400_000);
    const end = new Date(start.getTime() + 6 * 3_600_000);
    // Someone who would not be on call then, so the override visibly changes the final schedule.
    const then = await server.api<{ oncall: Array<{ schedule: string; person: string }> }>(
      `/api/v1/oncall?at=${encodeURIComponent(start.toISOString())}`,
    );
    const rostered = then.oncall.find((o) => o.schedule === 'payments-primary')?.person;
    const stand = ['charlie', 'mallory', 'niaj'].find((p) => p !== rostered) as string;
    const local = (d: Date) => {
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:00`;
    };
    await block.getByLabel('Person').selectOption(stand);
    await block.getByLabel('Start').fill(local(start));
    await block.getByLabel('End').fill(local(end));
    await block.getByRole('button', { name: 'Create override' }).click();
    const overrides = () =>
      server.api<{ overrides: Array<{ person: string }> }>('/api/v1/schedules/payments-primary/overrides');
    await expect.poll(async () => (await overrides()).overrides.length, { timeout: STEP_MS }).toBe(1);
    const [created] = (await overrides()).overrides;
    expect(created?.person).toBe(stand);
    const timeline = block.getByRole('figure', { name: 'payments-primary timeline' });
    await expect
      .poll(() => timeline.innerText(), { timeout: STEP_MS })
      .toMatch(new RegExp(`${stand}[^\\n]*override`, 'i'));
    // The override's shift names the person standing in (text label or title).
    await expect
      .poll(
        async () =>
          `${await timeline.innerText()} ${await timeline.evaluate((e) => [...e.querySelectorAll('[title], title')].map((t) => t.getAttribute('title') ?? t.textContent).join(' '))}`,
      )
      .toContain(stand);
    await block.getByRole('button', { name: 'Delete override' }).first().waitFor();
    await shot(page, 'oncall-override');
  }, 60_000);

  it('revokes a token in Settings, after which that token is refused', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('table', { name: 'API tokens' }).waitFor({ timeout: STEP_MS });
    await page.getByLabel('Name', { exact: true }).fill('laptop-of-judy');
    await page.getByRole('checkbox', { name: 'read', exact: true }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretField = page.getByLabel('New token');
    await secretField.waitFor({ timeout: STEP_MS });
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^nines_/);
    await shot(page, 'token-created');
    expect(
      (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status,
    ).toBe(200);

    const row = page
      .getByRole('table', { name: 'API tokens' })
      .getByRole('row')
      .filter({ hasText: 'laptop-of-judy' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Confirm revoke' }).click();
    await expect.poll(() => row.innerText(), { timeout: STEP_MS }).toMatch(/revoked/i);
    await shot(page, 'token-revoked');
    expect(
      (await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status,
    ).toBe(401);

    // Signing in with the revoked token is refused with the server's reason.
    const other = await openConsole(browser);
    try {
      await other.page.goto(server.url);
      await other.page.getByRole('textbox', { name: 'API token' }).fill(secret);
      await other.page.getByRole('button', { name: 'Sign in' }).click();
      await expect
        .poll(() => other.page.getByRole('alert').innerText(), { timeout: STEP_MS })
        .toMatch(/unknown or revoked/);
      expect(await other.page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      await shot(other.page, 'revoked-token-refused');
    } finally {
      await other.context.close();
    }
  }, 60_000);

  it('signs out a session whose token is revoked meanwhile', async () => {
    const { token, id } = await server.token({ name: 'short-lived', scopes: ['read'] });
    const other = await openConsole(browser);
    try {
      await signIn(other.page, server.url, token, 'short-lived');
      await server.api(`/api/v1/tokens/${id}`, { method: 'DELETE' });
      // The live stream may notice first; otherwise the next API call the user makes does.
      const services = other.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Services' });
      if (await services.isVisible()) await services.click({ timeout: 2_000 }).catch(() => {});
      await other.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: STEP_MS });
      await expect
        .poll(() => other.page.getByRole('status').allInnerTexts())
        .toContainEqual(expect.stringMatching(/revoked|refused/));
      await shot(other.page, 'revoked-session-signed-out');
    } finally {
      await other.context.close();
    }
  }, 60_000);

  it('saw no page errors and no console errors along the way', () => {
    expect([...problems.pageErrors, ...problems.consoleErrors]).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../src/config/config.ts';
import { DAY_MS, MINUTE_MS } from '../../src/core/duration.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { addSliBuckets } from '../../src/engine/index.ts';
import { type NinesHandle, startNines } from '../../src/main.ts';
import { writeConfig } from '../../src/testing/nines-process.ts';
import { componentsRequired } from '../../src/testing/test-engines.ts';

// A real server and Debian's Chromium: the status page as a visitor sees it, with and without JavaScript.

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && componentsRequired())
  throw new Error(`${CHROMIUM} is required (CI or NINES_REQUIRE_COMPONENTS)`);

const config = {
  'catalog.yaml': `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: shop }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: checkout-api }
spec: { owner: shop }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: search-api }
spec: { owner: shop }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: checkout-availability }
spec: { service: checkout-api, objective: 99.9, indicator: { events: {} } }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: search-availability }
spec: { service: search-api, objective: 99, indicator: { events: {} } }
`,
  'status.yaml': `
apiVersion: nines.dev/v1
kind: StatusPage
metadata: { name: public }
spec:
  title: Acme Status
  description: Live status of the Acme shop
  components:
    - { name: checkout, displayName: Checkout, description: Cart and payment, group: Shop, services: [checkout-api] }
    - { name: search, displayName: Search, group: Shop, services: [search-api] }
`,
};

/** Minute buckets for every minute of the days `fromDay..toDay` (inclusive, 0 = today), `bad` of 1000 failing. */
async function fillDays(nines: NinesHandle, slo: string, days: number[], bad: (minute: number) => number) {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const starts: number[] = [];
  for (const day of days) {
    const start = today - day * DAY_MS;
    const end = Math.min(start + DAY_MS, Date.now());
    for (let at = start; at < end; at += MINUTE_MS) starts.push(at);
  }
  const points = starts.map((timeMs) => ({ slo, timeMs, good: 1000 - bad(timeMs / MINUTE_MS), total: 1000 }));
  await nines.ctx.db.transaction((tx) => addSliBuckets(tx, points));
}

describe.skipIf(!available)('the status page in Chromium', () => {
  let nines: NinesHandle;
  let browser: Browser;

  beforeAll(async () => {
    const configDir = writeConfig(config);
    nines = await startNines({
      config: resolveRuntimeConfig({}, { configDir, port: '0', host: '127.0.0.1', dataDir: 'memory://' }),
      logger: silentLogger,
      jobs: false,
    });
    // Checkout: 60 days of data, one bad hour (down) yesterday; search: the last 20 days only.
    const days = (n: number) => Array.from({ length: n }, (_, i) => i);
    await fillDays(nines, 'checkout-availability', days(60), (minute) =>
      Math.floor(minute / 60) % 24 === 3 && Math.floor(minute / 1440) === Math.floor(Date.now() / DAY_MS) - 1
        ? 900
        : 0,
    );
    await fillDays(nines, 'search-availability', days(20), () => 2);
    const [incident] = await nines.ctx.db.query<{ id: number }>(
      `INSERT INTO incidents (title, severity, status, services, public_title, declared_by, started_ms, detected_ms, declared_ms)
       VALUES ('pg primary failover by alice', 'SEV2', 'identified', '["checkout-api"]', 'Payments fail for some cards', 'alice', $1, $1, $1)
       RETURNING id`,
      [Date.now() - 30 * MINUTE_MS],
    );
    await nines.ctx.db.query(
      `INSERT INTO status_updates (incident_id, at_ms, status, message, public, posted_by) VALUES
       ($1, $2, 'investigating', 'We are looking into failed card payments.', true, 'bob'),
       ($1, $3, 'identified', 'A database failover is in progress; retries succeed.', true, 'bob'),
       ($1, $3, 'identified', 'alice: replica lag 40s, do not tell customers', false, 'alice')`,
      [incident?.id, Date.now() - 25 * MINUTE_MS, Date.now() - 10 * MINUTE_MS],
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await nines?.close();
  });

  it.each([true, false])(
    'shows components, the incident and 90 day bars (JavaScript %s)',
    async (javaScriptEnabled) => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1000, height: 900 } });
      try {
        const page = await context.newPage();
        const response = await page.goto(`${nines.url}/status`);
        expect(response?.status()).toBe(200);
        expect(await page.title()).toBe('Acme Status');
        const checkout = page.locator('li.component', {
          has: page.getByRole('heading', { name: 'Checkout' }),
        });
        const search = page.locator('li.component', { has: page.getByRole('heading', { name: 'Search' }) });
        await expect.poll(() => checkout.locator('.state').innerText()).toBe('Partial outage');
        expect(await search.locator('.state').innerText()).toBe('Operational');
        expect(await page.getByRole('heading', { name: 'Shop' }).count()).toBe(1);

        const incident = page.locator('article.incident');
        expect(await incident.getByRole('heading').innerText()).toBe('Payments fail for some cards');
        const updates = await incident.locator('.updates li').allInnerTexts();
        expect(updates).toHaveLength(2);
        expect(updates[0]).toContain('A database failover is in progress; retries succeed.');
        expect(await page.content()).not.toContain('alice');

        expect(await checkout.locator('li.bar').count()).toBe(90);
        expect(await search.locator('li.bar').count()).toBe(90);
        // Search has 20 days of data: the 70 days before show as "no data".
        expect(await search.locator('li.bar[title$=": no data"]').count()).toBe(70);
        expect(await checkout.locator('li.bar[title$=": no data"]').count()).toBe(30);
        // Yesterday lost one hour of 1440 minutes to a 90 % error rate: 1380 / 1440 = 95.83 %.
        expect(await checkout.locator('li.bar').nth(88).getAttribute('title')).toMatch(
          /^\d{4}-\d{2}-\d{2}: 95\.83 % uptime, major outage$/,
        );
        if (!javaScriptEnabled) await page.screenshot({ path: '/tmp/status-page.png', fullPage: true });
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it.each([true, false])(
    "fits today's bar inside a 390 px wide screen (JavaScript %s)",
    async (javaScriptEnabled) => {
      const width = 390;
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 844 } });
      try {
        const page = await context.newPage();
        await page.goto(`${nines.url}/status`);
        const checkout = page.locator('li.component', {
          has: page.getByRole('heading', { name: 'Checkout' }),
        });
        const bars = checkout.locator('li.bar');
        const today = await bars.last().boundingBox();
        expect(today).not.toBeNull();
        const box = today as { x: number; y: number; width: number; height: number };
        expect(box.width).toBeGreaterThanOrEqual(2);
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        // Yesterday's bar sits just left of today's: the drawn bars are the newest ones, in order.
        const yesterday = (await bars.nth(88).boundingBox()) as typeof box;
        expect(yesterday.x + yesterday.width).toBeLessThanOrEqual(box.x);
        // Every day is still in the page (screen readers read all 90); a narrow screen draws the latest 30.
        expect(await bars.count()).toBe(90);
        expect(await checkout.locator('li.bar:visible').count()).toBe(30);
        // Nothing sticks out sideways, and the legend names the span drawn.
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          width,
        );
        const legend = await checkout.locator('.legend > span:visible').allInnerTexts();
        expect(legend).toEqual([
          '30 days ago',
          expect.stringMatching(/^\d+\.\d\d % uptime over 90 days$/),
          'Today',
        ]);
        if (!javaScriptEnabled) await page.screenshot({ path: '/tmp/status-page-390.png', fullPage: true });
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});

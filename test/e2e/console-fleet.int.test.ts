import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fleet, pushFleetTraffic, writeFleetConfig } from '../../src/testing/console-fleet.ts';
import {
  type ConsoleServer,
  chromiumAvailable,
  launchChromium,
  openConsole,
  screenshots,
  signIn,
  startConsoleServer,
  whenSettled,
} from '../../src/testing/console-harness.ts';

// A big fleet: 200 services in a dependency DAG and 1,000 SLOs. The overview, /slos and /services load
// without an error in the page, its console or any API call, and show what the fleet holds.

const available = chromiumAvailable();
const shot = screenshots('console-fleet');
const STEP_MS = 30_000;

describe.skipIf(!available)('the console with 200 services and 1,000 SLOs', () => {
  let fleet: Fleet;
  let server: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    fleet = writeFleetConfig({ services: 200, slosPerService: 5 });
    expect(fleet.slos).toHaveLength(1000);
    server = await startConsoleServer({ configDir: fleet.configDir });
    expect(
      await pushFleetTraffic({ url: server.url, token: server.adminToken }, fleet, { minutes: 20 }),
    ).toBe(20_000);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads the overview, /slos and /services without errors and with the fleet in them', async () => {
    const { context, page, problems } = await openConsole(browser);
    try {
      await signIn(page, server.url, server.adminToken);
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: STEP_MS });
      await whenSettled(page, STEP_MS);
      await page.getByRole('heading', { level: 2, name: 'SLO compliance by service' }).waitFor();
      await shot(page, 'overview');

      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'SLOs' }).click();
      const slos = page.getByRole('table', { name: /SLOs/ });
      await slos.waitFor({ timeout: STEP_MS });
      await whenSettled(page, STEP_MS);
      // The caption counts every SLO, though the table shows a page of them.
      await expect.poll(() => slos.locator('caption').innerText()).toMatch(/\b1[,. \u202f]?000\b/);
      const rows = await slos.locator('tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThanOrEqual(100);
      expect(await slos.innerText()).toContain('svc-000-availability');
      await shot(page, 'slos');

      await nav.getByRole('link', { name: 'Services' }).click();
      const services = page.getByRole('table', { name: /Services/ });
      await services.waitFor({ timeout: STEP_MS });
      await whenSettled(page, STEP_MS);
      await expect.poll(() => services.locator('caption').innerText()).toMatch(/\b200\b/);
      const graph = page.getByRole('figure', { name: 'Dependency graph' });
      // The graph's text alternative counts the whole fleet and names the services in trouble (every
      // 50th SLO burns: svc-001's errors SLO is the first).
      const graphText = await graph.innerText();
      expect(graphText).toMatch(/\b200 services, \d+ dependencies\b/);
      expect(graphText).toContain('svc-001');
      // The catalog shows a page at a time; its filter finds the last service.
      await page.getByRole('searchbox', { name: 'Filter' }).first().fill('svc-199');
      await expect.poll(() => services.locator('tbody tr').count()).toBe(1);
      expect(await services.innerText()).toContain('svc-199');
      await shot(page, 'services');
    } finally {
      await context.close();
    }
    expect(problems.all()).toEqual([]);
  }, 120_000);
});

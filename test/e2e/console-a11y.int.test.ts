import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleServer,
  chromiumAvailable,
  launchChromium,
  openConsole,
  prefillHistory,
  signIn,
  startConsoleServer,
  whenSettled,
} from '../../src/testing/console-harness.ts';

// axe-core on every console route, in both themes, on a desktop and a phone-sized screen: no serious or
// critical WCAG 2.1 A/AA violation, and at 390 px nothing makes the page scroll sideways.

const available = chromiumAvailable();
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Finding {
  route: string;
  rule: string;
  impact: string;
  targets: string[];
}

async function audit(page: Page, route: string): Promise<Finding[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      route,
      rule: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** How far the document scrolls sideways beyond the viewport (0 when it fits). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(
    'Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)',
  );
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.route}: ${f.impact} ${f.rule} at ${f.targets.join(' | ')}`).join('\n');
}

describe.skipIf(!available)('console accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  const routes: string[] = ['/', '/services', '/services/payment', '/slos', '/slos/payment-availability'];

  beforeAll(async () => {
    server = await startConsoleServer();
    await prefillHistory(server, server.configDir, 3);
    const opened = await server.api<{ outcomes: Array<{ pageId?: number | null }> }>(
      '/api/v1/integrations/alertmanager',
      {
        method: 'POST',
        body: JSON.stringify({
          version: '4',
          groupKey: '{}:{alertname="PaymentErrors"}',
          status: 'firing',
          receiver: 'nines',
          groupLabels: { alertname: 'PaymentErrors' },
          commonLabels: { alertname: 'PaymentErrors', service: 'payment', severity: 'warning' },
          commonAnnotations: {},
          externalURL: 'http://alertmanager.example:9093',
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'PaymentErrors', service: 'payment', severity: 'warning' },
              annotations: { summary: 'payment errors above 1 %' },
              startsAt: new Date().toISOString(),
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: 'payment-errors',
            },
          ],
        }),
      },
    );
    const incident = await server.api<{ id: number }>('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Card payments declined', severity: 'SEV2', services: ['payment'] }),
    });
    const deploy = await server.api<{ id: number }>('/api/v1/deploys', {
      method: 'POST',
      body: JSON.stringify({
        service: 'payment',
        version: 'v2.4.0',
        strategy: 'canary',
        commits: [{ sha: 'a1b2c3d4e5f6', time: new Date(Date.now() - 3_600_000).toISOString() }],
      }),
    });
    const analysis = await server.api<{ data: { id: number } }>('/api/v1/canary/analyses', {
      method: 'POST',
      body: JSON.stringify({
        service: 'payment',
        deployId: deploy.id,
        source: 'pushed',
        bakeTime: '10m',
        metrics: [{ name: 'errors', direction: 'increase' }],
      }),
    });
    const postmortem = await server.api<{ id: number }>(`/api/v1/incidents/${incident.id}/postmortem`, {
      method: 'POST',
      body: '{}',
    });
    routes.push(
      '/pages',
      `/pages/${opened.outcomes[0]?.pageId}`,
      '/oncall',
      '/incidents',
      `/incidents/${incident.id}`,
      `/postmortems/${postmortem.id}`,
      '/reports',
      '/settings',
      '/deploys',
      `/deploys/${deploy.id}`,
      `/analyses/${analysis.data.id}`,
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      it(`has no serious or critical violation on any route (${theme} theme, ${width} px)`, async () => {
        const { context, page } = await openConsole(browser, { width, theme });
        const findings: Finding[] = [];
        const overflowing: string[] = [];
        try {
          const check = async (route: string) => {
            expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe(
              theme,
            );
            findings.push(...(await audit(page, route)));
            const overflow = width <= 390 ? await sidewaysOverflow(page) : 0;
            if (overflow > 1) overflowing.push(`${route}: ${overflow} px too wide`);
          };
          await page.goto(server.url);
          await page.getByRole('button', { name: 'Sign in' }).waitFor();
          await check('sign-in');
          await signIn(page, server.url, server.adminToken);
          for (const route of routes) {
            await page.goto(`${server.url}${route}`);
            await whenSettled(page);
            await check(route);
          }
        } finally {
          await context.close();
        }
        if (findings.length > 0) console.error(describeFindings(findings));
        expect(describeFindings(findings)).toBe('');
        expect(overflowing).toEqual([]);
      }, 180_000);
    }
  }
});

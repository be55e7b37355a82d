import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadConfigDir } from '../specs/index.ts';
import { EXAMPLE_SINK_URL, writeDemoConfig } from './demo-config.ts';
import { eventFedSlos, trafficProfiles } from './profiles.ts';

const demoDir = fileURLToPath(new URL('../../examples/demo', import.meta.url));

describe('examples/demo', () => {
  it('loads without problems, with an event-fed SLO the fleet can simulate for each service', async () => {
    const { model, problems } = await loadConfigDir(demoDir);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(model.services.map((s) => s.name).sort()).toEqual(Object.keys(trafficProfiles).sort());
    expect(eventFedSlos(model.slos)).toHaveLength(model.slos.length);
    expect(eventFedSlos(model.slos).filter((slo) => slo.labels?.sli === 'latency')).toHaveLength(2);
    for (const service of model.services) {
      const availability = model.slos.find((slo) => slo.name === `${service.name}-availability`);
      expect(availability?.objective).toBe(service.tier === 1 ? 99.95 : 99.9);
    }
  });

  it('pages payment on the fast 1h/5m condition only, so the demo page resolves minutes after recovery', async () => {
    const { model } = await loadConfigDir(demoDir);
    const payment = model.slos.find((slo) => slo.name === 'payment-availability');
    expect(payment?.alerting.page.conditions).toEqual([
      { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
    ]);
  });

  it("points every webhook contact at this run's sink, none at the example address", async () => {
    const toDir = join(mkdtempSync(join(tmpdir(), 'nines-demo-config-')), 'config');
    const sinkBaseUrl = 'http://127.0.0.1:41234/0123456789abcdef';
    writeDemoConfig({ fromDir: demoDir, toDir, sinkBaseUrl });
    const { model, problems } = await loadConfigDir(toDir);
    expect(problems.map(formatProblem)).toEqual([]);
    const urls = [...model.persons, ...model.teams].flatMap((who) =>
      who.contacts.flatMap((contact) => (contact.kind === 'webhook' ? [contact.url] : [])),
    );
    expect(urls.length).toBeGreaterThanOrEqual(6);
    expect(urls.every((url) => url.startsWith(`${sinkBaseUrl}/`))).toBe(true);
    expect(JSON.stringify(model)).not.toContain(EXAMPLE_SINK_URL);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadConfigDir } from '../specs/index.ts';
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
});

import { describe, expect, it } from 'vitest';
import { loadConfigDir } from '../specs/index.ts';
import { fleetDependencies, fleetEvents, writeFleetConfig } from './console-fleet.ts';

describe('the console fleet generator', () => {
  it('writes 200 services in a dependency DAG, 20 teams and 1,000 event-fed SLOs that load cleanly', async () => {
    const fleet = writeFleetConfig();
    const { model, problems } = await loadConfigDir(fleet.configDir);
    expect(problems).toEqual([]);
    expect(model.services).toHaveLength(200);
    expect(model.teams).toHaveLength(20);
    expect(model.slos).toHaveLength(1000);
    expect(model.slos.every((slo) => slo.indicator.kind === 'events')).toBe(true);
    // Edges only point forward, so there is no cycle; the graph has real fan-out and fan-in.
    const index = new Map(fleet.services.map((name, i) => [name, i]));
    expect(fleet.edges.every((e) => (index.get(e.from) ?? 0) < (index.get(e.to) ?? 0))).toBe(true);
    expect(fleet.edges.length).toBeGreaterThan(300);
    const fanIn = new Map<string, number>();
    for (const e of fleet.edges) fanIn.set(e.to, (fanIn.get(e.to) ?? 0) + 1);
    expect(Math.max(...fanIn.values())).toBeGreaterThanOrEqual(3);
  });

  it('never lets the last service depend on anything', () => {
    expect(fleetDependencies(199, 200)).toEqual([]);
    expect(fleetDependencies(0, 200).every((j) => j > 0 && j < 200)).toBe(true);
  });

  it('makes every 50th SLO burn 5 % and the rest healthy, minute by minute', () => {
    const fleet = writeFleetConfig({ services: 20, slosPerService: 5, teams: 2 });
    const events = fleetEvents(fleet, { minutes: 3, nowMs: Date.parse('2026-12-06T10:00:30Z') });
    expect(events).toHaveLength(300);
    expect(events.filter((e) => e.good < e.total).map((e) => e.slo)).toEqual([
      'svc-001-errors',
      'svc-001-errors',
      'svc-001-errors',
      'svc-011-errors',
      'svc-011-errors',
      'svc-011-errors',
    ]);
    expect(events.slice(0, 3).map((e) => e.time)).toEqual([
      '2026-12-06T09:58:00.000Z',
      '2026-12-06T09:59:00.000Z',
      '2026-12-06T10:00:00.000Z',
    ]);
  });
});

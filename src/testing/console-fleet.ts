import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MINUTE_MS } from '../core/duration.ts';
import { scratchDir } from './nines-process.ts';

// A big fleet for the console's load tests and benchmark: services in a dependency DAG, owned by teams,
// each with several SLOs on pushed events, so no Prometheus is needed.

/** The kinds of SLO every fleet service gets, in order, with their objectives. */
const SLO_KINDS = [
  { kind: 'availability', objective: 99.9 },
  { kind: 'latency', objective: 99 },
  { kind: 'errors', objective: 99.5 },
  { kind: 'freshness', objective: 99 },
  { kind: 'durability', objective: 99.95 },
] as const;

export interface FleetShape {
  /** @default 200 */
  services?: number;
  /** @default 5 (at most 5): 200 services × 5 = 1,000 SLOs */
  slosPerService?: number;
  /** @default 20 */
  teams?: number;
}

export interface Fleet {
  configDir: string;
  services: string[];
  teams: string[];
  slos: Array<{ name: string; service: string }>;
  /** Dependency edges, `from` depends on `to`; every edge points to a higher index (a DAG). */
  edges: Array<{ from: string; to: string }>;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Which services service `i` of `count` depends on: up to three of the ones after it, spread out by
 * fixed strides so the graph has fan-out, fan-in and long chains, and no cycle (edges only go forward).
 */
export function fleetDependencies(i: number, count: number): number[] {
  const targets = new Set<number>();
  for (const stride of [1 + (i % 5), 7 + ((i * 3) % 11), 23 + ((i * 7) % 31)]) {
    if (i + stride < count && (i + stride) % 4 !== 0) targets.add(i + stride);
  }
  return [...targets];
}

/** Writes the fleet's config (teams, services with `dependsOn`, event-fed SLOs) into a scratch folder. */
export function writeFleetConfig(shape: FleetShape = {}): Fleet {
  const count = shape.services ?? 200;
  const perService = Math.min(shape.slosPerService ?? 5, SLO_KINDS.length);
  const teamCount = shape.teams ?? 20;
  const teams = Array.from({ length: teamCount }, (_, t) => `team-${pad(t, 2)}`);
  const services = Array.from({ length: count }, (_, i) => `svc-${pad(i, 3)}`);
  const fleet: Fleet = { configDir: scratchDir('fleet'), services, teams, slos: [], edges: [] };
  const docs = teams.map(
    (team) =>
      `apiVersion: nines.dev/v1\nkind: Team\nmetadata: { name: ${team} }\nspec: { displayName: "Team ${team.slice(5)}" }`,
  );
  services.forEach((service, i) => {
    const dependsOn = fleetDependencies(i, count).map((j) => services[j] as string);
    for (const to of dependsOn) fleet.edges.push({ from: service, to });
    docs.push(
      [
        'apiVersion: nines.dev/v1',
        'kind: Service',
        `metadata: { name: ${service} }`,
        'spec:',
        `  owner: ${teams[i % teamCount]}`,
        `  tier: ${1 + (i % 4)}`,
        `  dependsOn: [${dependsOn.join(', ')}]`,
      ].join('\n'),
    );
    for (const { kind, objective } of SLO_KINDS.slice(0, perService)) {
      const name = `${service}-${kind}`;
      fleet.slos.push({ name, service });
      docs.push(
        `apiVersion: nines.dev/v1\nkind: SLO\nmetadata: { name: ${name}, labels: { sli: ${kind} } }\nspec: { service: ${service}, objective: ${objective}, window: 30d, indicator: { events: {} } }`,
      );
    }
  });
  writeFileSync(join(fleet.configDir, 'fleet.yaml'), `${docs.join('\n---\n')}\n`);
  return fleet;
}

/**
 * The last `minutes` of traffic for every SLO of the fleet: 1,000 requests a minute, all good except
 * every 50th SLO, which fails 5 % (a fast burn), so lists hold a mix of states.
 */
export function fleetEvents(fleet: Fleet, options: { minutes?: number; nowMs?: number } = {}) {
  const minutes = options.minutes ?? 30;
  const lastMinute = Math.floor((options.nowMs ?? Date.now()) / MINUTE_MS) * MINUTE_MS;
  const events: Array<{ slo: string; time: string; good: number; total: number }> = [];
  fleet.slos.forEach(({ name }, i) => {
    const bad = i % 50 === 7 ? 50 : 0;
    for (let m = minutes - 1; m >= 0; m--) {
      const time = new Date(lastMinute - m * MINUTE_MS).toISOString();
      events.push({ slo: name, time, good: 1000 - bad, total: 1000 });
    }
  });
  return events;
}

/** Pushes `fleetEvents` through `POST /api/v1/sli-events` in batches; answers how many were accepted. */
export async function pushFleetTraffic(
  target: { url: string; token: string },
  fleet: Fleet,
  options: { minutes?: number } = {},
): Promise<number> {
  const events = fleetEvents(fleet, options);
  let accepted = 0;
  for (let start = 0; start < events.length; start += 10_000) {
    const response = await fetch(`${target.url}/api/v1/sli-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        batchId: `fleet-${lastBatchStamp()}-${start}`,
        events: events.slice(start, start + 10_000),
      }),
    });
    const body = (await response.json()) as { accepted?: number };
    if (response.status !== 202) throw new Error(`push refused: ${response.status} ${JSON.stringify(body)}`);
    accepted += body.accepted ?? 0;
  }
  return accepted;
}

/** A batch id prefix unique to this push, so a second push to the same server is not a duplicate. */
function lastBatchStamp(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

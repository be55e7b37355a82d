import type { EngineContext } from '../context/index.ts';
import { pushTo } from '../core/collections.ts';
import { NinesError } from '../core/errors.ts';
import { isoTime } from '../core/time-format.ts';
import { sloStatusView } from '../engine/index.ts';
import { listIncidents } from '../incidents/index.ts';
import { excludedIntervals } from '../slo/index.ts';
import type { ChangeKind, FreezeWindow, Model, Service } from '../specs/index.ts';
import {
  decideGate,
  type GateIncident,
  type GateSlo,
  type GateVerdict,
  readinessFailures,
} from './decide.ts';
import { activeOverrides } from './override-store.ts';

const HOLDING_SEVERITIES = new Set(['SEV1', 'SEV2']);

/** The services `service` depends on, directly or transitively. */
export function dependenciesOf(model: Pick<Model, 'services'>, service: string): Set<string> {
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const stack = [...(byName.get(service)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name) || name === service) continue;
    seen.add(name);
    stack.push(...(byName.get(name)?.dependsOn ?? []));
  }
  return seen;
}

/** Freeze windows of `model` in force at `nowMs` that hold `service`. */
export function freezesHolding(
  model: Pick<Model, 'freezeWindows'>,
  service: Service,
  nowMs: number,
): FreezeWindow[] {
  return model.freezeWindows.filter((freeze) => {
    const everything = freeze.services.length === 0 && freeze.teams.length === 0;
    const covers =
      everything ||
      freeze.services.includes(service.name) ||
      (service.owner !== undefined && freeze.teams.includes(service.owner));
    return covers && excludedIntervals(freeze.windows, nowMs, nowMs + 1).length > 0;
  });
}

type ServiceVerdict = GateVerdict & { service: string; change: ChangeKind; at: string };

/** The gate's verdict for a `change` to `serviceName` now, from live state, storage and the model in force. */
export async function gateVerdict({
  ctx,
  serviceName,
  change,
}: {
  ctx: EngineContext & { model: Model };
  serviceName: string;
  change: ChangeKind;
}): Promise<ServiceVerdict> {
  if (!ctx.model.services.some((s) => s.name === serviceName)) {
    throw new NinesError('not_found', `no service "${serviceName}" in the catalog`);
  }
  const [verdict] = await gateVerdicts({ ctx, serviceNames: [serviceName], change });
  return verdict as ServiceVerdict;
}

/**
 * The verdicts for many services at once, in the order asked: the open incidents and the overrides are
 * read once and the engine's instances walked once, whatever the number of services (the console's gate
 * strip asks for all of them). Unknown names are `not_found`.
 */
export async function gateVerdicts({
  ctx,
  serviceNames,
  change,
}: {
  ctx: EngineContext & { model: Model };
  serviceNames: readonly string[];
  change: ChangeKind;
}): Promise<ServiceVerdict[]> {
  const model = ctx.model;
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const services = serviceNames.map((name) => {
    const service = byName.get(name);
    if (!service) throw new NinesError('not_found', `no service "${name}" in the catalog`);
    return service;
  });
  const nowMs = ctx.clock.now();
  const asked = new Set(serviceNames);
  const slosOf = new Map<string, GateSlo[]>();
  for (const instance of ctx.engine.instances.values()) {
    if (!asked.has(instance.slo.service)) continue;
    const view = sloStatusView(instance);
    const slos = slosOf.get(instance.slo.service) ?? [];
    slos.push({
      name: view.name,
      status: view.status,
      budgetRemaining: view.errorBudget.remaining,
      burnRates: view.burnRates,
      policy: ctx.engine.policyFor(instance.slo),
    });
    slosOf.set(instance.slo.service, slos);
  }
  const open = (await listIncidents(ctx.db, { status: 'open', limit: 1_000 })).filter((row) =>
    HOLDING_SEVERITIES.has(row.severity),
  );
  const overridesOf = groupBy(
    await activeOverrides(ctx.db, serviceNames.length === 1 ? serviceNames[0] : undefined, nowMs),
    (row) => row.service,
  );
  const withSlos = new Set(model.slos.map((slo) => slo.service));
  return services.map((service) => {
    const watched = dependenciesOf(model, service.name).add(service.name);
    const incidents: GateIncident[] = open
      .filter((row) => row.services.some((s) => watched.has(s)))
      .map((row) => ({ id: row.id, title: row.title, severity: row.severity, services: row.services }));
    const overrides = (overridesOf.get(service.name) ?? []).map((row) => ({
      id: row.id,
      reason: row.reason,
      createdBy: row.created_by,
      expiresMs: row.expires_ms,
      changes: row.changes,
    }));
    const slos = (slosOf.get(service.name) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    const verdict = decideGate({
      service,
      change,
      slos,
      incidents,
      freezes: freezesHolding(model, service, nowMs),
      readinessFailures: readinessFailures(service, withSlos.has(service.name)),
      overrides,
      formatTime: isoTime,
    });
    return { ...verdict, service: service.name, change, at: isoTime(nowMs) };
  });
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) pushTo(groups, key(row), row);
  return groups;
}

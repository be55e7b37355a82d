import type { EngineContext } from '../context/index.ts';
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

/** The gate's verdict for a `change` to `serviceName` now, from live state, storage and the model in force. */
export async function gateVerdict({
  ctx,
  serviceName,
  change,
}: {
  ctx: EngineContext & { model: Model };
  serviceName: string;
  change: ChangeKind;
}): Promise<GateVerdict & { service: string; change: ChangeKind; at: string }> {
  const model = ctx.model;
  const service = model.services.find((s) => s.name === serviceName);
  if (!service) throw new NinesError('not_found', `no service "${serviceName}" in the catalog`);
  const nowMs = ctx.clock.now();
  const slos: GateSlo[] = [];
  for (const instance of ctx.engine.instances.values()) {
    if (instance.slo.service !== service.name) continue;
    const view = sloStatusView(instance);
    slos.push({
      name: view.name,
      status: view.status,
      budgetRemaining: view.errorBudget.remaining,
      burnRates: view.burnRates,
      policy: ctx.engine.policyFor(instance.slo),
    });
  }
  slos.sort((a, b) => a.name.localeCompare(b.name));
  const watched = dependenciesOf(model, service.name).add(service.name);
  const incidents: GateIncident[] = (await listIncidents(ctx.db, { status: 'open', limit: 1_000 }))
    .filter((row) => HOLDING_SEVERITIES.has(row.severity) && row.services.some((s) => watched.has(s)))
    .map((row) => ({ id: row.id, title: row.title, severity: row.severity, services: row.services }));
  const overrides = (await activeOverrides(ctx.db, service.name, nowMs)).map((row) => ({
    id: row.id,
    reason: row.reason,
    createdBy: row.created_by,
    expiresMs: row.expires_ms,
    changes: row.changes,
  }));
  const verdict = decideGate({
    service,
    change,
    slos,
    incidents,
    freezes: freezesHolding(model, service, nowMs),
    readinessFailures: readinessFailures(
      service,
      model.slos.some((slo) => slo.service === service.name),
    ),
    overrides,
    formatTime: isoTime,
  });
  return { ...verdict, service: service.name, change, at: isoTime(nowMs) };
}

import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { budgetImpact } from '../postmortems/index.ts';
import { incidentPolicyOf } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import {
  type IncidentFigures,
  incidentFigures,
  type MonthSpan,
  monthSpans,
  type ServiceAvailability,
  serviceAvailability,
} from './reliability.ts';
import {
  type ActionItemFigures,
  actionItemFigures,
  type BudgetConsumed,
  budgetConsumed,
  type PostmortemFigures,
  postmortemFigures,
} from './reliability-follow-up.ts';
import {
  type IncidentScope,
  readActionItems,
  readIncidents,
  readMonthEvents,
  readPostmortems,
  type ScopedIncident,
} from './reliability-store.ts';

/** The reliability report (seed 001 §6): availability, incident figures, budget use, follow-up. */
export interface ReliabilityReport {
  from: string;
  to: string;
  service: string | null;
  generatedAt: string;
  services: ServiceAvailability[];
  incidents: IncidentFigures;
  errorBudget: BudgetConsumed[];
  postmortems: PostmortemFigures;
  actionItems: ActionItemFigures;
}

type ReportContext = Pick<AppContext, 'db' | 'engine' | 'clock' | 'model'>;

/** Services the report knows: the catalog's and those SLO instances name. */
function knownServices(ctx: ReportContext): string[] {
  const names = new Set(ctx.model.services.map((service) => service.name));
  for (const instance of ctx.engine.instances.values()) names.add(instance.slo.service);
  return [...names].sort();
}

async function availability(
  ctx: ReportContext,
  tx: Queryable,
  input: { services: string[]; months: MonthSpan[]; fromMs: number; toMs: number },
): Promise<ServiceAvailability[]> {
  const wanted = new Set(input.services);
  const serviceOf = new Map(
    [...ctx.engine.instances.values()]
      .filter((instance) => wanted.has(instance.slo.service))
      .map((instance) => [instance.slo.name, instance.slo.service]),
  );
  const events = await readMonthEvents(tx, {
    members: [...serviceOf].map(([slo, service]) => ({ slo, service })),
    fromMs: input.fromMs,
    toMs: input.toMs,
    monthStartsMs: input.months.map((span) => span.startMs),
  });
  return serviceAvailability({
    services: input.services,
    events,
    months: input.months,
    nowMs: ctx.clock.now(),
  });
}

/** Budget each incident consumed over [onset, resolution or now), for the filtered service or all its own. */
async function incidentBudgets(
  ctx: ReportContext,
  tx: Queryable,
  incidents: readonly ScopedIncident[],
  service: string | null,
): Promise<BudgetConsumed[]> {
  const nowMs = ctx.clock.now();
  const perIncident = [];
  for (const incident of incidents) {
    const toMs = incident.resolvedMs ?? nowMs;
    if (toMs <= incident.startedMs) continue;
    const services = service === null ? incident.services : [service];
    perIncident.push(
      await budgetImpact({ db: tx, engine: ctx.engine, services, fromMs: incident.startedMs, toMs }),
    );
  }
  return budgetConsumed(perIncident);
}

/**
 * The reliability report over [fromMs, toMs): availability of each service (or of `service`) per UTC
 * month from its SLOs' stored events, and figures on the incidents declared in the range. Throws
 * `not_found` for a service neither the catalog nor any SLO names.
 */
export async function loadReliability(options: {
  ctx: ReportContext;
  fromMs: number;
  toMs: number;
  service?: string | undefined;
}): Promise<ReliabilityReport> {
  const { ctx, fromMs, toMs } = options;
  const service = options.service ?? null;
  const known = knownServices(ctx);
  if (service !== null && !known.includes(service)) {
    throw new NinesError('not_found', `no service named "${service}"`, [
      { path: 'service', message: 'not in the catalog nor named by any SLO' },
    ]);
  }
  const months = monthSpans(fromMs, toMs);
  const scope: IncidentScope = { fromMs, toMs, service };
  const nowMs = ctx.clock.now();
  const targetMs = incidentPolicyOf(ctx.model).actionItemTargetMs;
  // One transaction: every figure comes from the same snapshot.
  return ctx.db.transaction(async (tx) => {
    const services = service === null ? known : [service];
    const serviceFigures = await availability(ctx, tx, { services, months, fromMs, toMs });
    const incidents = await readIncidents(tx, scope);
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      service,
      generatedAt: new Date(nowMs).toISOString(),
      services: serviceFigures,
      incidents: incidentFigures(incidents, months),
      errorBudget: await incidentBudgets(ctx, tx, incidents, service),
      postmortems: postmortemFigures(await readPostmortems(tx, scope)),
      actionItems: actionItemFigures(await readActionItems(tx, scope), { targetMs, nowMs }),
    };
  });
}

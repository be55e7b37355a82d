import { z } from '@hono/zod-openapi';
import { NinesError } from '../../core/errors.ts';
import { type SloInstance, type SloStatusView, sloStatusView } from '../../engine/index.ts';
import type { Model, Service } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { nameParams } from '../api-schemas.ts';
import { byName } from '../by-name.ts';
import type { AppDeps } from '../deps.ts';
import { sloStatuses, sloStatusSchema } from './slos.ts';

/** The public shape of a service (GET /api/v1/services); absent optional fields are null. */
export interface ServiceView {
  name: string;
  displayName: string | null;
  description: string | null;
  owner: string | null;
  tier: Service['tier'];
  lifecycle: Service['lifecycle'];
  dependsOn: string[];
  /** Services that depend on this one. */
  dependents: string[];
  runbook: string | null;
  dashboard: string | null;
  links: Service['links'];
  tags: string[];
}

/** Status from best to worst: a node of the dependency graph shows its worst SLO. */
const statusRank: Record<SloStatusView['status'], number> = {
  healthy: 0,
  no_data: 1,
  caution: 2,
  warning: 3,
  critical: 4,
  exhausted: 5,
};

/** The state of a service's SLOs in one object: how many, the worst status, the least budget left, alerts firing. */
export interface SloSummary {
  count: number;
  worstStatus: SloStatusView['status'] | null;
  lowestBudgetRemaining: number | null;
  firingAlerts: number;
}

export function sloSummary(slos: readonly SloStatusView[]): SloSummary {
  let worstStatus: SloSummary['worstStatus'] = null;
  let lowestBudgetRemaining: number | null = null;
  let firingAlerts = 0;
  for (const slo of slos) {
    if (worstStatus === null || statusRank[slo.status] > statusRank[worstStatus]) worstStatus = slo.status;
    const remaining = slo.errorBudget.remaining;
    if (remaining !== null && (lowestBudgetRemaining === null || remaining < lowestBudgetRemaining)) {
      lowestBudgetRemaining = remaining;
    }
    firingAlerts += slo.alerts.length;
  }
  return { count: slos.length, worstStatus, lowestBudgetRemaining, firingAlerts };
}

/** Live status of every SLO instance of each service, by service name. */
function slosByService(instances: Iterable<SloInstance>): Map<string, SloStatusView[]> {
  const byService = new Map<string, SloStatusView[]>();
  for (const instance of instances) {
    const views = byService.get(instance.slo.service) ?? [];
    views.push(sloStatusView(instance));
    byService.set(instance.slo.service, views);
  }
  for (const views of byService.values()) views.sort(byName);
  return byService;
}

/** Renders a service with the reverse edges of the dependency graph. */
export function serviceView(service: Service, model: Model): ServiceView {
  return {
    name: service.name,
    displayName: service.displayName ?? null,
    description: service.description ?? null,
    owner: service.owner ?? null,
    tier: service.tier,
    lifecycle: service.lifecycle,
    dependsOn: service.dependsOn,
    dependents: model.services
      .filter((other) => other.dependsOn.includes(service.name))
      .map((other) => other.name)
      .sort(),
    runbook: service.runbook ?? null,
    dashboard: service.dashboard ?? null,
    links: service.links,
    tags: service.tags,
  };
}

const nullableText = z.string().nullable();

const serviceSchema = z
  .object({
    name: z.string(),
    displayName: nullableText,
    description: nullableText,
    owner: nullableText,
    tier: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    lifecycle: z.enum(['experimental', 'production', 'deprecated']),
    dependsOn: z.array(z.string()),
    dependents: z.array(z.string()).openapi({ description: 'Services that depend on this one.' }),
    runbook: nullableText,
    dashboard: nullableText,
    links: z.array(z.object({ title: z.string(), url: z.string() })),
    tags: z.array(z.string()),
  })
  .openapi('Service');

const sloSummarySchema = z
  .object({
    count: z.int(),
    worstStatus: z.enum(sloStatuses).nullable().openapi({
      description: 'Worst first: exhausted, critical, warning, caution, no_data, healthy; null without SLOs.',
    }),
    lowestBudgetRemaining: z.number().nullable().openapi({
      description: 'Fraction of budget left in the SLO with the least; null when none has data.',
    }),
    firingAlerts: z.int().openapi({ description: 'Alerts firing across its SLOs.' }),
  })
  .openapi('ServiceSloSummary');

const serviceListItemSchema = serviceSchema
  .extend({ sloSummary: sloSummarySchema })
  .openapi('ServiceWithSloSummary');

const serviceDetailSchema = serviceSchema
  .extend({ sloSummary: sloSummarySchema, slos: z.array(sloStatusSchema) })
  .openapi('ServiceDetail');

/** GET /services and /services/:name. */
export function serviceRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  const listRoute = {
    method: 'get',
    path: '/services',
    summary: 'List services',
    scope: 'read',
    responses: {
      200: json(
        'Services by name, each with the state of its SLOs (enough to draw the dependency graph).',
        z.object({ services: z.array(serviceListItemSchema) }),
      ),
    },
  } as const;
  addRoute(routes, listRoute, (c) => {
    const { model, instances } = deps.ctx.engine;
    const slos = slosByService(instances.values());
    const services = [...model.services].sort(byName).map((service) => ({
      ...serviceView(service, model),
      sloSummary: sloSummary(slos.get(service.name) ?? []),
    }));
    return c.json({ services });
  });
  const oneRoute = {
    method: 'get',
    path: '/services/{name}',
    summary: 'One service with its SLOs’ live status',
    scope: 'read',
    params: nameParams('Service'),
    responses: { 200: json('The service.', serviceDetailSchema), 404: failure('No such service.') },
  } as const;
  addRoute(routes, oneRoute, (c) => {
    const name = c.req.param('name');
    const { engine } = deps.ctx;
    const service = engine.model.services.find((s) => s.name === name);
    if (!service) throw new NinesError('not_found', `no service named "${name}"`);
    const slos: SloStatusView[] = [...engine.instances.values()]
      .filter((instance) => instance.slo.service === name)
      .map(sloStatusView)
      .sort(byName);
    return c.json({ ...serviceView(service, engine.model), sloSummary: sloSummary(slos), slos });
  });
  return routes;
}

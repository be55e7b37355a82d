import { z } from '@hono/zod-openapi';
import { NinesError } from '../../core/errors.ts';
import { type SloStatusView, sloStatusView } from '../../engine/index.ts';
import type { Model, Service } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { nameParams } from '../api-schemas.ts';
import { byName } from '../by-name.ts';
import type { AppDeps } from '../deps.ts';
import { sloStatusSchema } from './slos.ts';

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

const serviceDetailSchema = serviceSchema.extend({ slos: z.array(sloStatusSchema) }).openapi('ServiceDetail');

/** GET /services and /services/:name. */
export function serviceRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  const listRoute = {
    method: 'get',
    path: '/services',
    summary: 'List services',
    scope: 'read',
    responses: { 200: json('Services by name.', z.object({ services: z.array(serviceSchema) })) },
  } as const;
  addRoute(routes, listRoute, (c) => {
    const { model } = deps.ctx.engine;
    const services = [...model.services].sort(byName);
    return c.json({ services: services.map((service) => serviceView(service, model)) });
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
    return c.json({ ...serviceView(service, engine.model), slos });
  });
  return routes;
}

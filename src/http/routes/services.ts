import { Hono } from 'hono';
import { NinesError } from '../../core/errors.ts';
import { type SloStatusView, sloStatusView } from '../../engine/index.ts';
import type { Model, Service } from '../../specs/index.ts';
import { byName } from '../by-name.ts';
import type { AppDeps, AppEnv } from '../deps.ts';

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

/** GET /services and /services/:name. */
export function serviceRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/services', (c) => {
    const { model } = deps.ctx.engine;
    const services = [...model.services].sort(byName);
    return c.json({ services: services.map((service) => serviceView(service, model)) });
  });
  routes.get('/services/:name', (c) => {
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

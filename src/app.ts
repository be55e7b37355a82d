import { z } from '@hono/zod-openapi';
import { type ApiRoutes, addRoute, apiRoutes, json } from './http/api-route.ts';
import { authenticate } from './http/auth.ts';
import { loadConsoleBuild, withConsole } from './http/console.ts';
import type { AppDeps } from './http/deps.ts';
import { handleError, handleNotFound } from './http/errors.ts';
import { observeRequests } from './http/observe.ts';
import { requestId } from './http/request-id.ts';
import { ackLinkRoutes } from './http/routes/ack-links.ts';
import { actionItemRoutes } from './http/routes/action-items.ts';
import { alertRoutes } from './http/routes/alerts.ts';
import { canaryAnalysisRoutes } from './http/routes/canary-analyses.ts';
import { configRoutes } from './http/routes/config.ts';
import { deployGateRoutes, flaggerRoutes } from './http/routes/deploy-gates.ts';
import { deployGateListRoutes } from './http/routes/deploy-gates-list.ts';
import { deployRoutes } from './http/routes/deploys.ts';
import { eventRoutes, wakeLiveStreams } from './http/routes/events.ts';
import { healthRoutes } from './http/routes/health.ts';
import { incidentRoutes } from './http/routes/incidents.ts';
import { alertmanagerRoutes, pagerDutyRoutes } from './http/routes/integrations.ts';
import { icalRoutes, onCallRoutes } from './http/routes/oncall.ts';
import { overrideRoutes } from './http/routes/overrides.ts';
import { pageRoutes } from './http/routes/pages.ts';
import { personRoutes } from './http/routes/persons.ts';
import { postmortemRoutes } from './http/routes/postmortems.ts';
import { probeRoutes } from './http/routes/probes.ts';
import { remoteWriteRoutes } from './http/routes/remote-write.ts';
import { reportRoutes } from './http/routes/reports.ts';
import { rolloutRoutes } from './http/routes/rollouts.ts';
import { scheduleRoutes } from './http/routes/schedules.ts';
import { serviceRoutes } from './http/routes/services.ts';
import { silenceRoutes } from './http/routes/silences.ts';
import { sliEventRoutes } from './http/routes/sli-events.ts';
import { sloRoutes } from './http/routes/slos.ts';
import { statusAdminRoutes } from './http/routes/status-admin.ts';
import { statusPageRoutes } from './http/routes/status-page.ts';
import { tokenRoutes } from './http/routes/tokens.ts';
import { wellFormedUrl } from './http/well-formed-url.ts';

export type { AppDeps, Readiness } from './http/deps.ts';

/**
 * The HTTP app: public health/metrics/OpenAPI routes, routes with their own credential (PagerDuty intake,
 * ack links, iCalendar), then the token-protected `/api/v1`, and the console for other GETs. Never listens.
 */
export function createApp(deps: AppDeps): ApiRoutes {
  const logger = deps.ctx.logger.child({ module: 'nines:http' });
  const app = apiRoutes();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'queryToken', {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'An API token in the URL; only the iCalendar export accepts it.',
  });
  app.onError(handleError(logger));
  // The console answers the GETs no route serves; anything else unknown is the JSON 404.
  app.notFound(withConsole(deps.consoleDir ? loadConsoleBuild(deps.consoleDir) : undefined, handleNotFound));
  app.use(requestId());
  app.use(observeRequests({ metrics: deps.metrics, logger }));
  app.use(wellFormedUrl());
  app.use(wakeLiveStreams(deps.ctx));

  // Public routes are registered before the auth middleware: Hono runs matches in registration order and
  // these answer without calling next().
  app.route('/', healthRoutes(deps));
  let document: object | undefined;
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/openapi.json',
      summary: 'This document',
      responses: { 200: json('OpenAPI 3.1.', z.object({ openapi: z.literal('3.1.0') }).loose()) },
    },
    // Generated on first request, when every route has been registered.
    (c) => {
      document ??= openApiDocument(app);
      return c.json(document);
    },
  );
  // These carry their own credential: a PagerDuty sender has only its routing_key, an ack link its
  // signature, and a calendar app only a `?token=` in the URL.
  app.route('/', pagerDutyRoutes(deps));
  app.route('/', ackLinkRoutes(deps));
  // The public status page needs no credential at all.
  app.route('/', statusPageRoutes(deps));
  app.route('/', icalRoutes(deps));
  app.route('/', flaggerRoutes(deps));

  app.use('/api/v1/*', authenticate(deps.verifyToken));
  const protectedRoutes = [
    serviceRoutes,
    sloRoutes,
    alertRoutes,
    probeRoutes,
    sliEventRoutes,
    remoteWriteRoutes,
    configRoutes,
    alertmanagerRoutes,
    pageRoutes,
    incidentRoutes,
    onCallRoutes,
    personRoutes,
    scheduleRoutes,
    overrideRoutes,
    silenceRoutes,
    reportRoutes,
    postmortemRoutes,
    actionItemRoutes,
    statusAdminRoutes,
    tokenRoutes,
    deployRoutes,
    deployGateRoutes,
    deployGateListRoutes,
    canaryAnalysisRoutes,
    rolloutRoutes,
    eventRoutes,
  ];
  for (const routes of protectedRoutes) app.route('/api/v1', routes(deps));
  return app;
}

/** The OpenAPI 3.1 description of every route `app` serves, generated from their declarations. */
export function openApiDocument(app: ApiRoutes): object {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Nines API',
      version: '1',
      description:
        'Errors are `{"error":{"code","message","details"?,"requestId"}}` (see docs/errors.md). Every response carries `X-Request-Id`.',
    },
    security: [{ bearer: [] }],
  });
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  alertmanagerWebhookSchema,
  type NormalisedAlert,
  type PagerDutyEvent,
  pagerDutyChangeEventSchema,
  pagerDutyEventSchema,
  parseAlertmanager,
  parsePagerDutyChangeEvent,
  parsePagerDutyEvent,
  withIntegrationLabels,
} from '../../alerting/index.ts';
import type { AppContext } from '../../context/index.ts';
import { isNinesError, NinesError, type Problem } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { ingestAlerts, MAX_WAITING_ALERTS, storedAlert } from '../../paging/index.ts';
import type { Integration } from '../../specs/index.ts';
import { appendAudit, asStorageError } from '../../storage/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { named, queryParam } from '../api-schemas.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { MAX_BODY_BYTES, readJsonBody } from '../json-body.ts';
import { invalidParam } from '../params.ts';

/**
 * The built-in integration: Alertmanager alerts are stored under this name when the URL names none, or
 * names it (`?integration=alertmanager`, as the README's receiver does) and the config declares no
 * Integration of that name. A declared one of that name applies its labels and service.
 */
export const DEFAULT_ALERTMANAGER_INTEGRATION = 'alertmanager';

/** PagerDuty refuses events larger than 512 KB; so does Nines, to answer senders alike. */
const MAX_EVENT_BYTES = 512 * 1024;

const pageId = z.int();
const alertId = z.string().openapi({ description: '`source:fingerprint`.' });

/** What intake did with one alert. */
const alertOutcomeSchema = z
  .union([
    z.object({ alert: alertId, outcome: z.enum(['paged', 'attached']), pageId }),
    z.object({ alert: alertId, outcome: z.literal('attached_upstream'), pageId, upstream: z.string() }),
    z.object({ alert: alertId, outcome: z.literal('suppressed'), reason: z.string() }),
    z.object({
      alert: alertId,
      outcome: z.enum(['recorded', 'updated', 'resolved', 'acknowledged']),
      pageId: pageId.nullable(),
    }),
  ])
  .openapi('AlertOutcome');

const alertmanagerRoute = {
  method: 'post',
  path: '/integrations/alertmanager',
  summary: 'Alertmanager webhook (payload version 4)',
  description:
    'Point a `webhook_configs` receiver here with `http_config.authorization.credentials` set to the token. Re-sent alerts update, never duplicate; alerts of one group share one page; `status: resolved` resolves.',
  scope: 'write',
  query: z.object({
    integration: queryParam(
      'A configured Integration of kind alertmanager whose labels and service apply. Default, and for `alertmanager` when no Integration has that name: the built-in integration `alertmanager` (no extra labels).',
    ),
  }),
  body: {
    schema: named(alertmanagerWebhookSchema, 'AlertmanagerWebhook'),
    description: `At most ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
  },
  responses: {
    200: json(
      'Every alert stored; what happened to each.',
      z.object({ received: z.int(), outcomes: z.array(alertOutcomeSchema) }),
    ),
    400: failure(
      'Malformed payload (nothing stored; `details` names each problem) or unknown `integration`.',
    ),
    503: failure(
      `Storage is unavailable, or more than ${MAX_WAITING_ALERTS} alerts wait to be stored (\`unavailable\`, \`Retry-After: 5\`); nothing of it was stored.`,
    ),
  },
} as const;

/** POST /integrations/alertmanager: Alertmanager's webhook (version 4), authenticated by a `write` token. */
export function alertmanagerRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, alertmanagerRoute, async (c) => {
    const name = c.req.query('integration') || undefined;
    const integration = name === undefined ? undefined : findAlertmanagerIntegration(ctx, name);
    const parsed = parseAlertmanager(await readJsonBody(c.req.raw), {
      integration: name ?? DEFAULT_ALERTMANAGER_INTEGRATION,
    });
    if (!parsed.ok) {
      throw new NinesError(
        'invalid_input',
        'the body is not an Alertmanager webhook (version 4)',
        parsed.problems,
      );
    }
    const alerts = integration
      ? parsed.alerts.map((alert) => withIntegrationLabels(alert, integration))
      : parsed.alerts;
    const outcomes = await ingestAlerts({ ctx, alerts });
    return c.json({ received: alerts.length, outcomes });
  });
  return routes;
}

function findAlertmanagerIntegration(ctx: AppContext, name: string): Integration | undefined {
  const integration = ctx.model.integrations.find((i) => i.name === name);
  if (!integration && name === DEFAULT_ALERTMANAGER_INTEGRATION) return undefined;
  if (integration?.kind !== 'alertmanager') {
    throw invalidParam('integration', `must name an Integration of kind alertmanager ("${name}" does not)`);
  }
  return integration;
}

const pagerDutyInvalid = z
  .object({ status: z.literal('invalid event'), message: z.string(), errors: z.array(z.string()) })
  .openapi('PagerDutyInvalid');

/** A server-side failure, in PagerDuty's shape so its senders (which retry a 5xx) read it. */
const pagerDutyFailure = z
  .object({ status: z.enum(['error', 'unavailable']), message: z.string(), errors: z.array(z.string()) })
  .openapi('PagerDutyFailure');

/** The answers every PagerDuty route shares besides its success. */
const pagerDutyFailures = {
  400: json(
    'Malformed event or unknown `routing_key` (nothing stored), answered as PagerDuty does.',
    pagerDutyInvalid,
  ),
  415: json('The body is not `application/json` (nothing stored).', pagerDutyInvalid),
  500: json('Internal error (the server log has the request id); retry.', pagerDutyFailure),
  503: json('Storage unavailable; retry.', pagerDutyFailure),
};

const pagerDutyRoute = {
  method: 'post',
  path: '/api/v1/integrations/pagerduty/v2/enqueue',
  summary: 'PagerDuty Events API v2',
  description:
    'No API token: the `routing_key` (a configured Integration of kind pagerduty) is the credential. acknowledge and resolve name a triggered alert by `dedup_key`; an unknown one changes nothing.',
  body: { schema: named(pagerDutyEventSchema, 'PagerDutyEvent') },
  responses: {
    202: json(
      'Processed, answered as PagerDuty does.',
      z
        .object({ status: z.literal('success'), message: z.string(), dedup_key: z.string() })
        .openapi('PagerDutyAccepted'),
    ),
    ...pagerDutyFailures,
  },
} as const;

const pagerDutyChangeRoute = {
  method: 'post',
  path: '/api/v1/integrations/pagerduty/v2/change/enqueue',
  summary: 'PagerDuty change events (Events API v2)',
  description:
    'No API token: the `routing_key` (a configured Integration of kind pagerduty) is the credential, as for alert events. A change (a deploy, a config push) pages nobody; it is recorded in the audit log as `pagerduty.change_event` with the integration as target.',
  body: { schema: named(pagerDutyChangeEventSchema, 'PagerDutyChangeEvent') },
  responses: {
    202: json(
      'Recorded, answered as PagerDuty does.',
      z.object({ status: z.literal('success'), message: z.string() }).openapi('PagerDutyChangeAccepted'),
    ),
    ...pagerDutyFailures,
  },
} as const;

/** Answers any failure of a PagerDuty route in PagerDuty's shape (a sender parses nothing else). */
function pagerDutyAnswers(
  logger: AppContext['logger'],
  handler: (c: Context<AppEnv>) => Promise<Response>,
): (c: Context<AppEnv>) => Promise<Response> {
  return async (c) => {
    try {
      return await handler(c);
    } catch (thrown) {
      const error = asStorageError(thrown);
      if (isNinesError(error) && error.code === 'invalid_input') {
        return invalidEvent(c, [error.message, ...(error.details ?? []).map(describeProblem)]);
      }
      if (isNinesError(error) && error.code === 'unsupported_media_type') {
        return c.json({ status: 'invalid event', message: error.message, errors: [error.message] }, 415);
      }
      const requestId = c.get('requestId');
      if (isNinesError(error) && error.code === 'unavailable') {
        logger.warn({ err: thrown, requestId }, 'storage unavailable');
        return c.json({ status: 'unavailable', message: 'storage unavailable; retry', errors: [] }, 503);
      }
      logger.error({ err: thrown, requestId }, 'request failed');
      const message = `internal error; the server log has details under request id ${requestId}`;
      return c.json({ status: 'error', message, errors: [] }, 500);
    }
  };
}

/**
 * POST /api/v1/integrations/pagerduty/v2/enqueue and …/v2/change/enqueue: PagerDuty's Events API v2,
 * answered as PagerDuty does, failures included. Senders of PagerDuty events cannot send a bearer token:
 * the `routing_key` is the credential.
 */
export function pagerDutyRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const logger = ctx.logger.child({ module: 'nines:http' });
  const routes = apiRoutes();
  addRoute(
    routes,
    pagerDutyRoute,
    pagerDutyAnswers(logger, async (c) => {
      const body = await readJsonBody(c.req.raw, MAX_EVENT_BYTES);
      const event = parsePagerDutyEvent(body, { nowMs: ctx.clock.now(), newDedupKey: () => newId(16) });
      if (!event.ok) return invalidEvent(c, event.problems.map(describeProblem));
      const integration = integrationByRoutingKey(ctx, event.routingKey);
      if (!integration) return invalidEvent(c, [unknownRoutingKey]);
      const alert = await alertOfEvent(ctx, event, integration);
      if (alert) await ingestAlerts({ ctx, alerts: [alert] });
      return c.json({ status: 'success', message: 'Event processed', dedup_key: event.dedupKey }, 202);
    }),
  );
  addRoute(
    routes,
    pagerDutyChangeRoute,
    pagerDutyAnswers(logger, async (c) => {
      const parsed = parsePagerDutyChangeEvent(await readJsonBody(c.req.raw, MAX_EVENT_BYTES));
      if (!parsed.ok) return invalidEvent(c, parsed.problems.map(describeProblem));
      const { routing_key: key, ...change } = parsed.event;
      const integration = integrationByRoutingKey(ctx, key);
      if (!integration) return invalidEvent(c, [unknownRoutingKey]);
      await ctx.db.transaction((tx) =>
        appendAudit(tx, {
          nowMs: ctx.clock.now(),
          actor: `pagerduty:${integration.name}`,
          action: 'pagerduty.change_event',
          target: integration.name,
          details: change,
        }),
      );
      return c.json({ status: 'success', message: 'Change event processed' }, 202);
    }),
  );
  return routes;
}

const unknownRoutingKey = "'routing_key' does not name an integration of this server";

function invalidEvent(c: Context<AppEnv>, errors: string[]): Response {
  return c.json({ status: 'invalid event', message: 'Event object is invalid', errors }, 400);
}

function describeProblem(problem: Problem): string {
  return problem.path ? `'${problem.path}' ${problem.message}` : problem.message;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The PagerDuty integration whose key this is; keys are compared in constant time, every one of them. */
function integrationByRoutingKey(ctx: AppContext, routingKey: string): Integration | undefined {
  const given = digest(routingKey);
  let found: Integration | undefined;
  for (const integration of ctx.model.integrations) {
    if (integration.kind !== 'pagerduty' || integration.routingKey === undefined) continue;
    const key =
      typeof integration.routingKey === 'string'
        ? integration.routingKey
        : ctx.env[integration.routingKey.env];
    if (key && timingSafeEqual(digest(key), given) && !found) found = integration;
  }
  return found;
}

/**
 * The alert an event is about: a trigger carries it; acknowledge and resolve name a stored one by its
 * dedup_key, and name nothing (and change nothing) when it was never triggered.
 */
async function alertOfEvent(
  ctx: AppContext,
  event: PagerDutyEvent,
  integration: Integration,
): Promise<NormalisedAlert | undefined> {
  if (event.action === 'trigger') {
    return withIntegrationLabels({ ...event.alert, integration: integration.name }, integration);
  }
  const row = await storedAlert(ctx.db, {
    source: 'pagerduty',
    integration: integration.name,
    fingerprint: event.dedupKey,
  });
  if (!row) return undefined;
  return {
    source: 'pagerduty',
    integration: integration.name,
    fingerprint: event.dedupKey,
    groupKey: row.group_key,
    status: event.action === 'resolve' ? 'resolved' : 'acknowledged',
    labels: row.labels,
    annotations: row.annotations,
    summary: row.summary,
    sourceSeverity: row.labels.severity ?? null,
    startsAtMs: row.starts_ms,
    endsAtMs: event.action === 'resolve' ? ctx.clock.now() : null,
    links: [],
  };
}

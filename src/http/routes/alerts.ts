import { z } from '@hono/zod-openapi';
import { isoTime, isoTimeOrNull } from '../../core/time-format.ts';
import { listSloAlerts } from '../../engine/index.ts';
import type { AlertSeverity, BurnRates } from '../../slo/index.ts';
import type { Queryable } from '../../storage/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import {
  burnRatesSchema,
  choiceParam,
  limitParam,
  nullableTime,
  queryParam,
  stringMap,
  time,
} from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';

export const alertStates = ['firing', 'resolved'] as const;
export const alertSeverities = ['page', 'ticket', 'no_data'] as const satisfies readonly AlertSeverity[];

/** One alert episode (GET /api/v1/alerts). */
export interface AlertView {
  id: string;
  slo: string;
  service: string;
  severity: AlertSeverity;
  state: (typeof alertStates)[number];
  labels: Record<string, string>;
  firedAt: string;
  resolvedAt: string | null;
  burnRatesAtFire: BurnRates;
  burnRatesAtResolve: BurnRates | null;
  reason: string | null;
}

export interface AlertFilter {
  state?: (typeof alertStates)[number];
  slo?: string;
  severity?: AlertSeverity;
  limit: number;
}

/** Alert episodes matching `filter`, newest first. */
export async function listAlerts(db: Queryable, filter: AlertFilter): Promise<AlertView[]> {
  const rows = await listSloAlerts(db, filter);
  return rows.map((row) => ({
    id: String(row.id),
    slo: row.slo,
    service: row.service,
    severity: row.severity,
    state: row.resolved_ms === null ? 'firing' : 'resolved',
    labels: row.labels,
    firedAt: isoTime(row.fired_ms),
    resolvedAt: isoTimeOrNull(row.resolved_ms),
    burnRatesAtFire: row.fired_burn_rates,
    burnRatesAtResolve: row.resolved_burn_rates,
    reason: row.reason,
  }));
}

const alertSchema = z
  .object({
    id: z.string(),
    slo: z.string(),
    service: z.string(),
    severity: z.enum(alertSeverities),
    state: z.enum(alertStates),
    labels: stringMap,
    firedAt: time,
    resolvedAt: nullableTime,
    burnRatesAtFire: burnRatesSchema,
    burnRatesAtResolve: burnRatesSchema.nullable(),
    reason: z.string().nullable(),
  })
  .openapi('Alert');

/** GET /alerts. */
export function alertRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  const route = {
    method: 'get',
    path: '/alerts',
    summary: 'SLO alert episodes, newest first',
    scope: 'read',
    query: z.object({
      state: choiceParam('Only firing or only resolved alerts.', alertStates),
      slo: queryParam('Only this SLO instance.'),
      severity: choiceParam('Only this severity.', alertSeverities),
      limit: limitParam(),
    }),
    responses: {
      200: json('Alerts.', z.object({ alerts: z.array(alertSchema) })),
      400: failure('Bad filter.'),
    },
  } as const;
  addRoute(routes, route, async (c) => {
    const filter: AlertFilter = {
      state: parseChoiceParam('state', c.req.query('state'), alertStates),
      slo: c.req.query('slo') || undefined,
      severity: parseChoiceParam('severity', c.req.query('severity'), alertSeverities),
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    };
    return c.json({ alerts: await listAlerts(deps.ctx.db, filter) });
  });
  return routes;
}

import { z } from '@hono/zod-openapi';
import { NinesError } from '../../core/errors.ts';
import { isoTime } from '../../core/time-format.ts';
import { latestProbeResults, type ProbeResultRow, recentProbeResults } from '../../engine/index.ts';
import type { Probe } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { limitParam, nameParams, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseLimitParam } from '../params.ts';

/** One probe run as the API shows it. */
function resultView(row: ProbeResultRow) {
  return {
    at: isoTime(row.started_ms),
    ok: row.ok,
    latencyMs: row.latency_ms,
    attempts: row.attempts,
    status: row.status,
    certDaysLeft: row.cert_days_left,
    error: row.error,
  };
}

function target(probe: Probe): string {
  switch (probe.check.kind) {
    case 'http':
      return `${probe.check.method} ${probe.check.url}`;
    case 'tcp':
      return `${probe.check.host}:${probe.check.port}`;
    case 'dns':
      return `${probe.check.recordType} ${probe.check.name}`;
  }
}

const probeResultSchema = z
  .object({
    at: time,
    ok: z.boolean(),
    latencyMs: z.number(),
    attempts: z.int(),
    status: z.int().nullable(),
    certDaysLeft: z.int().nullable(),
    error: z.string().nullable(),
  })
  .openapi('ProbeResult');

const probeSchema = z
  .object({
    name: z.string(),
    service: z.string().nullable(),
    kind: z.enum(['http', 'tcp', 'dns']),
    target: z.string(),
    intervalMs: z.int(),
    lastResult: probeResultSchema.nullable(),
  })
  .openapi('Probe');

const listRoute = {
  method: 'get',
  path: '/probes',
  summary: 'Synthetic probes with their latest run',
  scope: 'read',
  responses: { 200: json('Probes.', z.object({ probes: z.array(probeSchema) })) },
} as const;

const resultsRoute = {
  method: 'get',
  path: '/probes/{name}/results',
  summary: 'Recent runs of one probe, newest first (result and latency)',
  scope: 'read',
  params: nameParams('Probe'),
  query: z.object({ limit: limitParam() }),
  responses: {
    200: json('Runs.', z.object({ probe: z.string(), results: z.array(probeResultSchema) })),
    404: failure('No such probe.'),
  },
} as const;

/** GET /probes (each with its latest run) and GET /probes/{name}/results (recent runs, newest first). */
export function probeRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(routes, listRoute, async (c) => {
    const { probes } = deps.ctx.model;
    const latest: ProbeResultRow[] = await latestProbeResults(
      deps.ctx.db,
      probes.map((p) => p.name),
    );
    const byName = new Map(latest.map((row) => [row.probe, resultView(row)]));
    return c.json({
      probes: [...probes]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((probe) => ({
          name: probe.name,
          service: probe.service ?? null,
          kind: probe.check.kind,
          target: target(probe),
          intervalMs: probe.intervalMs,
          lastResult: byName.get(probe.name) ?? null,
        })),
    });
  });
  addRoute(routes, resultsRoute, async (c) => {
    const name = c.req.param('name');
    if (!deps.ctx.model.probes.some((p) => p.name === name)) {
      throw new NinesError('not_found', `no probe named "${name}"`);
    }
    const limit = parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 });
    const rows: ProbeResultRow[] = await recentProbeResults(deps.ctx.db, name, limit);
    return c.json({ probe: name, results: rows.map(resultView) });
  });
  return routes;
}

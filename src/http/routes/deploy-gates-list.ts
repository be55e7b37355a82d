import { z } from '@hono/zod-openapi';
import { isoTime } from '../../core/time-format.ts';
import { gateVerdicts } from '../../gates/index.ts';
import { changeKinds } from '../../specs/index.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { choiceParam, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam } from '../params.ts';

/** Services judged in one answer at most: each verdict reads incidents and overrides. */
export const MAX_GATE_SERVICES = 500;

const decisionSchema = z.enum(['allow', 'warn', 'block']);
const rank = { block: 0, warn: 1, allow: 2 } as const;

const summarySchema = z
  .object({
    service: z.string(),
    ok: z.boolean().openapi({ description: 'False exactly when `decision` is `block`.' }),
    decision: decisionSchema,
    state: z
      .enum(['healthy', 'caution', 'warning', 'critical', 'exhausted', 'no_data'])
      .nullable()
      .openapi({ description: "The worst budget state of the service's SLOs; null when it has none." }),
    budgetRemaining: z.number().nullable(),
    reasons: z.array(z.object({ source: z.string(), decision: decisionSchema, message: z.string() })),
  })
  .openapi('GateSummary');

/**
 * GET /deploy-gates: the gate's verdict for every service at once (held first), for a release manager's
 * view of what may ship now; `/deploy-gates/{service}/verdict` stays the one a pipeline asks.
 */
export function deployGateListRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(
    routes,
    {
      method: 'get',
      path: '/deploy-gates',
      summary: "Every service's deploy gate now, held first",
      description: `The verdict of \`/deploy-gates/{service}/verdict\` for each service in the catalog, ordered block, warn, allow, then by name. At most ${MAX_GATE_SERVICES} services are judged (by name); \`truncated\` says when there were more.`,
      scope: 'read',
      query: z.object({
        change: choiceParam('What the deploy changes (default `feature`).', changeKinds),
      }),
      responses: {
        200: json(
          'A verdict per service.',
          z.object({
            data: z.array(summarySchema),
            change: z.enum(changeKinds),
            truncated: z.boolean(),
            at: time,
          }),
        ),
        400: failure('Bad `change`.'),
      },
    },
    async (c) => {
      const change = parseChoiceParam('change', c.req.query('change'), changeKinds) ?? 'feature';
      const names = ctx.model.services.map((s) => s.name).sort();
      const judged = names.slice(0, MAX_GATE_SERVICES);
      const data = (await gateVerdicts({ ctx, serviceNames: judged, change })).map((verdict) => ({
        service: verdict.service,
        ok: verdict.ok,
        decision: verdict.decision,
        state: verdict.state,
        budgetRemaining: verdict.budgetRemaining,
        reasons: verdict.reasons,
      }));
      data.sort((a, b) => rank[a.decision] - rank[b.decision] || a.service.localeCompare(b.service));
      return c.json({
        data,
        change,
        truncated: names.length > judged.length,
        at: isoTime(ctx.clock.now()),
      });
    },
  );
  return routes;
}

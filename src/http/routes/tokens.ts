import { z } from '@hono/zod-openapi';
import { actorOf, createToken, listTokens, revokeToken, scopes, type TokenInfo } from '../../auth/index.ts';
import { NinesError } from '../../core/errors.ts';
import { isoTime, isoTimeOrNull } from '../../core/time-format.ts';
import { type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { nullableTime, time } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { instantSchema, readBody } from './body.ts';

const createSchema = z.object({
  name: z.string().trim().min(1, 'name the token (who or what uses it)').max(200),
  scopes: z
    .array(z.enum(scopes))
    .min(1, `at least one of ${scopes.join(', ')}`)
    .transform((list) => [...new Set(list)]),
  expiresAt: instantSchema.optional(),
  person: z.string().min(1).optional().openapi({ description: 'A configured Person the token belongs to.' }),
});

const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(scopes)),
    person: z.string().nullable(),
    createdAt: time,
    expiresAt: nullableTime,
    revokedAt: nullableTime,
    active: z.boolean().openapi({ description: 'Neither revoked nor expired.' }),
  })
  .openapi('ApiToken');

const createdSchema = tokenSchema
  .extend({
    token: z.string().openapi({ description: 'The secret: shown this once, only its hash is stored.' }),
  })
  .openapi('CreatedApiToken');

const listRoute = {
  method: 'get',
  path: '/tokens',
  summary: 'API tokens, without their secrets',
  scope: 'admin',
  responses: {
    200: json('Every token, revoked and expired ones included.', z.object({ tokens: z.array(tokenSchema) })),
  },
} as const;

const createRoute = {
  method: 'post',
  path: '/tokens',
  summary: 'Create an API token',
  description:
    'The answer carries the secret once; only its SHA-256 is stored. The token works at once, on every node. Audited.',
  scope: 'admin',
  body: { schema: createSchema },
  responses: {
    201: json('Created; `token` is the secret.', createdSchema),
    400: failure('Bad name, scopes, expiry or person; `details` names each.'),
  },
} as const;

const revokeRoute = {
  method: 'delete',
  path: '/tokens/{id}',
  summary: 'Revoke an API token',
  description: 'Refused from the next request on, on every node. Audited.',
  scope: 'admin',
  params: z.object({ id: z.string().openapi({ param: { description: 'Token id.' } }) }),
  responses: {
    200: json('The token, revoked.', tokenSchema),
    404: failure('No such token.'),
    409: failure('Already revoked.'),
  },
} as const;

const meRoute = {
  method: 'get',
  path: '/me',
  summary: 'The token this request carries, and the Person it acts as',
  description:
    'Any valid token may ask. `actor` is the name actions are recorded under: the Person when the token has one.',
  scope: 'read',
  responses: {
    200: json(
      'The calling token.',
      z
        .object({
          id: z.string(),
          name: z.string(),
          scopes: z.array(z.enum(scopes)),
          person: z.string().nullable(),
          actor: z.string(),
        })
        .openapi('Me'),
    ),
  },
} as const;

function view(token: TokenInfo, nowMs: number) {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    person: token.person,
    createdAt: isoTime(token.createdMs),
    expiresAt: isoTimeOrNull(token.expiresMs),
    revokedAt: isoTimeOrNull(token.revokedMs),
    active: token.revokedMs === null && (token.expiresMs === null || token.expiresMs > nowMs),
  };
}

/** GET /me (any token); GET /tokens, POST /tokens (the secret once), DELETE /tokens/:id (revoke): admin only. */
export function tokenRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  addRoute(routes, meRoute, (c) => {
    const identity = c.get('identity');
    return c.json({ ...identity, actor: actorOf(identity) });
  });
  addRoute(routes, listRoute, async (c) => {
    const nowMs = ctx.clock.now();
    return c.json({ tokens: (await listTokens(ctx.db)).map((token) => view(token, nowMs)) });
  });
  addRoute(routes, createRoute, async (c) => {
    const body = await readBody(
      c.req.raw,
      createSchema,
      'a token ({"name","scopes"[,"expiresAt","person"]})',
    );
    if (body.person !== undefined && !ctx.model.persons.some((p) => p.name === body.person)) {
      throw new NinesError('invalid_input', `no person "${body.person}" in the configuration`, [
        { path: 'person', message: 'must name a configured Person' },
      ]);
    }
    const created = await createToken({
      db: ctx.db,
      clock: ctx.clock,
      name: body.name,
      scopes: body.scopes,
      expiresMs: body.expiresAt,
      person: body.person,
      actor: actorOf(c.get('identity')),
    });
    return c.json({ ...view(created, ctx.clock.now()), token: created.token }, 201);
  });
  addRoute(routes, revokeRoute, async (c) => {
    const revoked = await revokeToken({
      db: ctx.db,
      clock: ctx.clock,
      id: c.req.param('id'),
      actor: actorOf(c.get('identity')),
    });
    return c.json(view(revoked, ctx.clock.now()));
  });
  return routes;
}

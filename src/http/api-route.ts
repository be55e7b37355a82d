import { createRoute, OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Handler, MiddlewareHandler } from 'hono';
import type { Scope } from '../auth/index.ts';
import { NinesError } from '../core/errors.ts';
import { errorSchema } from './api-schemas.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './deps.ts';

/** A group of routes whose declarations feed the OpenAPI document. */
export type ApiRoutes = OpenAPIHono<AppEnv>;

const where = { query: 'the query', param: 'the path', json: 'the body', header: 'the headers' } as const;

/** Turns a zod failure of a declared request part into the same `invalid_input` problem list as the body readers. */
function invalidRequest(result: { success: boolean; error?: z.ZodError; target: string }): void {
  if (result.success || !result.error) return;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const part = where[result.target as keyof typeof where] ?? result.target;
  throw new NinesError('invalid_input', `${part} is not valid`, details);
}

/** A new group of routes, validating declared params and queries into NinesErrors. */
export function apiRoutes(): ApiRoutes {
  return new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest });
}

type Response = RouteConfig['responses'][string];

/** A JSON response. */
export function json(description: string, schema: z.ZodType): Response {
  return { description, content: { 'application/json': { schema } } };
}

/** A text response of `mediaType` (HTML, Atom, Markdown, iCalendar, Prometheus text). */
export function text(description: string, mediaType: string): Response {
  return { description, content: { [mediaType]: { schema: { type: 'string' } } } };
}

/** An error response: `{ error: { code, message, details?, requestId } }`. */
export function failure(description: string): Response {
  return json(description, errorSchema);
}

const authFailures = {
  401: failure('Missing, unknown or revoked token (`unauthenticated`).'),
  403: failure('The token lacks the scope (`forbidden`).'),
  503: failure('Storage unavailable (`unavailable`).'),
};

/** Every route may refuse its input: a bad parameter, or a path or query holding ill-formed text. */
const inputFailures = {
  400: failure('Malformed request (`invalid_input`); `details` names each problem.'),
};

/** A route with a body reads only JSON. */
const bodyFailures = {
  415: failure('The body is not `application/json` (`unsupported_media_type`).'),
};

/** What a route declares beside its handler. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/pages/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** The token scope it needs; absent on public routes (which may carry their own credential). */
  scope?: Scope;
  /** Security requirements other than the bearer token that `scope` implies. */
  security?: ReadonlyArray<Record<string, readonly string[]>>;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body: validated by the handler's body reader (size limit, the route's own message). */
  body?: { schema: z.ZodType; description?: string };
  /** Runs before the scope check (e.g. a route that authenticates itself). */
  middleware?: readonly MiddlewareHandler<AppEnv>[];
  responses: Record<number, Response>;
}

/** `/pages/{id}` as Hono spells it (`/pages/:id`), so handlers read typed params. */
type HonoPath<P extends string> = P extends `${infer Head}{${infer Name}}${infer Tail}`
  ? `${Head}:${Name}${HonoPath<Tail>}`
  : P;

/** The route as the OpenAPI document shows it. */
export function documentedRoute(spec: ApiRoute): RouteConfig {
  const needs = spec.scope && `Needs a token with the \`${spec.scope}\` scope.`;
  const description = [needs, spec.description].filter(Boolean).join(' ');
  return createRoute({
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    ...(description ? { description } : {}),
    security: (spec.security ?? (spec.scope ? [{ bearer: [] }] : [])) as RouteConfig['security'],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body
        ? {
            body: {
              required: true,
              ...(spec.body.description ? { description: spec.body.description } : {}),
              content: { 'application/json': { schema: spec.body.schema } },
            },
          }
        : {}),
    },
    responses: {
      ...inputFailures,
      ...(spec.body ? bodyFailures : {}),
      ...(spec.scope ? authFailures : {}),
      // A route's own declaration wins (Flagger's webhook answers 403 with a verdict, not an error).
      ...spec.responses,
    },
  });
}

/**
 * Registers `handler` for `spec` and documents it. Params and query are validated by the library (its
 * hook answers `invalid_input`); the body is read by the handler (`readJsonBody`), because a body has a
 * size limit and an error message of its own; it must be JSON (415 otherwise).
 */
export function addRoute<P extends string>(
  routes: ApiRoutes,
  spec: ApiRoute & { path: P },
  handler: Handler<AppEnv, HonoPath<P>>,
): void {
  const route = documentedRoute(spec);
  routes.openAPIRegistry.registerPath(route);
  const scopeCheck = spec.scope && spec.scope !== 'read' ? [requireScope(spec.scope)] : [];
  const { body: _readByHandler, ...request } = route.request ?? {};
  routes.openapi(
    { ...route, request, hide: true, middleware: [...(spec.middleware ?? []), ...scopeCheck] },
    handler as never,
  );
}

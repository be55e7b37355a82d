import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { ApiRoutes } from '../http/api-route.ts';
import { errorSchema } from '../http/api-schemas.ts';

interface DeclaredRoute {
  method: string;
  path: string;
  pattern: RegExp;
  params: number;
  responses: RouteConfig['responses'];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every route `app` declares, with a pattern matching its concrete paths. */
export function declaredRoutes(app: ApiRoutes): DeclaredRoute[] {
  return app.openAPIRegistry.definitions.flatMap((definition) => {
    if (definition.type !== 'route') return [];
    const { method, path, responses } = definition.route;
    const literals = path.split(/\{[^}]+\}/);
    return [
      {
        method: method.toUpperCase(),
        path,
        pattern: new RegExp(`^${literals.map(escapeRegExp).join('[^/]+')}$`),
        params: literals.length - 1,
        responses,
      },
    ];
  });
}

/** The declared route serving `method path`; the most literal one when several patterns match. */
function routeOf(routes: readonly DeclaredRoute[], method: string, path: string): DeclaredRoute | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return routes
    .filter((route) => route.method === wanted && route.pattern.test(path))
    .sort((a, b) => a.params - b.params)[0];
}

/** Media types whose body stays open (server-sent events): checked by status and type only. */
const streamingTypes = new Set(['text/event-stream']);

const isZod = (schema: unknown): schema is z.ZodType =>
  typeof (schema as { safeParse?: unknown })?.safeParse === 'function';

async function bodyText(response: Response): Promise<string> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const coding = response.headers.get('content-encoding');
  if (coding === 'gzip') return gunzipSync(bytes).toString('utf8');
  if (coding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

function mustParse(schema: z.ZodType, text: string, where: string): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where}: the body is not JSON: ${text.slice(0, 200)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '$'}: ${issue.message}`);
    throw new Error(`${where}: the body does not match its declared schema:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Fails when `response` is not what the route serving `method path` declares for its status and content
 * type: the OpenAPI document is generated from these declarations, so it cannot drift from the code.
 */
export async function checkResponse(
  routes: readonly DeclaredRoute[],
  request: { method: string; path: string },
  response: Response,
): Promise<void> {
  const route = routeOf(routes, request.method, request.path);
  // The console (index.html, its assets, its 503 page) is not API: it has no declaration to match.
  const fromConsole = !request.path.startsWith('/api/') && response.headers.has('content-security-policy');
  if (!route && fromConsole) return;
  const where = `${request.method} ${request.path} → ${response.status}`;
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (streamingTypes.has(mediaType) && route?.responses[response.status]) {
    // A stream never ends: its body cannot be read here. Its declaration must name the type.
    const declared = route.responses[response.status] as { content?: Record<string, unknown> };
    if (!declared.content?.[mediaType]) throw new Error(`${where}: answered ${mediaType}, undeclared`);
    // Not awaited: a clone's cancel settles only once the original's reader lets go too.
    response.body?.cancel().catch(() => {});
    return;
  }
  const text = await bodyText(response);
  if (!route || (response.status === 500 && !route.responses[500])) {
    // Unknown paths, the auth wall in front of unknown /api/v1 paths and unexpected failures: the error body.
    return mustParse(errorSchema, text, `${where} (${route ? 'undeclared 500' : 'no declared route'})`);
  }
  const declared = route.responses[response.status] as { content?: Record<string, { schema: unknown }> };
  if (!declared) throw new Error(`${where}: ${route.method} ${route.path} does not declare this status`);
  if (!declared.content || request.method === 'HEAD') return;
  const content = declared.content[mediaType];
  if (!content) {
    throw new Error(`${where}: answered ${mediaType}, declared ${Object.keys(declared.content).join(', ')}`);
  }
  if (isZod(content.schema)) mustParse(content.schema, text, where);
}

/** Makes every request `app` serves check its response against the route's declaration (tests only). */
export function withResponseChecks<App extends ApiRoutes>(app: App): App {
  const routes = declaredRoutes(app);
  const fetch = app.fetch;
  app.fetch = async (request, ...rest) => {
    const response = await fetch(request, ...rest);
    const path = new URL(request.url).pathname;
    await checkResponse(routes, { method: request.method, path }, response.clone());
    return response;
  };
  return app;
}

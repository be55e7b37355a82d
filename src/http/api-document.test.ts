import { describe, expect, it } from 'vitest';
import { createApp, openApiDocument } from '../app.ts';
import type { AppContext } from '../context/index.ts';
import { silentLogger } from '../core/logger.ts';
import { createMetrics } from '../telemetry/metrics.ts';

/** The app's routes never run here, so the context holds only what createApp reads. */
const app = createApp({
  ctx: { logger: silentLogger } as AppContext,
  metrics: createMetrics(),
  verifyToken: async () => undefined,
  reloadConfig: async () => ({ rebuilt: [], removed: [] }),
  readiness: async () => ({ ok: true, checks: {} }),
});

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, object> };
}

const document = openApiDocument(app) as Document;

/** `METHOD /path/{param}` for every handler route (middleware is registered as method ALL). */
function registeredOperations(): string[] {
  const operations = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(operations)].sort();
}

function operations(): Array<[string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

describe('OpenAPI document', () => {
  it('describes exactly the routes the app registers', () => {
    expect(registeredOperations().length).toBeGreaterThan(10);
    expect(
      operations()
        .map(([name]) => name)
        .sort(),
    ).toEqual(registeredOperations());
  });

  it('gives every operation a response schema for each answer with a body', () => {
    for (const [name, op] of operations()) {
      // 204 and 304 carry no content by definition (remote-write answers 204, as Prometheus' receiver does).
      const withBody = Object.entries(op.responses).filter(
        ([status]) => status !== '304' && status !== '204',
      );
      expect(withBody.length, name).toBeGreaterThan(0);
      for (const [status, response] of withBody) {
        const schemas = Object.values(response.content ?? {}).map((content) => content.schema);
        expect(schemas.length, `${name} ${status}`).toBeGreaterThan(0);
        expect(schemas.every(Boolean), `${name} ${status}`).toBe(true);
      }
    }
  });

  it('asks for the bearer token exactly where the app does', () => {
    const publicOperations = operations()
      .filter(([, op]) => !op.security?.some((requirement) => 'bearer' in requirement))
      .map(([name]) => name)
      .sort();
    expect(publicOperations).toEqual([
      'GET /ack/{token}',
      'GET /api/v1/openapi.json',
      'GET /healthz',
      'GET /metrics',
      'GET /readyz',
      'GET /status',
      'GET /status.json',
      'GET /status/feed.atom',
      'POST /ack/{token}',
      'POST /api/v1/integrations/pagerduty/v2/change/enqueue',
      'POST /api/v1/integrations/pagerduty/v2/enqueue',
    ]);
    for (const [name, op] of operations()) {
      if (publicOperations.includes(name)) continue;
      expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['401', '403', '503']));
    }
  });

  it('is served without a token', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Document;
    expect(body.openapi).toBe('3.1.0');
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('generates the SLI event batch schema from the zod schema that validates pushes', () => {
    const batch = document.components.schemas.SliEventBatch as { required: string[]; properties: object };
    expect(batch.required).toEqual(['events']);
    expect(Object.keys(batch.properties)).toEqual(['batchId', 'events']);
  });

  it('points every $ref at a defined schema', () => {
    const refs = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    const defined = Object.keys(document.components.schemas);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((name) => !defined.includes(name as string))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { silentLogger } from '../core/logger.ts';
import type { PagingContext } from '../paging/index.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { openApiDocument } from './openapi.ts';

/** The app's routes never run here, so the context holds only what createApp reads. */
const app = createApp({
  ctx: { logger: silentLogger } as PagingContext,
  metrics: createMetrics(),
  verifyToken: async () => undefined,
  reloadConfig: async () => ({ rebuilt: [], removed: [] }),
  readiness: async () => ({ ok: true, checks: {} }),
});

/** `METHOD /path/{param}` for every handler route (middleware is registered as method ALL). */
function registeredOperations(): string[] {
  const operations = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(operations)].sort();
}

function documentedOperations(): string[] {
  return Object.entries(openApiDocument.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('OpenAPI document', () => {
  it('describes exactly the routes the app registers', () => {
    expect(registeredOperations().length).toBeGreaterThan(10);
    expect(documentedOperations()).toEqual(registeredOperations());
  });

  it('is served without a token', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const body = (await response.json()) as typeof openApiDocument;
    expect(body.openapi).toBe('3.1.0');
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('generates the SLI event batch schema from the zod schema that validates pushes', () => {
    const batch = openApiDocument.components.schemas.SliEventBatch as {
      required: string[];
      properties: object;
    };
    expect(batch.required).toEqual(['events']);
    expect(Object.keys(batch.properties)).toEqual(['batchId', 'events']);
  });

  it('points every $ref at a defined schema', () => {
    const refs = [...JSON.stringify(openApiDocument).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    );
    const defined = Object.keys(openApiDocument.components.schemas);
    expect(refs.filter((name) => !defined.includes(name as string))).toEqual([]);
  });
});

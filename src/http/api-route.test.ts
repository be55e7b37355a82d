import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.ts';
import { addRoute, apiRoutes, json } from './api-route.ts';
import { queryParam } from './api-schemas.ts';
import { handleError } from './errors.ts';
import { requestId } from './request-id.ts';

/** `/echo?word=` answers the word it read; `/digits?n=` declares a pattern the library validates. */
function app() {
  const routes = apiRoutes();
  routes.onError(handleError(silentLogger));
  routes.use(requestId());
  const echo = {
    method: 'get',
    path: '/echo',
    summary: 'Echo',
    query: z.object({ word: queryParam('A word.') }),
    responses: { 200: json('The word.', z.object({ word: z.string().nullable() })) },
  } as const;
  addRoute(routes, echo, (c) => c.json({ word: c.req.query('word') ?? null }));
  const digits = {
    method: 'get',
    path: '/digits',
    summary: 'Digits',
    query: z.object({ n: z.string().regex(/^\d+$/, 'must be digits') }),
    responses: { 200: json('OK.', z.object({})) },
  } as const;
  addRoute(routes, digits, (c) => c.json({}));
  return routes;
}

describe('declared request parts', () => {
  it('read a repeated query parameter as its first value, as before they were declared', async () => {
    const response = await app().request('/echo?word=one&word=two');
    expect(await response.json()).toEqual({ word: 'one' });
  });

  it('answer invalid_input with every problem and its path when the library refuses them', async () => {
    const response = await app().request('/digits?n=x1');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: object };
    expect(body.error).toMatchObject({
      code: 'invalid_input',
      message: 'the query is not valid',
      details: [{ path: 'n', message: 'must be digits' }],
    });
  });
});

import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { addRoute, apiRoutes, failure, json } from '../http/api-route.ts';
import { withResponseChecks } from './response-contract.ts';

/** One route declaring `{ count: integer }` whose handler answers whatever `?answer=` says. */
function app() {
  const routes = apiRoutes();
  const route = {
    method: 'get',
    path: '/things/{id}',
    summary: 'A thing',
    params: z.object({ id: z.string() }),
    responses: { 200: json('The thing.', z.object({ count: z.int() })), 404: failure('No such thing.') },
  } as const;
  addRoute(routes, route, (c) => {
    const answer = c.req.query('answer');
    if (answer === 'teapot') return c.json({ count: 1 }, 418);
    if (answer === 'text') return c.text('1');
    return c.json({ count: answer === 'bad' ? 'one' : 1 });
  });
  return withResponseChecks(routes);
}

describe('withResponseChecks', () => {
  it('lets a response that matches its declaration through', async () => {
    const response = await app().request('/things/7');
    expect(await response.json()).toEqual({ count: 1 });
  });

  it('fails when the body does not match the declared schema', async () => {
    await expect(app().request('/things/7?answer=bad')).rejects.toThrow(
      /GET \/things\/7 → 200: the body does not match its declared schema:\n {2}count:/,
    );
  });

  it('fails on a status the route does not declare', async () => {
    await expect(app().request('/things/7?answer=teapot')).rejects.toThrow(/does not declare this status/);
  });

  it('fails on a content type the route does not declare', async () => {
    await expect(app().request('/things/7?answer=text')).rejects.toThrow(
      /answered text\/plain, declared application\/json/,
    );
  });

  it('holds answers for undeclared paths to the error body', async () => {
    // These bare routes lack the app's not-found handler, so Hono answers in plain text.
    await expect(app().request('/nothing')).rejects.toThrow(/no declared route\): the body is not JSON/);
  });
});

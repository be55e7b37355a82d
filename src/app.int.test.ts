import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NinesError } from './core/errors.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; requestId: string } }).error;
}

describe('authentication and scopes', () => {
  it('refuses /api/v1 without a token with 401, a Bearer challenge and the error shape', async () => {
    const response = await t.call('GET', '/api/v1/slos', { token: null });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const error = await errorOf(response);
    expect(error.code).toBe('unauthenticated');
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('refuses an unknown token and a malformed Authorization header', async () => {
    expect((await t.call('GET', '/api/v1/services', { token: 'nines_not-a-real-token' })).status).toBe(401);
    const basic = await t.app.request('/api/v1/services', {
      headers: { authorization: `Basic ${t.tokens.admin}` },
    });
    expect(basic.status).toBe(401);
  });

  it('answers 403 when the token lacks the scope, and scopes nest', async () => {
    const push = await t.call('POST', '/api/v1/sli-events', { token: t.tokens.read, body: { events: [] } });
    expect(push.status).toBe(403);
    expect((await errorOf(push)).code).toBe('forbidden');
    expect((await t.call('POST', '/api/v1/config/reload', { token: t.tokens.write })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/config/reload', { token: t.tokens.admin })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/slos', { token: t.tokens.admin })).status).toBe(200);
  });

  it('serves health, metrics and the OpenAPI document without a token', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json']) {
      expect((await t.call('GET', path, { token: null })).status, path).toBe(200);
    }
    expect(await (await t.call('GET', '/healthz', { token: null })).json()).toEqual({ status: 'ok' });
  });
});

describe('request ids', () => {
  it('echoes a sane X-Request-Id and replaces one that is not', async () => {
    const echoed = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-123.XYZ' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123.XYZ');
    const replaced = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('puts the request id on error responses too', async () => {
    const response = await t.call('GET', '/api/v1/slos/nope', { headers: { 'x-request-id': 'req-42' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('req-42');
    expect(await errorOf(response)).toEqual({
      code: 'not_found',
      message: 'no SLO named "nope"',
      requestId: 'req-42',
    });
  });
});

describe('errors', () => {
  it('answers unknown routes with not_found in the error shape', async () => {
    const response = await t.call('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });

  it('turns an unexpected error into a generic 500 and logs it with the request id', async () => {
    t.stubs.reloadConfig = async () => {
      throw new Error('secret internals at /var/lib/nines');
    };
    const response = await t.call('POST', '/api/v1/config/reload', {
      token: t.tokens.admin,
      headers: { 'x-request-id': 'req-500' },
    });
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('secret');
    const logged = t.logger.lines.find((line) => line.level === 'error');
    expect(logged?.obj).toMatchObject({ requestId: 'req-500' });
  });

  it('refuses an invalid config with 422 and its problems, reporting what the reload kept', async () => {
    const problems = [{ path: 'slos/a.yaml:3:5', message: 'objective must be below 100' }];
    t.stubs.reloadConfig = async () => {
      throw new NinesError('invalid_config', '1 problem(s) in ./config', problems);
    };
    const response = await t.call('POST', '/api/v1/config/reload', { token: t.tokens.admin });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: unknown } };
    expect(body.error.code).toBe('invalid_config');
    expect(body.error.details).toEqual(problems);
    expect(t.ctx.model.slos.map((slo) => slo.name)).toContain('checkout-availability');
  });

  it('reports a successful reload with what was rebuilt and removed', async () => {
    t.stubs.reloadConfig = async () => ({ rebuilt: ['checkout-availability'], removed: ['old'] });
    const response = await t.call('POST', '/api/v1/config/reload', { token: t.tokens.admin });
    expect(await response.json()).toEqual({
      reloaded: true,
      rebuilt: ['checkout-availability'],
      removed: ['old'],
    });
  });
});

describe('readiness and metrics', () => {
  it('answers /readyz 503 with the checks when a dependency is down (the reason only with a token)', async () => {
    t.stubs.readiness = async () => ({ ok: false, checks: { storage: 'unreachable: connection refused' } });
    const response = await t.call('GET', '/readyz', { token: null });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not_ready', checks: { storage: 'unavailable' } });
    expect(await (await t.call('GET', '/readyz')).json()).toEqual({
      status: 'not_ready',
      checks: { storage: 'unreachable: connection refused' },
    });
    t.stubs.readiness = async () => ({ ok: true, checks: { storage: 'ok' } });
    expect((await t.call('GET', '/readyz', { token: null })).status).toBe(200);
  });

  it('labels request metrics with the route pattern, never the raw path', async () => {
    await t.call('GET', `/api/v1/slos/${encodeURIComponent('unknown-slo-xyz')}`);
    const response = await t.call('GET', '/metrics', { token: null });
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('nines_http_requests_total{route="/api/v1/slos/:name",method="GET",status="4xx"}');
    expect(text).not.toContain('unknown-slo-xyz');
    expect(text).toContain(
      'nines_http_request_duration_seconds_count{route="/api/v1/slos/:name",method="GET"}',
    );
  });

  it('writes a debug access log line with the route pattern and status', async () => {
    await t.call('GET', '/api/v1/services/checkout', { headers: { 'x-request-id': 'req-log' } });
    const line = t.logger.lines.find(
      (l) => l.level === 'debug' && (l.obj as { requestId?: string }).requestId === 'req-log',
    );
    expect(line?.obj).toMatchObject({
      method: 'GET',
      route: '/api/v1/services/:name',
      status: 200,
    });
    // Raw paths can carry credentials (signed /ack/{token} links): only the route pattern is logged.
    expect(line?.obj).not.toHaveProperty('path');
  });
});

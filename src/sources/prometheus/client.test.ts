import { describe, expect, it } from 'vitest';
import { NinesError } from '../../core/errors.ts';
import type { PrometheusDataSource } from '../../specs/index.ts';
import { jsonResponse, stubPrometheusFetch, vectorResponse } from '../../testing/prometheus.ts';
import { createPrometheusClient } from './client.ts';

const source: PrometheusDataSource = {
  name: 'prod',
  kind: 'prometheus',
  url: 'http://prometheus.test:9090/prom/',
  headers: { 'X-Scope-OrgID': 'tenant-1', 'X-Api-Key': { env: 'PROM_KEY' } },
  bearerToken: { env: 'PROM_TOKEN' },
  timeoutMs: 5_000,
  stepMs: 60_000,
  origin: 'nines',
  source: { file: 'nines.yaml', line: 1, col: 1 },
};
const env = { PROM_KEY: 'key-secret', PROM_TOKEN: 'token-secret' };

async function failure(promise: Promise<unknown>): Promise<NinesError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(NinesError);
  expect((error as NinesError).code).toBe('unavailable');
  return error as NinesError;
}

describe('createPrometheusClient', () => {
  it('POSTs a form to /api/v1/query with the time in seconds and the resolved headers', async () => {
    const stub = stubPrometheusFetch(() =>
      vectorResponse([{ labels: { code: '500' }, points: [[1_700_000_000_000, 2.5]] }]),
    );
    const client = createPrometheusClient({ source, env, fetch: stub.fetch });

    const series = await client.query('sum(rate(x[1m]))', 1_700_000_000_500);

    expect(series).toEqual([
      { labels: { code: '500' }, points: [{ timeMs: 1_700_000_000_000, value: 2.5 }] },
    ]);
    const [call] = stub.calls;
    expect(call?.path).toBe('/prom/api/v1/query');
    expect(Object.fromEntries(call?.form ?? [])).toEqual({
      query: 'sum(rate(x[1m]))',
      time: '1700000000.5',
      timeout: '5s',
    });
    expect(call?.headers.get('x-scope-orgid')).toBe('tenant-1');
    expect(call?.headers.get('x-api-key')).toBe('key-secret');
    expect(call?.headers.get('authorization')).toBe('Bearer token-secret');
  });

  it('sends start, end and step of a range query in seconds', async () => {
    const stub = stubPrometheusFetch(() =>
      jsonResponse({ status: 'success', data: { resultType: 'matrix', result: [] } }),
    );
    const client = createPrometheusClient({ source, env, fetch: stub.fetch });

    await client.queryRange('up', { startMs: 60_000, endMs: 180_000, stepMs: 60_000 });

    expect(stub.calls[0]?.path).toBe('/prom/api/v1/query_range');
    expect(stub.calls[0]?.form.get('start')).toBe('60');
    expect(stub.calls[0]?.form.get('end')).toBe('180');
    expect(stub.calls[0]?.form.get('step')).toBe('60');
  });

  it('names a missing secret variable without calling Prometheus', async () => {
    const stub = stubPrometheusFetch(() => vectorResponse([]));

    const make = () => createPrometheusClient({ source, env: { PROM_KEY: 'key-secret' }, fetch: stub.fetch });

    expect(make).toThrow(
      'Prometheus source "prod": environment variable PROM_TOKEN (for the bearer token) is not set',
    );
    expect(stub.calls).toHaveLength(0);
  });

  it('never puts a secret value in an error', async () => {
    const make = () =>
      createPrometheusClient({ source, env: { ...env, PROM_KEY: 'key-secret\nInjected: 1' } });

    expect(make).toThrow('Prometheus source "prod": header X-Api-Key has an invalid name or value');
    expect(() => make()).not.toThrow(/key-secret/);
  });

  it('reports a refused connection', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const stub = stubPrometheusFetch(() => Promise.reject(refused));
    const client = createPrometheusClient({ source, env, fetch: stub.fetch });

    const error = await failure(client.query('up', 0));

    expect(error.message).toBe('Prometheus source "prod": connection refused');
  });

  it('gives up after the source timeout', async () => {
    const client = createPrometheusClient({ source: { ...source, timeoutMs: 5 }, env, fetch: hangingFetch });

    const error = await failure(client.query('up', 0));

    expect(error.message).toBe('Prometheus source "prod": timed out after 5ms');
  });

  it('stops when the caller aborts', async () => {
    const client = createPrometheusClient({ source, env, fetch: hangingFetch });
    const controller = new AbortController();

    const pending = failure(client.query('up', 0, controller.signal));
    controller.abort();

    expect((await pending).message).toBe('Prometheus source "prod": request aborted');
  });

  it.each([
    [
      'an error envelope with a 400',
      () =>
        jsonResponse(
          { status: 'error', errorType: 'bad_data', error: 'parse error: unclosed left parenthesis' },
          400,
        ),
      'HTTP 400, bad_data: parse error: unclosed left parenthesis',
    ],
    ['a proxy page with a 502', () => new Response('<html>Bad Gateway</html>', { status: 502 }), 'HTTP 502'],
    ['a 401 without a body', () => new Response(null, { status: 401 }), 'HTTP 401'],
    [
      'an error envelope with a 200',
      () => jsonResponse({ status: 'error', errorType: 'timeout', error: 'query timed out' }),
      'timeout: query timed out',
    ],
    ['a body that is not JSON', () => new Response('ok'), 'answered with an unexpected JSON shape'],
    [
      'a scalar instead of a vector',
      () => jsonResponse({ status: 'success', data: { resultType: 'scalar', result: [1, '1'] } }),
      'expected a vector result, got scalar',
    ],
    [
      'a malformed vector',
      () => jsonResponse({ status: 'success', data: { resultType: 'vector', result: [{ metric: {} }] } }),
      'answered with a malformed vector',
    ],
    [
      'a NaN value',
      () => vectorResponse([{ labels: {}, points: [[0, 'NaN']] }]),
      'returned a non-finite value (NaN)',
    ],
    [
      'an infinite value',
      () => vectorResponse([{ labels: {}, points: [[0, '+Inf']] }]),
      'returned a non-finite value (+Inf)',
    ],
  ])('turns %s into unavailable', async (_name, answer, reason) => {
    const client = createPrometheusClient({ source, env, fetch: stubPrometheusFetch(answer).fetch });

    const error = await failure(client.query('up', 0));

    expect(error.message).toBe(`Prometheus source "prod": ${reason}`);
  });
});

const hangingFetch = ((_url: string | URL | Request, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  })) as typeof fetch;

import { describe, expect, it } from 'vitest';
import type { SliBatch } from './batch.ts';
import { pushBatch } from './push.ts';

const batch: SliBatch = {
  batchId: 'fleet-x-0',
  events: [{ slo: 'payment-availability', time: 1_772_452_800_000, good: 199, total: 200 }],
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('pushBatch', () => {
  it('POSTs the batch with the bearer token and reads how many events were accepted', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return json(202, { accepted: 1 });
    }) as typeof globalThis.fetch;
    const outcome = await pushBatch({ baseUrl: 'http://127.0.0.1:8080/', token: 'tok', fetch }, batch);
    expect(outcome).toEqual({ ok: true, accepted: 1 });
    expect(seen).toHaveLength(1);
    const [{ url, init }] = seen as [{ url: string; init: RequestInit }];
    expect(url).toBe('http://127.0.0.1:8080/api/v1/sli-events');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(JSON.parse(String(init.body))).toEqual(batch);
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('does not retry a refused body, and passes on what was wrong', async () => {
    const details = [{ path: 'events.0.good', message: 'good must be at most total' }];
    const fetch = (async () =>
      json(400, {
        error: { code: 'invalid_input', message: 'bad events', details },
      })) as typeof globalThis.fetch;
    const outcome = await pushBatch({ baseUrl: 'http://127.0.0.1:1', token: 't', fetch }, batch);
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      status: 400,
      message: 'HTTP 400 invalid_input: bad events',
      details,
    });
  });

  it('retries server errors and unreachable servers', async () => {
    const unavailable = (async () => new Response('oops', { status: 503 })) as typeof globalThis.fetch;
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const target = { baseUrl: 'http://127.0.0.1:1', token: 't' };
    expect(await pushBatch({ ...target, fetch: unavailable }, batch)).toMatchObject({
      ok: false,
      retryable: true,
      status: 503,
      message: 'HTTP 503',
    });
    expect(await pushBatch({ ...target, fetch: down }, batch)).toMatchObject({
      ok: false,
      retryable: true,
      status: null,
      message: 'cannot reach http://127.0.0.1:1/api/v1/sli-events: fetch failed',
    });
  });
});

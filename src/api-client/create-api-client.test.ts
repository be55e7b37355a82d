import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNinesError, NinesError } from '../core/errors.ts';
import { createApiClient } from './create-api-client.ts';

const server = 'http://nines.test:8080/ignored/path';

/** Answers every request with `answer` and keeps what was asked. */
function serve(answer: (request: Request) => Response | Promise<Response>): Request[] {
  const seen: Request[] = [];
  vi.stubGlobal('fetch', async (request: Request, init?: RequestInit) => {
    const sent = new Request(request, init);
    seen.push(sent);
    return answer(sent);
  });
  return seen;
}

async function refusal(promise: Promise<unknown>): Promise<NinesError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isNinesError(error)) throw new Error(`expected a NinesError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createApiClient', () => {
  it('sends the token to the root of the server and answers the JSON body', async () => {
    const seen = serve(() => Response.json({ pages: [] }));
    const api = createApiClient({ server, token: 'nines_t' });
    const { data } = await api.GET('/api/v1/pages', { params: { query: { status: 'triggered' } } });
    expect(data).toEqual({ pages: [] });
    expect(seen[0]?.url).toBe('http://nines.test:8080/api/v1/pages?status=triggered');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer nines_t');
  });

  it('turns an error answer into a NinesError with the server’s code, message and details', async () => {
    serve(() =>
      Response.json(
        {
          error: {
            code: 'invalid_input',
            message: 'bad body',
            details: [{ path: 'duration', message: 'too long' }],
          },
        },
        { status: 400 },
      ),
    );
    const api = createApiClient({ server, token: 't' });
    const error = await refusal(
      api.POST('/api/v1/pages/{id}/snooze', { params: { path: { id: 1 } }, body: { duration: '9d' } }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`${server} answered 400: bad body`);
    expect(error.details).toEqual([{ path: 'duration', message: 'too long' }]);
  });

  it('answers `unavailable` for a body that is not JSON or cut off, an unknown code, or no server at all', async () => {
    const api = createApiClient({ server, token: 't' });
    serve(() => new Response('<html>bad gateway</html>', { status: 502 }));
    expect(await refusal(api.GET('/api/v1/pages'))).toMatchObject({
      code: 'unavailable',
      message: `${server} answered 502: unexpected body`,
    });
    serve(() => new Response('ok', { status: 200 }));
    expect((await refusal(api.GET('/api/v1/pages'))).message).toBe(`${server} answered 200: unexpected body`);
    serve(() => new Response(new ReadableStream({ start: (stream) => stream.error(new Error('reset')) })));
    expect((await refusal(api.GET('/api/v1/pages'))).message).toBe(`${server} answered 200: unexpected body`);
    serve(() => Response.json({ error: { code: 'teapot', message: 'no' } }, { status: 418 }));
    expect(await refusal(api.GET('/api/v1/pages'))).toMatchObject({ code: 'unavailable' });
    serve(() => Promise.reject(new TypeError('fetch failed')));
    expect(await refusal(api.GET('/api/v1/pages'))).toMatchObject({
      code: 'unavailable',
      message: `cannot reach ${server}: fetch failed`,
    });
  });

  it('gives up after the timeout', async () => {
    vi.stubGlobal(
      'fetch',
      (_request: Request, init?: RequestInit) =>
        new Promise((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    );
    const api = createApiClient({ server, token: 't', timeoutMs: 5 });
    expect((await refusal(api.GET('/api/v1/pages'))).message).toMatch(/^cannot reach .*: .*timeout/i);
  });

  it('answers text bodies as text, and refuses a server that is not a URL', async () => {
    serve(() => new Response('# Postmortem', { headers: { 'content-type': 'text/markdown' } }));
    const api = createApiClient({ server, token: 't' });
    const { data } = await api.GET('/api/v1/postmortems/{id}', {
      params: { path: { id: 1 }, query: { format: 'markdown' } },
      parseAs: 'text',
    });
    expect(data).toBe('# Postmortem');
    expect(() => createApiClient({ server: 'localhost:8080', token: 't' })).toThrow(
      new NinesError('unavailable', 'cannot reach localhost:8080: Invalid URL'),
    );
  });
});

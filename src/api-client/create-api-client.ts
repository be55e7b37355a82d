import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type MethodResponse,
  type Middleware,
} from 'openapi-fetch';
import { type ErrorCode, errorCodes, NinesError, type Problem } from '../core/errors.ts';
import type { paths } from './schema.ts';

/** The typed client of the HTTP API: paths, parameters, bodies and answers come from the OpenAPI document. */
export type ApiClient = Client<paths>;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The successful answer of an operation, e.g. `Answer<'get', '/api/v1/pages/{id}'>`. */
export type Answer<M extends Method, P extends ClientPathsWithMethod<ApiClient, M>> = MethodResponse<
  ApiClient,
  M,
  P
>;

/** The query parameters of an operation. */
export type Query<M extends Method, P extends ClientPathsWithMethod<ApiClient, M>> = paths[P] extends {
  [K in M]: { parameters: { query?: infer Q } };
}
  ? Q
  : never;

/** The path parameters of an operation. */
export type PathParams<M extends Method, P extends ClientPathsWithMethod<ApiClient, M>> = paths[P] extends {
  [K in M]: { parameters: { path: infer T } };
}
  ? T
  : never;

export interface ApiClientOptions {
  /** The server's URL, as the user gave it: API paths are resolved against it and errors name it. */
  server: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** @default 10000 */
  timeoutMs?: number;
}

interface ErrorAnswer {
  error?: { code?: string; message?: string; details?: Problem[] };
}

/**
 * A client whose calls resolve only to successful answers: an error answer becomes a NinesError with the
 * server's code, message and details, an unreachable server or a timeout a NinesError `unavailable`.
 * Throws `unavailable` when `server` is not a URL.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { server, token, timeoutMs = 10_000 } = options;
  let root: string;
  try {
    // As `new URL('/api/v1/…', server)`: API paths start at the root of the server, whatever path it has.
    root = new URL('/', server).href.slice(0, -1);
  } catch (error) {
    throw unreachable(server, error);
  }
  const client = createClient<paths>({
    baseUrl: root,
    headers: { authorization: `Bearer ${token}` },
    fetch: async (request) => {
      try {
        return await fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw unreachable(server, error);
      }
    },
  });
  client.use(refusalsAsErrors(server));
  return client;
}

function unreachable(server: string, error: unknown): NinesError {
  return new NinesError('unavailable', `cannot reach ${server}: ${(error as Error).message}`);
}

/** Error answers, and JSON answers that are not JSON, throw instead of resolving. */
function refusalsAsErrors(server: string): Middleware {
  return {
    async onResponse({ response, options }) {
      if (response.ok && options.parseAs !== 'json') return undefined;
      const answer = await readJson(response.clone());
      if (response.ok && answer !== undefined) return undefined;
      throw refusal(server, response.status, answer as ErrorAnswer | undefined);
    },
  };
}

/** The body as JSON; undefined when it is not JSON or is cut off (e.g. by the timeout). */
async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}

function refusal(server: string, status: number, answer: ErrorAnswer | undefined): NinesError {
  const code = answer?.error?.code;
  const known: ErrorCode = (errorCodes as readonly string[]).includes(code ?? '')
    ? (code as ErrorCode)
    : 'unavailable';
  const message = answer?.error?.message ?? 'unexpected body';
  return new NinesError(known, `${server} answered ${status}: ${message}`, answer?.error?.details);
}

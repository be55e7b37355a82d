import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../src/api-client/schema.ts';

/** The console talks to the server only through this client, typed by the generated OpenAPI schema. */
export type Api = Client<paths>;
export type Schemas = components['schemas'];

/** An error answer of the API, with the server's code, message and the fields it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Array<{ path: string; message: string }>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Array<{ path: string; message: string }> };
}

/**
 * A client sending `token`; every error answer throws an ApiError, an unreachable server an ApiError with
 * status 0. `onUnauthenticated` runs on a 401 (the token was revoked or expired): the console signs out.
 */
export function createConsoleApi(token: string, onUnauthenticated: () => void): Api {
  const client = createClient<paths>({
    baseUrl: window.location.origin,
    headers: { authorization: `Bearer ${token}` },
    fetch: async (request) => {
      try {
        return await fetch(request);
      } catch {
        throw new ApiError(0, 'unavailable', 'The server cannot be reached. Check that it is running.');
      }
    },
  });
  const refusals: Middleware = {
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const body = await readError(response.clone());
      if (response.status === 401) onUnauthenticated();
      throw new ApiError(
        response.status,
        body?.error?.code ?? 'unavailable',
        body?.error?.message ?? `The server answered ${response.status}.`,
        body?.error?.details,
      );
    },
  };
  client.use(refusals);
  return client;
}

async function readError(response: Response): Promise<ErrorBody | undefined> {
  try {
    return (await response.json()) as ErrorBody;
  } catch {
    return undefined;
  }
}

/** The message to show for anything a call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Checks a token by asking who it is; throws an ApiError when it is refused. */
export async function whoIs(token: string): Promise<Schemas['Me']> {
  const api = createConsoleApi(token, () => {});
  const { data } = await api.GET('/api/v1/me');
  if (!data) throw new ApiError(0, 'unavailable', 'The server sent no answer.');
  return data;
}

import { type ErrorCode, errorCodes, NinesError, type Problem } from '../core/errors.ts';
import { type CommandIo, UsageError } from './command.ts';

/** The options every command that talks to a running server takes. */
export const serverOptions = {
  server: { type: 'string' },
  token: { type: 'string' },
} as const;

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** Calls the server's API; error answers become NinesErrors carrying the server's code and details. */
export interface ServerClient {
  server: string;
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** GETs a body that is not JSON (Markdown, HTML). */
  text(path: string): Promise<string>;
}

interface ErrorAnswer {
  error?: { code?: string; message?: string; details?: Problem[] };
}

/** A client for `--server`/`--token` (or $NINES_SERVER/$NINES_TOKEN); a missing token is a usage error. */
export function serverClient(values: Record<string, unknown>, io: CommandIo): ServerClient {
  const server = (values.server as string | undefined) ?? io.env.NINES_SERVER ?? DEFAULT_SERVER;
  const token = (values.token as string | undefined) ?? io.env.NINES_TOKEN;
  if (!token) throw new UsageError('a token is needed: --token T or NINES_TOKEN');
  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(new URL(path, server), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new NinesError('unavailable', `cannot reach ${server}: ${(error as Error).message}`);
    }
  };
  const refusal = (response: Response, answer: ErrorAnswer | undefined): NinesError => {
    const code = answer?.error?.code;
    const known: ErrorCode = (errorCodes as readonly string[]).includes(code ?? '')
      ? (code as ErrorCode)
      : 'unavailable';
    const message = answer?.error?.message ?? 'unexpected body';
    return new NinesError(known, `${server} answered ${response.status}: ${message}`, answer?.error?.details);
  };
  return {
    server,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await send(method, path, body);
      const answer = (await response.json().catch(() => undefined)) as (T & ErrorAnswer) | undefined;
      if (response.ok && answer !== undefined) return answer;
      throw refusal(response, answer);
    },
    async text(path: string): Promise<string> {
      const response = await send('GET', path);
      const text = await response.text();
      if (response.ok) return text;
      let answer: ErrorAnswer | undefined;
      try {
        answer = JSON.parse(text) as ErrorAnswer;
      } catch {
        answer = undefined;
      }
      throw refusal(response, answer);
    },
  };
}

/** Path segments are user input: encode them so `a/b` or `?` cannot change the route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

import { type ApiClient, createApiClient } from '../api-client/index.ts';
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
  /** Makes one typed call and resolves to its answer (`send` picks the path, parameters and body). */
  call<D>(send: (api: ApiClient) => Promise<{ data?: D }>): Promise<D>;
}

/** A client for `--server`/`--token` (or $NINES_SERVER/$NINES_TOKEN); a missing token is a usage error. */
export function serverClient(values: Record<string, unknown>, io: CommandIo): ServerClient {
  const server = (values.server as string | undefined) ?? io.env.NINES_SERVER ?? DEFAULT_SERVER;
  const token = (values.token as string | undefined) ?? io.env.NINES_TOKEN;
  if (!token) throw new UsageError('a token is needed: --token T or NINES_TOKEN');
  let api: ApiClient | undefined;
  return {
    server,
    async call<D>(send: (api: ApiClient) => Promise<{ data?: D }>): Promise<D> {
      // Created at the first call, so a server that is not a URL is reported only when one is needed.
      api ??= createApiClient({ server, token });
      // The client throws on error answers, so a call that resolves carries its data.
      return (await send(api)).data as D;
    },
  };
}

/**
 * A parameter as the user typed it, passed on unparsed (an id, a status): the server validates it and
 * its answer says what is wrong, so the CLI prints the same refusal as any other client gets.
 */
export function asTyped<T>(text: string): T {
  return text as T;
}

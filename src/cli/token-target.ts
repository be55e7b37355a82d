import { resolveRuntimeConfig } from '../config/config.ts';
import { NinesError } from '../core/errors.ts';
import { loadConfigDir } from '../specs/index.ts';
import { type Db, dataDirHolder, openStorage } from '../storage/index.ts';
import { type CommandIo, UsageError } from './command.ts';
import { type ServerClient, serverClient, serverOptions } from './server-client.ts';

/** The options every `nines token` command takes. */
export const tokenOptions = {
  ...serverOptions,
  'data-dir': { type: 'string' },
} as const;

/** Where a token command acts: the running server's API, or the database itself. */
export type TokenTarget =
  | { kind: 'api'; client: ServerClient }
  | { kind: 'direct'; db: Db; close(): Promise<void> };

/**
 * Token commands go through the server's API when one is named (`--server` or $NINES_SERVER) or holds
 * the embedded data directory, and a token to call it with is at hand (`--token` or $NINES_TOKEN); the
 * server then audits who did it. Otherwise they write the database directly: the first admin token has
 * to be made that way, and a running server honours it at once (it reads tokens from storage on every
 * request).
 */
export async function tokenTarget(values: Record<string, unknown>, io: CommandIo): Promise<TokenTarget> {
  const token = (values.token as string | undefined) ?? io.env.NINES_TOKEN;
  const named = (values.server as string | undefined) ?? io.env.NINES_SERVER;
  const config = resolveRuntimeConfig(io.env, { dataDir: values['data-dir'] as string | undefined });
  const held = !config.databaseUrl && config.dataDir !== 'memory://' && dataDirHolder(config.dataDir);
  if (token && (named || held)) return { kind: 'api', client: serverClient(values, io) };
  if (values.server) throw new UsageError('--server needs a token to call it with: --token T or NINES_TOKEN');
  const db = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  return { kind: 'direct', db, close: () => db.close() };
}

/** Checks `person` against the configured people ($NINES_CONFIG) when writing directly. */
export async function checkPerson(person: string, env: CommandIo['env']): Promise<void> {
  const { configDir } = resolveRuntimeConfig(env);
  const { model, problems } = await loadConfigDir(configDir);
  if (problems.length > 0 && model.persons.length === 0) {
    throw new NinesError(
      'invalid_config',
      `--person needs the configuration to check the person against; ${configDir} has problems (run nines validate ${configDir})`,
    );
  }
  if (!model.persons.some((p) => p.name === person)) {
    throw new NinesError('invalid_input', `no person "${person}" in the configuration at ${configDir}`, [
      { path: 'person', message: 'must name a configured Person' },
    ]);
  }
}

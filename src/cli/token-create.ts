import { createToken, parseScopes } from '../auth/index.ts';
import { resolveRuntimeConfig } from '../config/config.ts';
import { systemClock } from '../core/clock.ts';
import { openStorage } from '../storage/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';

export const command = defineCommand({
  usage: 'nines token create --scopes read,write[,admin] [--name NAME] [--data-dir DIR]',
  summary:
    'Creates an API token in the database the server uses ($NINES_DATABASE_URL, or the embedded one in\n$NINES_DATA_DIR / --data-dir) and prints it once; only its hash is stored.',
  options: { scopes: { type: 'string' }, name: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run({ values, io }) {
    if (!values.scopes) throw new UsageError('--scopes is required');
    const scopes = parseScopes(values.scopes as string);
    const config = resolveRuntimeConfig(io.env, { dataDir: values['data-dir'] as string | undefined });
    const db = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const name = (values.name as string | undefined) ?? `token-${scopes.join('-')}`;
      const created = await createToken({ db, clock: systemClock, name, scopes });
      io.out(created.token);
      io.err(`created token ${created.id} (${name}) with scopes ${scopes.join(',')}; it is shown only once`);
      return EXIT_OK;
    } finally {
      await db.close();
    }
  },
});

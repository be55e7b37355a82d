import { createToken, parseScopes } from '../auth/index.ts';
import { systemClock } from '../core/clock.ts';
import { parseDuration } from '../core/duration.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { checkPerson, tokenOptions, tokenTarget } from './token-target.ts';

/** `--expires 90d` (from now) or an RFC 3339 instant, as epoch ms. */
function expiryOf(text: string | undefined, nowMs: number): number | undefined {
  if (text === undefined) return undefined;
  const duration = parseDuration(text);
  if (duration !== undefined) return nowMs + duration;
  const instant = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(instant)) return instant;
  throw new UsageError('--expires takes a duration (90d) or an RFC 3339 time (2027-01-01T00:00:00Z)');
}

export const command = defineCommand({
  usage:
    'nines token create --scopes read,write[,admin] [--name NAME] [--expires 90d|TIME] [--person NAME] [--data-dir DIR] [--server URL] [--token T]',
  summary:
    "Creates an API token and prints it once; only its hash is stored. Through the server's API when a\n" +
    'server is named (--server, $NINES_SERVER) or holds the data directory, with an admin token (--token,\n' +
    '$NINES_TOKEN); otherwise in the database directly ($NINES_DATABASE_URL, or the embedded one in\n' +
    '$NINES_DATA_DIR / --data-dir), where a running server honours it at once.',
  options: {
    ...tokenOptions,
    scopes: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string' },
    person: { type: 'string' },
  },
  async run({ values, io }) {
    if (!values.scopes) throw new UsageError('--scopes is required');
    const scopes = parseScopes(values.scopes as string);
    const name = (values.name as string | undefined) ?? `token-${scopes.join('-')}`;
    const expiresMs = expiryOf(values.expires as string | undefined, systemClock.now());
    const person = values.person as string | undefined;
    const target = await tokenTarget(values, io);
    let created: { id: string; token: string };
    if (target.kind === 'api') {
      const body = {
        name,
        scopes,
        ...(expiresMs === undefined ? {} : { expiresAt: new Date(expiresMs).toISOString() }),
        ...(person === undefined ? {} : { person }),
      };
      created = await target.client.call((api) => api.POST('/api/v1/tokens', { body }));
    } else {
      try {
        if (person !== undefined) await checkPerson(person, io.env);
        created = await createToken({ db: target.db, clock: systemClock, name, scopes, expiresMs, person });
      } finally {
        await target.close();
      }
    }
    io.out(created.token);
    io.err(`created token ${created.id} (${name}) with scopes ${scopes.join(',')}; it is shown only once`);
    return EXIT_OK;
  },
});

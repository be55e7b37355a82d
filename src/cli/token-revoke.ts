import { revokeToken } from '../auth/index.ts';
import { systemClock } from '../core/clock.ts';
import { defineCommand, EXIT_OK } from './command.ts';
import { asTyped } from './server-client.ts';
import { tokenOptions, tokenTarget } from './token-target.ts';

export const command = defineCommand({
  usage: 'nines token revoke ID [--data-dir DIR] [--server URL] [--token T]',
  summary: 'Revokes an API token: every request carrying it is refused from now on (audited).',
  options: { ...tokenOptions },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const id = positionals[0] as string;
    const target = await tokenTarget(values, io);
    let name: string;
    if (target.kind === 'api') {
      const revoked = await target.client.call((api) =>
        api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: asTyped<string>(id) } } }),
      );
      name = revoked.name;
    } else {
      try {
        name = (await revokeToken({ db: target.db, clock: systemClock, id, actor: 'cli' })).name;
      } finally {
        await target.close();
      }
    }
    io.out(`revoked token ${id} (${name})`);
    return EXIT_OK;
  },
});

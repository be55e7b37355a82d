import { listTokens } from '../auth/index.ts';
import { systemClock } from '../core/clock.ts';
import { isoTime, isoTimeOrNull } from '../core/time-format.ts';
import { defineCommand, EXIT_OK } from './command.ts';
import { table } from './table.ts';
import { tokenOptions, tokenTarget } from './token-target.ts';

interface Listed {
  id: string;
  name: string;
  scopes: string[];
  person: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

export const command = defineCommand({
  usage: 'nines token list [--json] [--data-dir DIR] [--server URL] [--token T]',
  summary: 'Lists API tokens (never their secrets): scopes, owner, expiry, whether revoked.',
  options: { ...tokenOptions, json: { type: 'boolean' } },
  async run({ values, io }) {
    const target = await tokenTarget(values, io);
    let tokens: Listed[];
    if (target.kind === 'api') {
      tokens = (await target.client.call((api) => api.GET('/api/v1/tokens'))).tokens;
    } else {
      try {
        const nowMs = systemClock.now();
        tokens = (await listTokens(target.db)).map((t) => ({
          id: t.id,
          name: t.name,
          scopes: t.scopes,
          person: t.person,
          createdAt: isoTime(t.createdMs),
          expiresAt: isoTimeOrNull(t.expiresMs),
          revokedAt: isoTimeOrNull(t.revokedMs),
          active: t.revokedMs === null && (t.expiresMs === null || t.expiresMs > nowMs),
        }));
      } finally {
        await target.close();
      }
    }
    if (values.json) {
      io.out(JSON.stringify({ tokens }, null, 2));
      return EXIT_OK;
    }
    const rows = tokens.map((t) => [
      t.id,
      t.name,
      t.scopes.join(','),
      t.person ?? '',
      t.createdAt,
      t.expiresAt ?? '',
      t.revokedAt ? `revoked ${t.revokedAt}` : t.active ? 'active' : 'expired',
    ]);
    io.out(table(['ID', 'NAME', 'SCOPES', 'PERSON', 'CREATED', 'EXPIRES', 'STATE'], rows));
    return EXIT_OK;
  },
});

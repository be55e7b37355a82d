import { afterAll, describe, expect, it } from 'vitest';
import {
  coreCatalog,
  nines,
  type ServerProcess,
  scratchDir,
  startServer,
  writeConfig,
} from '../testing/nines-process.ts';

// Issue 11, defect 5: tokens are manageable while `nines serve` holds the data directory. A token made
// by the CLI beside the server works at once; with an admin token the CLI goes through the server's API
// (audited as that token); a revoked token is refused from the next request on.

const config = {
  'catalog.yaml': coreCatalog,
  'people.yaml': `
apiVersion: nines.dev/v1
kind: Person
metadata: { name: ana }
spec:
  timeZone: Europe/Lisbon
  contacts:
    - email: ana@example.com
`,
};

const noServer = { NINES_TOKEN: '', NINES_SERVER: '', NINES_DATABASE_URL: '' };

describe('nines token while the server runs', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('creates, lists and revokes tokens beside and through a running server', async () => {
    const dataDir = scratchDir('tokens');
    const configDir = writeConfig(config);
    const first = await nines(
      ['token', 'create', '--scopes', 'admin', '--name', 'root', '--data-dir', dataDir],
      noServer,
    );
    expect(first.code).toBe(0);
    const admin = first.stdout.trim();
    server = await startServer({ configDir, dataDir });
    const get = (token: string) =>
      fetch(`${server?.url}/api/v1/slos`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.status,
      );

    // Beside the server, without a token to call it with: written directly, honoured at once.
    const beside = await nines(['token', 'create', '--scopes', 'read', '--data-dir', dataDir], noServer);
    expect(beside.code).toBe(0);
    expect(beside.stderr).toMatch(
      /^created token \w+ \(token-read\) with scopes read; it is shown only once/,
    );
    expect(await get(beside.stdout.trim())).toBe(200);

    // With an admin token: through the API, checked against the configured people.
    const viaApi = { ...noServer, NINES_TOKEN: admin, NINES_SERVER: server.url, NINES_CONFIG: configDir };
    const mine = await nines(
      [
        'token',
        'create',
        '--scopes',
        'write',
        '--name',
        'ana laptop',
        '--person',
        'ana',
        '--expires',
        '30d',
        '--data-dir',
        dataDir,
      ],
      viaApi,
    );
    expect(mine.code).toBe(0);
    const anaToken = mine.stdout.trim();
    expect(anaToken).toMatch(/^nines_/);
    expect(await get(anaToken)).toBe(200);
    const noToken = await nines(['token', 'create', '--scopes', 'read', '--server', server.url], noServer);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--server needs a token/);
    const nobody = await nines(
      ['token', 'create', '--scopes', 'read', '--person', 'zed', '--data-dir', dataDir],
      viaApi,
    );
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/no person "zed"/);

    const listed = await nines(['token', 'list', '--json', '--data-dir', dataDir], viaApi);
    expect(listed.code).toBe(0);
    const { tokens } = JSON.parse(listed.stdout) as {
      tokens: Array<{ id: string; name: string; person: string | null; expiresAt: string | null }>;
    };
    expect(tokens.map((t) => t.name).sort()).toEqual(['ana laptop', 'root', 'token-read']);
    expect(tokens.find((t) => t.name === 'ana laptop')).toMatchObject({ person: 'ana' });
    expect(listed.stdout).not.toContain(anaToken);

    const id = tokens.find((t) => t.name === 'ana laptop')?.id as string;
    const revoked = await nines(['token', 'revoke', id, '--data-dir', dataDir], viaApi);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked token ${id} (ana laptop)`);
    expect(await get(anaToken)).toBe(401);

    // Revoked directly by another process: refused by the server at once too.
    const readId = tokens.find((t) => t.name === 'token-read')?.id as string;
    await server.stop();
    server = await startServer({ configDir, dataDir });
    const direct = await nines(['token', 'revoke', readId, '--data-dir', dataDir], noServer);
    expect(direct.code).toBe(0);
    expect(await get(beside.stdout.trim())).toBe(401);
    expect(await get(admin)).toBe(200);
  }, 120_000);
});

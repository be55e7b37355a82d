import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { DAY_MS } from '../core/duration.ts';
import type { Db } from '../storage/index.ts';
import { openStorage } from '../storage/index.ts';
import { scratchDir } from '../testing/nines-process.ts';
import { componentsRequired, createTestDatabase, postgresReachable } from '../testing/test-engines.ts';
import { createToken, createTokenVerifier, listTokens, revokeToken } from './tokens.ts';

// Issue 11, defect 5: `nines token create` beside a running server printed a token the server answered
// with 401. The server and the CLI are two processes with two connections to one database: the server's
// verifier must see what the other connection creates and revokes, at once.

const postgres = componentsRequired() || (await postgresReachable());

/** Two connections to one fresh database: the server's and another process's. */
async function twoConnections(engine: 'sqlite' | 'postgres') {
  if (engine === 'sqlite') {
    const dataDir = scratchDir('tokens');
    const server = await openStorage({ dataDir, exclusive: true });
    const other = await openStorage({ dataDir });
    const dispose = async () => {
      await other.close();
      await server.close();
    };
    return { server, other, dispose };
  }
  const database = await createTestDatabase();
  const server = await openStorage({ databaseUrl: database.url });
  const other = await openStorage({ databaseUrl: database.url });
  return {
    server,
    other,
    dispose: async () => {
      await other.close();
      await server.close();
      await database.drop();
    },
  };
}

const engines = postgres ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

describe.each(engines)('tokens made by another process (%s)', (engine) => {
  let server: Db;
  let other: Db;
  let dispose: () => Promise<void>;
  const clock = new FakeClock('2026-03-02T12:00:00.000Z');
  afterAll(() => dispose?.());

  it('accepts a token created by another connection at once', async () => {
    ({ server, other, dispose } = await twoConnections(engine));
    const verify = createTokenVerifier(server, clock);
    const created = await createToken({ db: other, clock, name: 'ci', scopes: ['write'] });
    expect(await verify(`${created.token}x`)).toBeUndefined();
    expect(await verify(created.token)).toEqual({
      id: created.id,
      name: 'ci',
      scopes: ['write'],
      person: null,
    });
    const early = await createToken({ db: other, clock, name: 'early', scopes: ['read'] });
    expect(await verify(early.token)).toEqual({
      id: early.id,
      name: 'early',
      scopes: ['read'],
      person: null,
    });
  });

  it('refuses a token the moment another process revokes it, and one whose expiry passed', async () => {
    const verify = createTokenVerifier(server, clock);
    const token = await createToken({ db: other, clock, name: 'revoked', scopes: ['admin'] });
    expect(await verify(token.token)).toBeDefined();
    const revoked = await revokeToken({ db: other, clock, id: token.id, actor: 'cli' });
    expect(revoked.revokedMs).toBe(clock.now());
    expect(await verify(token.token)).toBeUndefined();

    const expiring = await createToken({
      db: other,
      clock,
      name: 'one-day',
      scopes: ['read'],
      expiresMs: clock.now() + DAY_MS,
    });
    expect(await verify(expiring.token)).toBeDefined();
    clock.advance(DAY_MS);
    expect(await verify(expiring.token)).toBeUndefined();
  });

  it('lists tokens without secrets, with who they belong to and when they end', async () => {
    const listed = (await listTokens(server)).sort((a, b) => a.name.localeCompare(b.name));
    expect(listed.map((t) => [t.name, t.revokedMs !== null, t.expiresMs])).toEqual([
      ['ci', false, null],
      ['early', false, null],
      ['one-day', false, Date.parse('2026-03-03T12:00:00.000Z')],
      ['revoked', true, null],
    ]);
    expect(listed[0]?.createdMs).toBe(Date.parse('2026-03-02T12:00:00.000Z'));
    expect(JSON.stringify(listed)).not.toMatch(/nines_/);
    await expect(revokeToken({ db: server, clock, id: listed[3]?.id ?? '', actor: 'x' })).rejects.toThrow(
      /already revoked/,
    );
    await expect(revokeToken({ db: server, clock, id: 'nope', actor: 'x' })).rejects.toThrow(/no token nope/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/duration.ts';
import { createPagingApp, expectJson } from '../../testing/paging-fixtures.ts';
import { START, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

interface Token {
  id: string;
  name: string;
  scopes: string[];
  person: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  active: boolean;
  token?: string;
}

const admin = () => t.tokens.admin;
const create = (body: unknown, token = admin()) => t.call('POST', '/api/v1/tokens', { token, body });

describe('tokens API', () => {
  it('creates a token that works at once, lists it without its secret, and revokes it (audited)', async () => {
    const expiresAt = new Date(Date.parse(START) + 90 * DAY_MS).toISOString();
    const created = await expectJson<Token>(
      await create({ name: 'ana laptop', scopes: ['read', 'write', 'read'], expiresAt, person: 'alice' }),
      201,
    );
    expect(created).toMatchObject({
      name: 'ana laptop',
      scopes: ['read', 'write'],
      person: 'alice',
      createdAt: START,
      expiresAt,
      revokedAt: null,
      active: true,
    });
    expect(created.token).toMatch(/^nines_/);
    const token = created.token as string;
    expect((await t.call('GET', '/api/v1/slos', { token })).status).toBe(200);

    const listed = await expectJson<{ tokens: Token[] }>(
      await t.call('GET', '/api/v1/tokens', { token: admin() }),
      200,
    );
    expect(listed.tokens.map((x) => x.name)).toContain('ana laptop');
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.tokens.every((x) => x.token === undefined)).toBe(true);

    const revoked = await expectJson<Token>(
      await t.call('DELETE', `/api/v1/tokens/${created.id}`, { token: admin() }),
      200,
    );
    expect(revoked).toMatchObject({ id: created.id, revokedAt: START, active: false });
    expect((await t.call('GET', '/api/v1/slos', { token })).status).toBe(401);
    expect((await t.call('DELETE', `/api/v1/tokens/${created.id}`, { token: admin() })).status).toBe(409);
    expect((await t.call('DELETE', '/api/v1/tokens/nope', { token: admin() })).status).toBe(404);

    const audit = await t.db.query<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY id',
      [created.id],
    );
    expect(audit).toEqual([
      { action: 'token.create', actor: 'admin-token' },
      { action: 'token.revoke', actor: 'admin-token' },
    ]);
  });

  it('refuses bad input with 400 and stores nothing; needs the admin scope', async () => {
    const before = await t.db.query('SELECT id FROM api_tokens');
    const refusals = [
      [{ name: 'x', scopes: ['root'] }, 'scopes.0'],
      [{ name: '', scopes: ['read'] }, 'name'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['read'], person: 'mallory' }, 'person'],
      [{ name: 'x', scopes: ['read'], expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ name: 'x', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ] as const;
    for (const [body, path] of refusals) {
      const answer = await expectJson<{ error: { code: string; details?: Array<{ path: string }> } }>(
        await create(body),
        400,
      );
      expect(answer.error.code).toBe('invalid_input');
      expect(answer.error.details?.map((d) => d.path)).toContain(path);
    }
    expect(await t.db.query('SELECT id FROM api_tokens')).toEqual(before);
    expect((await create({ name: 'x', scopes: ['read'] }, t.tokens.write)).status).toBe(403);
    expect((await t.call('GET', '/api/v1/tokens', { token: t.tokens.write })).status).toBe(403);
  });

  it("says who a token acts as, and records a Person's token's actions as that Person", async () => {
    const plain = await expectJson<{ actor: string; person: string | null }>(
      await t.call('GET', '/api/v1/me', { token: t.tokens.write }),
      200,
    );
    expect(plain).toMatchObject({
      name: 'write-token',
      person: null,
      actor: 'write-token',
      scopes: ['write'],
    });

    const created = await expectJson<Token>(
      await create({ name: 'alice console', scopes: ['write'], person: 'alice' }),
      201,
    );
    const token = created.token as string;
    expect(await expectJson(await t.call('GET', '/api/v1/me', { token }), 200)).toEqual({
      id: created.id,
      name: 'alice console',
      scopes: ['write'],
      person: 'alice',
      actor: 'alice',
    });

    const silence = await expectJson<{ id: string; createdBy: string }>(
      await t.call('POST', '/api/v1/silences', {
        token,
        body: { matchers: ['service="orders"'], duration: '1h', comment: 'maintenance' },
      }),
      201,
    );
    expect(silence.createdBy).toBe('alice');
    expect((await t.call('GET', '/api/v1/me', { token: null })).status).toBe(401);
  });
});

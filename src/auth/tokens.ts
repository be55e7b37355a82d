import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { NinesError } from '../core/errors.ts';
import { newId, sha256Hex } from '../core/ids.ts';
import { appendAudit, type Db, sqlFor } from '../storage/index.ts';

export const scopes = ['read', 'write', 'admin'] as const;
export type Scope = (typeof scopes)[number];

/** Scopes nest: admin may do what write may, write what read may. */
const rank: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.some((scope) => rank[scope] >= rank[needed]);
}

export function parseScopes(text: string): Scope[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((s) => !(scopes as readonly string[]).includes(s));
  if (list.length === 0 || bad.length > 0) {
    throw new NinesError(
      'invalid_input',
      `scopes must be a comma-separated list of ${scopes.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`,
    );
  }
  return [...new Set(list)] as Scope[];
}

export interface TokenIdentity {
  id: string;
  name: string;
  scopes: Scope[];
}

/** Creates a token; the secret is returned once and only its SHA-256 is stored. */
export async function createToken(options: {
  db: Db;
  clock: Clock;
  name: string;
  scopes: Scope[];
}): Promise<TokenIdentity & { token: string }> {
  const id = newId(8);
  const token = `nines_${randomBytes(32).toString('base64url')}`;
  await options.db.transaction(async (tx) => {
    await tx.query(
      sqlFor(tx, {
        postgres:
          'INSERT INTO api_tokens (id, name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0))',
        sqlite:
          "INSERT INTO api_tokens (id, name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, strftime('%Y-%m-%dT%H:%M:%fZ', $5 / 1000.0, 'unixepoch'))",
      }),
      [id, options.name, sha256Hex(token), options.scopes, options.clock.now()],
    );
    await appendAudit(tx, {
      nowMs: options.clock.now(),
      actor: 'cli',
      action: 'token.create',
      target: id,
      details: { name: options.name, scopes: options.scopes },
    });
  });
  return { id, name: options.name, scopes: options.scopes, token };
}

/** Cache lifetime of a verified token: a revocation takes effect within this time. */
const CACHE_MS = 30_000;

/** Verifies bearer tokens against storage, remembering answers briefly so ingestion is not one query per call. */
export function createTokenVerifier(db: Db, clock: Clock) {
  const cache = new Map<string, { identity: TokenIdentity | undefined; untilMs: number }>();
  return async function verify(token: string): Promise<TokenIdentity | undefined> {
    const hash = sha256Hex(token);
    const hit = cache.get(hash);
    if (hit && hit.untilMs > clock.now()) return hit.identity;
    const [row] = await db.query<{ id: string; name: string; scopes: Scope[] }>(
      'SELECT id, name, scopes FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const identity = row ? { id: row.id, name: row.name, scopes: row.scopes } : undefined;
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { identity, untilMs: clock.now() + CACHE_MS });
    return identity;
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

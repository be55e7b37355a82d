import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { NinesError } from '../core/errors.ts';
import { newId, sha256Hex } from '../core/ids.ts';
import { appendAudit, type Db, type Queryable, sqlFor } from '../storage/index.ts';

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
  /** The configured Person it belongs to, if any: what the token does is recorded as theirs. */
  person: string | null;
}

/** Who an action is recorded as: the token's Person when it has one, else the token's name. */
export function actorOf(identity: TokenIdentity): string {
  return identity.person ?? identity.name;
}

/** A stored token as listed: never its secret, nor its hash. */
export interface TokenInfo extends TokenIdentity {
  createdMs: number;
  expiresMs: number | null;
  revokedMs: number | null;
}

/** Creates a token; the secret is returned once and only its SHA-256 is stored. Audited. */
export async function createToken(options: {
  db: Db;
  clock: Clock;
  name: string;
  scopes: Scope[];
  /** Epoch ms after which the token is refused; none when absent. */
  expiresMs?: number;
  /** A configured Person the token belongs to (the caller checks it against the model). */
  person?: string;
  /** Who asked, for the audit log (`cli` when absent). */
  actor?: string;
}): Promise<TokenInfo & { token: string }> {
  const id = newId(8);
  const token = `nines_${randomBytes(32).toString('base64url')}`;
  const nowMs = options.clock.now();
  const expiresMs = options.expiresMs ?? null;
  const person = options.person ?? null;
  if (expiresMs !== null && expiresMs <= nowMs) {
    throw new NinesError('invalid_input', 'the expiry must be in the future', [
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
  }
  await options.db.transaction(async (tx) => {
    await tx.query(
      sqlFor(tx, {
        postgres:
          'INSERT INTO api_tokens (id, name, token_hash, scopes, created_at, expires_ms, person) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0), $6, $7)',
        sqlite:
          "INSERT INTO api_tokens (id, name, token_hash, scopes, created_at, expires_ms, person) VALUES ($1, $2, $3, $4, strftime('%Y-%m-%dT%H:%M:%fZ', $5 / 1000.0, 'unixepoch'), $6, $7)",
      }),
      [id, options.name, sha256Hex(token), options.scopes, nowMs, expiresMs, person],
    );
    await appendAudit(tx, {
      nowMs,
      actor: options.actor ?? 'cli',
      action: 'token.create',
      target: id,
      details: { name: options.name, scopes: options.scopes, expiresMs, person },
    });
  });
  return {
    id,
    name: options.name,
    scopes: options.scopes,
    person,
    createdMs: nowMs,
    expiresMs,
    revokedMs: null,
    token,
  };
}

interface TokenRow {
  id: string;
  name: string;
  scopes: Scope[];
  person: string | null;
  created_ms: number;
  expires_ms: number | null;
  revoked_ms: number | null;
}

const selectTokens = {
  postgres:
    "SELECT id, name, scopes, person, expires_ms, (date_part('epoch', created_at) * 1000)::bigint AS created_ms, (date_part('epoch', revoked_at) * 1000)::bigint AS revoked_ms FROM api_tokens",
  sqlite:
    "SELECT id, name, scopes, person, expires_ms, CAST(round(unixepoch(created_at, 'subsec') * 1000) AS INTEGER) AS created_ms, CAST(round(unixepoch(revoked_at, 'subsec') * 1000) AS INTEGER) AS revoked_ms FROM api_tokens",
};

function infoOf(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    person: row.person,
    createdMs: Number(row.created_ms),
    expiresMs: row.expires_ms === null ? null : Number(row.expires_ms),
    revokedMs: row.revoked_ms === null ? null : Number(row.revoked_ms),
  };
}

/** Every token, oldest first, revoked and expired ones included (they say so). */
export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  const rows = await db.query<TokenRow>(`${sqlFor(db, selectTokens)} ORDER BY created_at, id`);
  return rows.map(infoOf);
}

/** Revokes a token at once: the next request that carries it is refused. Audited. */
export async function revokeToken(options: {
  db: Db;
  clock: Clock;
  id: string;
  actor: string;
}): Promise<TokenInfo> {
  const nowMs = options.clock.now();
  return options.db.transaction(async (tx) => {
    const [row] = await tx.query<TokenRow>(`${sqlFor(tx, selectTokens)} WHERE id = $1 FOR UPDATE`, [
      options.id,
    ]);
    if (!row) throw new NinesError('not_found', `no token ${options.id}`);
    if (row.revoked_ms !== null) {
      throw new NinesError(
        'conflict',
        `token ${options.id} was already revoked at ${new Date(Number(row.revoked_ms)).toISOString()}`,
      );
    }
    await tx.query(
      sqlFor(tx, {
        postgres: 'UPDATE api_tokens SET revoked_at = to_timestamp($2 / 1000.0) WHERE id = $1',
        sqlite:
          "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', $2 / 1000.0, 'unixepoch') WHERE id = $1",
      }),
      [options.id, nowMs],
    );
    await appendAudit(tx, {
      nowMs,
      actor: options.actor,
      action: 'token.revoke',
      target: options.id,
      details: { name: row.name },
    });
    return { ...infoOf(row), revokedMs: nowMs };
  });
}

/**
 * Verifies bearer tokens against storage, on every call: tokens are created and revoked by other
 * processes too (`nines token create` beside a running server, another node on the same PostgreSQL),
 * and an in-memory copy would answer 401 to a new token or keep accepting a revoked one. The lookup is
 * one indexed read (the hash is UNIQUE).
 */
export function createTokenVerifier(db: Queryable, clock: Clock) {
  return async function verify(token: string): Promise<TokenIdentity | undefined> {
    const [row] = await db.query<{ id: string; name: string; scopes: Scope[]; person: string | null }>(
      'SELECT id, name, scopes, person FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_ms IS NULL OR expires_ms > $2)',
      [sha256Hex(token), clock.now()],
    );
    return row ? { id: row.id, name: row.name, scopes: row.scopes, person: row.person ?? null } : undefined;
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

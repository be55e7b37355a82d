import type { MiddlewareHandler } from 'hono';
import { grants, type Scope, type TokenVerifier } from '../auth/index.ts';
import { NinesError } from '../core/errors.ts';
import type { AppEnv } from './deps.ts';

const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Requires a valid bearer token holding at least `read`; the identity is then `c.get('identity')`. */
export function authenticate(verifyToken: TokenVerifier): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1];
    if (token === undefined) {
      throw new NinesError('unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
    }
    const identity = await verifyToken(token);
    if (!identity) throw new NinesError('unauthenticated', 'the API token is unknown or revoked');
    c.set('identity', identity);
    assertScope(identity.scopes, 'read', identity.name);
    await next();
  };
}

/** Requires the authenticated token to hold `scope` (admin ⊇ write ⊇ read). */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const identity = c.get('identity');
    assertScope(identity.scopes, scope, identity.name);
    await next();
  };
}

function assertScope(held: readonly Scope[], needed: Scope, tokenName: string): void {
  if (!grants(held, needed)) {
    throw new NinesError('forbidden', `token "${tokenName}" lacks the "${needed}" scope`);
  }
}

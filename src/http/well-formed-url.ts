import type { MiddlewareHandler } from 'hono';
import { NinesError } from '../core/errors.ts';
import { illFormedText } from '../core/well-formed.ts';
import type { AppEnv } from './deps.ts';

function decoded(text: string, where: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw new NinesError('invalid_input', `${where} is not valid percent-encoded UTF-8`, [
      { path: where, message: 'is not valid percent-encoded UTF-8' },
    ]);
  }
}

/**
 * Refuses, for every route in one place, an API path segment or a query parameter (name or value) holding text
 * no engine can store: U+0000 or an unpaired surrogate (`%00`, `%ED%A0%80`), or percent-encoding that is
 * not UTF-8. Routes would otherwise look such names up and reach the database with them.
 */
export function wellFormedUrl(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = c.req.url;
    const queryAt = url.indexOf('?');
    const pathname = new URL(url).pathname;
    // Under /api/ path segments name things looked up in storage. The pages outside it answer in HTML and
    // check their own path: an ack link's token is verified (HMAC) before anything is looked up.
    const segments = pathname.startsWith('/api/') ? pathname.split('/') : [];
    for (const segment of segments) {
      if (!segment.includes('%')) continue;
      const problem = illFormedText(decoded(segment, 'the path'));
      if (problem) {
        throw new NinesError('invalid_input', `the path ${problem}`, [{ path: 'path', message: problem }]);
      }
    }
    if (queryAt >= 0) {
      for (const pair of url
        .slice(queryAt + 1)
        .split('#')[0]
        ?.split('&') ?? []) {
        if (pair === '') continue;
        const [rawName = '', ...rest] = pair.split('=');
        const name = decoded(rawName, 'a query parameter name');
        const problem =
          illFormedText(name) ?? illFormedText(decoded(rest.join('='), `query parameter "${name}"`));
        if (problem) {
          const shown = JSON.stringify(name).slice(1, -1);
          throw new NinesError('invalid_input', `query parameter "${shown}" ${problem}`, [
            { path: shown, message: problem },
          ]);
        }
      }
    }
    await next();
  };
}

import { afterAll, beforeAll, vi } from 'vitest';
import { main } from '../cli/main.ts';
import type { TestApp } from './test-app.ts';

/**
 * For CLI tests against the in-memory app: fetch is routed to `app.request`, so commands run exactly as
 * against a server, without a socket. Returns `nines(argv, token?)`, which runs the CLI with the write
 * token in NINES_TOKEN (`null`: no token at all), and `app()` for the test app.
 */
export function cliAgainstTestApp(create: () => Promise<TestApp>) {
  let t: TestApp | undefined;
  beforeAll(async () => {
    const app = await create();
    t = app;
    vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) =>
      app.app.request(input instanceof Request ? input : String(input), init),
    );
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await t?.close();
  });
  const app = (): TestApp => {
    if (!t) throw new Error('the test app is not created yet');
    return t;
  };
  async function nines(argv: string[], token?: string | null) {
    const out: string[] = [];
    const err: string[] = [];
    const bearer = token === undefined ? app().tokens.write : token;
    const env = { NINES_SERVER: 'http://127.0.0.1:8080', NINES_TOKEN: bearer ?? undefined };
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  return { nines, app };
}

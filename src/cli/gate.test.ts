import { expect, it } from 'vitest';
import { EXIT_USAGE } from './command.ts';
import { main } from './main.ts';

it('nines gate check exits 2 when the server cannot be reached (a pipeline tells it from a block)', async () => {
  const err: string[] = [];
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  const code = await main(['gate', 'check', 'orders'], {
    out: () => {},
    err: (line) => err.push(line),
    env: { NINES_SERVER: 'http://127.0.0.1:9', NINES_TOKEN: 'nines_x' },
  });
  expect(code).toBe(EXIT_USAGE);
  expect(err.join('\n')).toContain('cannot reach http://127.0.0.1:9');
});

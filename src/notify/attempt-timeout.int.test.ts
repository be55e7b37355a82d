import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const httpPost = fileURLToPath(new URL('./http-post.ts', import.meta.url));

// 30 POSTs to a receiver that accepts the connection and never answers, each with a 300 ms timeout,
// while the garbage collector runs every 20 ms. The child reports how many attempts ended and why; it
// gives up waiting after 5 s, so a hung attempt shows as a missing answer instead of a stuck test.
const child = `
import { createServer } from 'node:http';
const { postJson } = await import(${JSON.stringify(httpPost)});
const server = createServer(() => {});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = 'http://127.0.0.1:' + server.address().port + '/hook';
const reasons = [];
const attempts = Array.from({ length: 30 }, () =>
  postJson({ url, body: '{}', headers: {}, signal: new AbortController().signal, timeoutMs: 300, secretValues: [], fetch })
    .then(() => reasons.push('sent'), (error) => reasons.push(error.message)));
const collect = setInterval(() => globalThis.gc(), 20);
await Promise.race([Promise.all(attempts), new Promise((resolve) => setTimeout(resolve, 5000))]);
clearInterval(collect);
process.stdout.write(JSON.stringify(reasons));
server.closeAllConnections();
process.exit(0);
`;

describe('the per-attempt timeout', () => {
  it('attempts to a hung receiver hung past their timeout after a garbage collection', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', child],
      { timeout: 30_000 },
    );
    const reasons = JSON.parse(stdout) as string[];
    expect(reasons).toEqual(Array.from({ length: 30 }, () => 'timed out after 300 ms'));
  });
});

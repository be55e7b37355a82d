import { beforeAll, describe, expect, it } from 'vitest';
import { cliAgainstTestApp } from '../testing/cli-harness.ts';
import { createPagingApp } from '../testing/paging-fixtures.ts';
import { START, type TestApp } from '../testing/test-app.ts';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './command.ts';

const harness = cliAgainstTestApp(createPagingApp);
const { nines } = harness;
let t: TestApp;
beforeAll(() => {
  t = harness.app();
});

describe('nines deploy', () => {
  it('starts a deploy (printing only its id, for scripts) and finishes it', async () => {
    const started = await nines([
      'deploy',
      'start',
      'orders',
      'v7',
      '--commit',
      'abc1234@2026-03-02T11:00:00Z',
      '--commit',
      `def5678@${Date.parse('2026-03-02T11:30:00Z')}`,
      '--strategy',
      'canary',
    ]);
    expect(started.code).toBe(EXIT_OK);
    expect(started.out).toMatch(/^\d+$/);
    const id = Number(started.out);
    const [row] = await t.db.query<{ service: string; strategy: string; first_commit_ms: number }>(
      'SELECT service, strategy, first_commit_ms FROM deploys WHERE id = $1',
      [id],
    );
    expect(row).toEqual({
      service: 'orders',
      strategy: 'canary',
      first_commit_ms: Date.parse('2026-03-02T11:00:00Z'),
    });

    const finished = await nines(['deploy', 'finish', String(id), '--outcome', 'rolled_back']);
    expect(finished).toMatchObject({ code: EXIT_OK, out: `deploy ${id}: orders v7 rolled_back at ${START}` });
    const twice = await nines(['deploy', 'finish', String(id), '--outcome', 'succeeded']);
    expect(twice.code).toBe(EXIT_PROBLEM);
    expect(twice.err).toContain('already ended: rolled_back');
  });

  it('exits 2 on wrong usage and 1 with the server’s reason on a refusal', async () => {
    expect((await nines(['deploy', 'start', 'orders'])).code).toBe(EXIT_USAGE);
    const badCommit = await nines(['deploy', 'start', 'orders', 'v1', '--commit', 'abc1234']);
    expect(badCommit.code).toBe(EXIT_USAGE);
    expect(badCommit.err).toContain('--commit must be SHA@TIME');
    expect((await nines(['deploy', 'finish', '1'])).code).toBe(EXIT_USAGE);
    const unknown = await nines(['deploy', 'start', 'nope', 'v1']);
    expect(unknown.code).toBe(EXIT_PROBLEM);
    expect(unknown.err).toContain('no service "nope" in the catalog');
  });
});

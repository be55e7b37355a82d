import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../specs/index.ts';
import { cliAgainstTestApp } from '../testing/cli-harness.ts';
import { pagingModel } from '../testing/paging-fixtures.ts';
import { rolloutPlan } from '../testing/rollout-fixtures.ts';
import { createTestApp, START, type TestApp } from '../testing/test-app.ts';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './command.ts';

function model(): Model {
  const startMs = Date.parse(START);
  return {
    ...pagingModel(),
    rolloutPlans: [rolloutPlan('progressive', { services: ['orders', 'search'] })],
    freezeWindows: [
      {
        name: 'search-freeze',
        services: ['search'],
        teams: [],
        windows: [{ kind: 'once', startMs: startMs - 60_000, endMs: startMs + 3_600_000 }],
        allow: ['security'],
        decision: 'block',
        origin: 'nines',
        source: { file: 'freeze.yaml', line: 1, col: 1 },
      },
    ],
  };
}

const harness = cliAgainstTestApp(() => createTestApp({ model: model() }));
const { nines } = harness;
let t: TestApp;
beforeAll(() => {
  t = harness.app();
});

describe('nines deploy start --rollout, nines rollout', () => {
  it('starts a rollout (the deploy id alone on stdout), shows it, and aborts it', async () => {
    const started = await nines(['deploy', 'start', 'orders', 'v9', '--rollout', 'progressive']);
    expect(started.code).toBe(EXIT_OK);
    expect(started.out).toMatch(/^\d+$/);
    const [row] = await t.db.query<{ id: number }>('SELECT id FROM rollouts WHERE deploy_id = $1', [
      Number(started.out),
    ]);
    const id = row?.id as number;
    expect(started.err).toBe(`rollout ${id}: progressive, step 1 of 3 (10%)`);

    const status = await nines(['rollout', 'status', String(id)]);
    expect(status.code).toBe(EXIT_OK);
    expect(status.out.split('\n')).toEqual([
      `rollout ${id} of deploy ${started.out} (orders, plan progressive): running, act at step 1 (10%)`,
      '  step 1 10%: pending',
      '  step 2 50%: pending',
      '  step 3 100%: pending',
    ]);

    expect((await nines(['rollout', 'abort', String(id)])).code).toBe(EXIT_USAGE);
    const aborted = await nines(['rollout', 'abort', String(id), '--reason', 'wrong version']);
    expect(aborted.code).toBe(EXIT_OK);
    expect(aborted.out).toContain('running, rollback at step 1 (10%)');
    expect(aborted.out).toContain('failure: aborted by write-token: wrong version');
    const again = await nines(['rollout', 'abort', String(id), '--reason', 'again']);
    expect(again.code).toBe(EXIT_PROBLEM);
    expect(again.err).toContain('already rolling back');
  });

  it('exits 1 with the gate’s reasons when it blocks, and 2 for --change without --rollout', async () => {
    const blocked = await nines(['deploy', 'start', 'search', 'v9', '--rollout', 'progressive']);
    expect(blocked.code).toBe(EXIT_PROBLEM);
    expect(blocked.err).toContain('the deploy gate blocks this feature change to search');
    expect(blocked.err).toContain('freeze:search-freeze');
    const security = await nines([
      'deploy',
      'start',
      'search',
      'v9',
      '--rollout',
      'progressive',
      '--change',
      'security',
    ]);
    expect(security.code).toBe(EXIT_OK);
    expect((await nines(['deploy', 'start', 'orders', 'v9', '--change', 'security'])).code).toBe(EXIT_USAGE);
    const unknown = await nines(['rollout', 'status', '999']);
    expect(unknown.code).toBe(EXIT_PROBLEM);
    expect(unknown.err).toContain('no rollout 999');
  });
});

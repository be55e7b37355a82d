import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/duration.ts';
import { ingestAlerts } from '../paging/index.ts';
import { cliAgainstTestApp } from '../testing/cli-harness.ts';
import { createPagingApp, firingAlert } from '../testing/paging-fixtures.ts';
import { START, type TestApp } from '../testing/test-app.ts';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './command.ts';

// The page, oncall, silence and override commands against the in-memory app.

const harness = cliAgainstTestApp(createPagingApp);
const { nines } = harness;
let t: TestApp;
beforeAll(() => {
  t = harness.app();
});

async function openPage(fingerprint: string): Promise<number> {
  const [outcome] = await ingestAlerts({ ctx: t.ctx, alerts: [firingAlert(fingerprint)] });
  if (outcome?.outcome !== 'paged') throw new Error(`expected a page, got ${JSON.stringify(outcome)}`);
  return outcome.pageId;
}

describe('nines page', () => {
  it('lists, shows, acknowledges, snoozes, reassigns and resolves', async () => {
    const id = await openPage('cli-1');
    const listed = await nines(['page', 'list', '--status', 'triggered']);
    expect(listed.code).toBe(EXIT_OK);
    expect(listed.out).toMatch(
      new RegExp(`^${id}\\s+triggered\\s+P1\\s+orders\\s+${START}\\s+orders errors \\(cli-1\\)$`, 'm'),
    );
    const json = JSON.parse((await nines(['page', 'list', '--json'])).out) as {
      pages: Array<{ id: number }>;
    };
    expect(json.pages.map((p) => p.id)).toContain(id);
    const shown = await nines(['page', 'show', String(id)]);
    expect(shown.out).toContain(`Page ${id}: orders errors (cli-1)`);
    expect(shown.out).toContain('firing       alertmanager:cli-1');

    expect(await nines(['page', 'ack', String(id)])).toMatchObject({
      code: EXIT_OK,
      out: `page ${id} is acknowledged`,
    });
    const snoozed = await nines(['page', 'snooze', String(id), '--for', '30m']);
    expect(snoozed.out).toBe(
      `page ${id} is acknowledged, snoozed until ${new Date(Date.parse(START) + 1_800_000).toISOString()}`,
    );
    const reassigned = await nines(['page', 'reassign', String(id), '--to', 'bob']);
    expect(reassigned.out).toBe(`page ${id} is triggered, assigned to bob`);
    expect((await nines(['page', 'resolve', String(id)])).out).toBe(
      `page ${id} is resolved, assigned to bob`,
    );
  });

  it('exits 1 with the server’s reason on a refused action and 2 on wrong usage', async () => {
    const id = await openPage('cli-2');
    await nines(['page', 'resolve', String(id)]);
    const twice = await nines(['page', 'resolve', String(id)]);
    expect(twice.code).toBe(EXIT_PROBLEM);
    expect(twice.err).toContain('answered 409');
    expect((await nines(['page', 'snooze', String(id)])).code).toBe(EXIT_USAGE);
    expect((await nines(['page', 'ack'])).code).toBe(EXIT_USAGE);
    const noToken = await nines(['page', 'list'], null);
    expect(noToken.code).toBe(EXIT_USAGE);
    expect(noToken.err).toContain('a token is needed');
  });
});

describe('nines oncall and nines override', () => {
  it('shows who is on call, changed by an override', async () => {
    const before = await nines(['oncall']);
    expect(before.out).toMatch(/^commerce-primary\s+alice\s+weekly\s+2026-03-09T09:00:00.000Z$/m);
    const end = new Date(Date.parse(START) + HOUR_MS).toISOString();
    const created = await nines([
      'override',
      'create',
      'commerce-primary',
      '--person',
      'bob',
      '--start',
      START,
      '--end',
      end,
    ]);
    expect(created.code).toBe(EXIT_OK);
    expect(created.out).toMatch(/^override \S+: bob covers commerce-primary from /);
    const after = JSON.parse((await nines(['oncall', '--json'])).out) as {
      oncall: Array<{ person: string }>;
    };
    expect(after.oncall[0]).toMatchObject({ person: 'bob', layer: 'override', until: end });
    const later = await nines(['oncall', '--at', '2026-03-10T00:00:00Z']);
    expect(later.out).toMatch(/^commerce-primary\s+bob\s+weekly/m);
    expect((await nines(['override', 'create', 'commerce-primary', '--person', 'bob'])).code).toBe(
      EXIT_USAGE,
    );
  });
});

describe('nines silence', () => {
  it('creates, lists and expires a silence', async () => {
    const created = await nines([
      'silence',
      'create',
      '--match',
      'service="orders"',
      '--match',
      'env="prod"',
      '--for',
      '2h',
      '--comment',
      'deploy',
    ]);
    expect(created.code).toBe(EXIT_OK);
    const id = /^silence (\S+):/.exec(created.out)?.[1] as string;
    expect(created.out).toBe(`silence ${id}: service="orders", env="prod" until 2026-03-02T14:00:00.000Z`);
    const listed = await nines(['silence', 'list']);
    expect(listed.out).toMatch(new RegExp(`^${id}\\s+api\\s+yes\\s+service="orders", env="prod"`, 'm'));
    expect(listed.out).toMatch(/^search-maintenance\s+config\s+yes/m);
    expect((await nines(['silence', 'expire', id])).out).toBe(`silence ${id} ended at ${START}`);
    const config = await nines(['silence', 'expire', 'search-maintenance']);
    expect(config.code).toBe(EXIT_PROBLEM);
    expect(config.err).toContain('defined in config');
    expect((await nines(['silence', 'create', '--for', '1h', '--comment', 'x'])).code).toBe(EXIT_USAGE);
  });
});

import { describe, expect, it } from 'vitest';
import { draftPostmortem } from '../postmortems/index.ts';
import { cliAgainstTestApp } from '../testing/cli-harness.ts';
import { createPagingApp } from '../testing/paging-fixtures.ts';
import { EXIT_OK, EXIT_USAGE } from './command.ts';

// The incident commands against the in-memory app.

const { nines } = cliAgainstTestApp(async () => {
  const t = await createPagingApp();
  t.ctx.hooks = {
    incidentResolved: (tx, incidentId) => draftPostmortem({ ctx: t.ctx, incidentId, tx }).then(() => {}),
  };
  return t;
});

describe('nines incident', () => {
  it('declares, assigns, notes, updates, reclassifies, resolves and shows the timeline', async () => {
    const declared = await nines([
      'incident',
      'declare',
      '--sev',
      '2',
      '--service',
      'payments-api',
      'Card payments failing',
    ]);
    expect(declared.code).toBe(EXIT_OK);
    const id = /^incident (\d+) /.exec(declared.out)?.[1] as string;
    expect(declared.out).toBe(
      `incident ${id} [SEV2 investigating] Card payments failing (services: payments-api)\n  blast radius: checkout, search`,
    );
    expect((await nines(['incident', 'role', id, 'commander', 'alice'])).code).toBe(EXIT_OK);
    expect((await nines(['incident', 'note', id, 'issuer timeouts since 12:00'])).code).toBe(EXIT_OK);
    const updated = await nines([
      'incident',
      'update',
      id,
      'Identified: issuer outage',
      '--status',
      'identified',
    ]);
    expect(updated.out).toBe(
      `incident ${id} [SEV2 identified] Card payments failing (services: payments-api)`,
    );
    expect((await nines(['incident', 'sev', id, '1', '--reason', 'all cards fail'])).out).toMatch(
      /\[SEV1 identified\]/,
    );
    expect((await nines(['incident', 'status', id, 'resolved'])).out).toMatch(/\[SEV1 resolved\]/);

    const again = await nines(['incident', 'status', id, 'resolved']);
    expect(again.code).not.toBe(EXIT_OK);
    expect(again.err).toMatch(/already resolved/);

    const shown = await nines(['incident', 'show', id]);
    expect(shown.out).toContain('roles: commander: alice');
    for (const line of [
      'declared',
      'role_assigned',
      'note                   write-token  issuer timeouts since 12:00',
      'status_update          write-token  Identified: issuer outage',
      'severity_changed',
    ]) {
      expect(shown.out).toContain(line);
    }
    const listed = await nines(['incident', 'list', '--status', 'resolved']);
    expect(listed.out).toMatch(new RegExp(`^${id}\\s+SEV1\\s+resolved\\s+payments-api\\s`, 'm'));
  });

  it('finds the drafted postmortem, prints it as Markdown and tracks its action items', async () => {
    const declared = await nines([
      'incident',
      'declare',
      '--sev',
      '2',
      '--service',
      'search',
      'Search times out',
    ]);
    const incident = /^incident (\d+) /.exec(declared.out)?.[1] as string;
    await nines(['incident', 'role', incident, 'commander', 'bob']);
    await nines(['incident', 'status', incident, 'resolved']);

    const found = await nines(['postmortem', 'list', '--service', 'search', '--text', 'times out']);
    const row = new RegExp(`^(\\d+)\\s+${incident}\\s+draft\\s+yes\\s+search\\s+Search times out$`, 'm').exec(
      found.out,
    );
    expect(row, found.out).not.toBeNull();
    const postmortem = row?.[1] as string;
    const markdown = await nines(['postmortem', 'show', postmortem]);
    expect(markdown.out).toContain('# Postmortem: Search times out');
    expect(markdown.out).toContain('- **Severity:** SEV2');
    expect(markdown.out).toContain('- **IC:** bob');

    const added = await nines([
      'action-item',
      'add',
      postmortem,
      'Add a timeout budget to search calls',
      '--owner',
      'alice',
      '--due',
      '2026-03-20',
      '--priority',
      'P1',
    ]);
    const item = /^action item (\d+) /.exec(added.out)?.[1] as string;
    expect(added.out).toBe(
      `action item ${item} [P1 open] Add a timeout budget to search calls (owner alice, due 2026-03-20)`,
    );
    const team = await nines([
      'action-item',
      'add',
      postmortem,
      'x',
      '--owner',
      'commerce',
      '--due',
      '2026-03-20',
      '--priority',
      'P2',
    ]);
    expect(team.code).not.toBe(EXIT_OK);
    expect(team.err).toContain('one owner, a person, not a team');
    expect((await nines(['action-item', 'list', '--owner', 'alice'])).out).toMatch(
      new RegExp(
        `^${item}\\s+${postmortem}\\s+P1\\s+open\\s+alice\\s+2026-03-20\\s+Add a timeout budget`,
        'm',
      ),
    );
    expect((await nines(['action-item', 'status', item, 'done'])).out).toMatch(/\[P1 done\]/);
  });

  it('refuses a severity that is not 1 to 4 before calling the server', async () => {
    const bad = await nines(['incident', 'declare', '--sev', '5', 'x']);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.err).toContain('--sev must be 1, 2, 3 or 4');
  });
});

import { describe, expect, it } from 'vitest';
import { createPagingApp } from '../http/routes/paging-fixtures.ts';
import { cliAgainstTestApp } from './cli-harness.ts';
import { EXIT_OK, EXIT_USAGE } from './command.ts';

// The incident commands against the in-memory app.

const { nines } = cliAgainstTestApp(createPagingApp);

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

  it('refuses a severity that is not 1 to 4 before calling the server', async () => {
    const bad = await nines(['incident', 'declare', '--sev', '5', 'x']);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.err).toContain('--sev must be 1, 2, 3 or 4');
  });
});

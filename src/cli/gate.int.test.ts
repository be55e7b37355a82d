import { beforeAll, describe, expect, it } from 'vitest';
import { cliAgainstTestApp } from '../testing/cli-harness.ts';
import { createPagingApp, expectJson } from '../testing/paging-fixtures.ts';
import type { TestApp } from '../testing/test-app.ts';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './command.ts';

const harness = cliAgainstTestApp(createPagingApp);
const { nines } = harness;
let t: TestApp;
beforeAll(() => {
  t = harness.app();
});

describe('nines gate check', () => {
  it('exits 0 when the deploy may go, 1 with the reasons when blocked, 0 with them for a let-through fix', async () => {
    const go = await nines(['gate', 'check', 'orders']);
    expect(go).toMatchObject({ code: EXIT_OK, out: 'orders: allow (feature change)' });

    const incident = await expectJson<{ id: number }>(
      await t.call('POST', '/api/v1/incidents', {
        token: t.tokens.write,
        body: { title: 'orders down', severity: 'SEV2', services: ['orders'] },
      }),
      201,
    );
    const held = await nines(['gate', 'check', 'orders']);
    expect(held.code).toBe(EXIT_PROBLEM);
    expect(held.err).toBe(
      `orders: block (feature change)\n  block incident:${incident.id}: SEV2 incident ${incident.id} "orders down" is open on orders`,
    );
    const fix = await nines(['gate', 'check', 'orders', '--change', 'reliability']);
    expect(fix.code).toBe(EXIT_OK);
    expect(fix.out).toContain(`warn  incident:${incident.id}:`);
    expect(fix.out).toContain('a reliability change is let through');
  });

  it('exits 2 on wrong usage or an unknown service', async () => {
    expect((await nines(['gate', 'check'])).code).toBe(EXIT_USAGE);
    expect((await nines(['gate', 'check', 'orders', '--change', 'yolo'])).code).toBe(EXIT_USAGE);
    const unknown = await nines(['gate', 'check', 'nope']);
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.err).toContain('no service "nope" in the catalog');
  });
});

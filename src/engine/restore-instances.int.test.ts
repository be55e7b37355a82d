import { afterEach, describe, expect, it } from 'vitest';
import { emptyModel } from '../specs/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { restoreInstances } from './restore-instances.ts';
import { SloEngine } from './slo-engine.ts';
import { addSliBuckets } from './store.ts';

const NOW = Date.parse('2026-11-20T12:00:30Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

describe.each(await testEngines())('restoring instances on $name', (engine) => {
  it('gives every SLO its own history back, however many are restored together', async () => {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    // Eleven SLOs (more than one read's worth); SLO i had i + 1 failures a minute over its last 3 minutes,
    // plus one bucket 40 days ago that no 30-day window includes.
    const slos = Array.from({ length: 11 }, (_, i) => makeSlo({ name: `slo-${i}`, service: 'api' }));
    const points = slos.flatMap((slo, i) => [
      ...[1, 2, 3].map((m) => ({ slo: slo.name, timeMs: NOW - m * MINUTE, good: 99 - i, total: 100 })),
      { slo: slo.name, timeMs: NOW - 40 * DAY, good: 0, total: 1_000 },
    ]);
    await addSliBuckets(opened.db, points);
    const sloEngine = new SloEngine({ ...emptyModel(), slos });
    await restoreInstances({ db: opened.db, engine: sloEngine, slos, nowMs: NOW });
    const budgets = slos.map((slo) => sloEngine.instances.get(slo.name)?.series.budgetSum());
    expect(budgets).toEqual(slos.map((_, i) => ({ good: 3 * (99 - i), total: 300 })));
  });
});

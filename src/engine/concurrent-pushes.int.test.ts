import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { emptyModel } from '../specs/index.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { ingestSliEvents } from './ingest-events.ts';
import { restoreInstances } from './restore-instances.ts';
import { SloEngine } from './slo-engine.ts';

const NOW = Date.parse('2026-11-20T12:00:30Z');
const MINUTE = 60_000;
const SLOS = 12;
const BATCHES = 24;

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

/** Every SLO's event for three minutes, in an order that differs from batch to batch. */
function batchEvents(batch: number) {
  const events = [];
  for (let i = 0; i < SLOS; i++) {
    const slo = `slo-${(i * 7 + batch * 5) % SLOS}`;
    for (const ago of [3, 2, 1]) events.push({ slo, time: NOW - ago * MINUTE, good: 9, total: 10 });
  }
  return batch % 2 === 0 ? events : events.reverse();
}

describe.each(await testEngines())('concurrent pushes on $name', (engine) => {
  it('stores every batch of many SLOs when batches arrive at once (no deadlock between writers)', async () => {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const db = opened.db;
    const slos = Array.from({ length: SLOS }, (_, i) => makeSlo({ name: `slo-${i}`, service: 'svc' }));
    const sloEngine = new SloEngine({ ...emptyModel(), slos });
    await restoreInstances({ db, engine: sloEngine, slos, nowMs: NOW });
    const ctx = { db, clock: new FakeClock(NOW), logger: silentLogger, engine: sloEngine };

    const results = await Promise.allSettled(
      Array.from({ length: BATCHES }, (_, batch) =>
        ingestSliEvents({ ctx, input: { batchId: `b-${batch}`, events: batchEvents(batch) } }),
      ),
    );

    const refused = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    expect(refused).toEqual([]);
    // Each SLO gets 24 batches × 3 minutes × 10 events: 720 events, 648 of them good, 240 per minute row.
    const rows = await db.query<{ slo: string; good: number; total: number }>(
      'SELECT slo, sum(good) AS good, sum(total) AS total FROM sli_buckets GROUP BY slo ORDER BY slo',
    );
    expect(rows).toHaveLength(SLOS);
    for (const row of rows) expect([Number(row.good), Number(row.total)]).toEqual([648, 720]);
  });
});

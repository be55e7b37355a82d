import { afterEach, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../config/config.ts';
import { silentLogger } from '../core/logger.ts';
import { type NinesHandle, startNines } from '../main.ts';
import { waitFor, writeConfig } from '../testing/nines-process.ts';
import { ingestSliEvents } from './index.ts';

// A full outage pushed to Nines is evaluated when its data arrives, not at the next tick: with an
// evaluation interval of an hour, the catastrophic tier still pages within seconds.

const config = {
  'slo.yaml': `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: shop }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: checkout }
spec: { owner: shop }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: checkout-availability }
spec: { service: checkout, objective: 99.9, indicator: { events: {} } }
`,
};

const SLO = 'checkout-availability';

describe('early evaluation of near-total failure', () => {
  let nines: NinesHandle | undefined;
  afterEach(async () => {
    await nines?.close();
  });

  const start = async () => {
    nines = await startNines({
      config: resolveRuntimeConfig(
        { NINES_EVAL_INTERVAL: '1h' },
        { configDir: writeConfig(config), port: '0', host: '127.0.0.1', dataDir: 'memory://' },
      ),
      logger: silentLogger,
    });
    return nines;
  };
  const push = (n: NinesHandle, events: Array<{ ago: number; good: number; total: number }>) =>
    ingestSliEvents({
      ctx: n.ctx,
      input: {
        events: events.map((e) => ({
          slo: SLO,
          time: new Date(n.ctx.clock.now() - e.ago).toISOString(),
          good: e.good,
          total: e.total,
        })),
      },
    });
  /** Five healthy minutes at 100 requests a second, the last one ending now. */
  const healthyMinutes = Array.from({ length: 5 }, (_, i) => ({ ago: i * 60_000, good: 6000, total: 6000 }));
  const pageFiring = (n: NinesHandle) => n.ctx.engine.instances.get(SLO)?.alertState?.page.firing === true;

  it('pages a pushed full outage at once although the next tick is an hour away', async () => {
    const n = await start();
    // The first tick ran at start; the next is an hour away.
    await waitFor(
      async () => (n.ctx.engine.instances.get(SLO)?.alertState ? true : undefined),
      10_000,
      'first tick',
    );
    await push(n, healthyMinutes);
    expect(pageFiring(n)).toBe(false);
    // 30 s of total failure: 3,000 failed of 33,000 in 5 minutes is burn 91 (> 30), and the newest minute
    // fails 3,000 of 9,000 (33 %, above the 20 % near-total floor).
    await push(n, [{ ago: 0, good: 0, total: 3000 }]);
    await waitFor(async () => (pageFiring(n) ? true : undefined), 20_000, 'the catastrophic page');
    const state = n.ctx.engine.instances.get(SLO)?.alertState;
    expect(state?.page.firing).toBe(true);
  });

  it('evaluates nothing early for healthy data, or for a few failures in a healthy minute', async () => {
    const n = await start();
    await waitFor(
      async () => (n.ctx.engine.instances.get(SLO)?.alertState ? true : undefined),
      10_000,
      'first tick',
    );
    let woken = 0;
    n.ctx.wakeups.onWake('evaluate', () => woken++);
    await push(n, healthyMinutes);
    // Two failing requests in a healthy minute: the push itself fails entirely, but the minute fails 2 of
    // 6,002 (far below the 20 % floor) and the 5-minute burn is 2 / 30,002 / 0.001 = 0.07 (limit 30).
    await push(n, [{ ago: 0, good: 0, total: 2 }]);
    expect(woken).toBe(0);
    await push(n, [{ ago: 0, good: 0, total: 3000 }]);
    expect(woken).toBe(1);
  });
});

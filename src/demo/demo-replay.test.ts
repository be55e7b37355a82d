import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../core/duration.ts';
import { type AlertState, evaluateSlo, nextAlertState, SliSeries } from '../slo/index.ts';
import { loadConfigDir, type Slo } from '../specs/index.ts';
import { buildEvents } from './batch.ts';
import { historyBatches } from './prefill.ts';
import { createRng } from './rng.ts';
import { paymentPoolLeak, scheduleScenario } from './scenario.ts';

const demoDir = fileURLToPath(new URL('../../examples/demo', import.meta.url));
/** A Monday noon (no maintenance window), not on a minute boundary. */
const startMs = Date.parse('2026-03-02T12:00:20Z');
const leakMs = startMs + MINUTE_MS;
const tickMs = 5000;

interface PageChange {
  slo: string;
  state: 'firing' | 'resolved';
  minutesAfterLeak: number;
  reason: string | null;
}

/** Feeds the demo's history and 20 minutes of fleet traffic through the engine, evaluating every tick. */
function replay(slos: Slo[]): PageChange[] {
  const series = new Map(slos.map((slo) => [slo.name, new SliSeries({ slo, nowMs: startMs })]));
  const add = (events: { slo: string; time: number; good: number; total: number }[]) => {
    for (const e of events) series.get(e.slo)?.add(e.time, e.good, e.total);
  };
  add(historyBatches({ slos, untilMs: startMs }).flatMap((b) => b.events));
  const run = scheduleScenario(paymentPoolLeak(), startMs);
  const rng = createRng(1);
  const states = new Map<string, AlertState>();
  const changes: PageChange[] = [];
  for (let nowMs = startMs + tickMs; nowMs <= startMs + 20 * MINUTE_MS; nowMs += tickMs) {
    for (const s of series.values()) s.advance(nowMs);
    add(buildEvents({ slos, fromMs: nowMs - tickMs, toMs: nowMs, stepMs: tickMs, scenario: run, rng }));
    for (const slo of slos) {
      const evaluation = evaluateSlo({ slo, series: series.get(slo.name) as SliSeries, nowMs });
      const next = nextAlertState({
        prev: states.get(slo.name),
        evaluation,
        nowMs,
        noDataAfterMs: MINUTE_MS,
      });
      states.set(slo.name, next.state);
      for (const t of next.transitions.filter((t) => t.severity === 'page')) {
        changes.push({
          slo: slo.name,
          state: t.state,
          minutesAfterLeak: (nowMs - leakMs) / MINUTE_MS,
          reason: t.reason,
        });
      }
    }
  }
  return changes;
}

describe('the demo, replayed through the SLO engine', () => {
  let changes: PageChange[];
  beforeAll(async () => {
    const { model } = await loadConfigDir(demoDir);
    changes = replay(model.slos);
  });

  it('pages payment under a minute into the leak (catastrophic tier) and resolves it about five minutes after recovery', () => {
    const payment = changes.filter((c) => c.slo === 'payment-availability');
    expect(payment.map((c) => c.state)).toEqual(['firing', 'resolved']);
    // The catastrophic tier (5m burn > 30, newest minute >= 20 % failing) comes before the 1h/5m page
    // (0.98 min in, scenario.ts). The error ratio is 0.9·t: the 5m window needs 30·0.0005·5 = 0.075 bad
    // minutes, 0.45·t² >= 0.075 at t >= 0.41 min. The leak begins 20 s into a minute, so that minute
    // averages 0.45·t² / (t + 1/3) < 0.2 until it closes at t = 0.67; the next one averages
    // 0.9·0.71 = 0.64 at its first 5-s tick, t = 0.75.
    expect(payment[0]?.minutesAfterLeak).toBeCloseTo(0.75, 9);
    expect(payment[0]?.reason).toMatch(/^catastrophic tier: burn above 30x over 5m and 1m/);
    // Recovery is 6 min after the leak. The 5m window is five minute buckets, the newest one partial, so
    // the outage leaves it 4 to 5 minutes after recovery (4.96 by the continuous hand computation).
    expect(payment[1]?.minutesAfterLeak).toBeGreaterThanOrEqual(6 + 4);
    expect(payment[1]?.minutesAfterLeak).toBeLessThanOrEqual(6 + 5.1);
  });

  it('pages order within five minutes and resolves it minutes after recovery', () => {
    const order = changes.filter((c) => c.slo === 'order-availability');
    expect(order.map((c) => c.state)).toEqual(['firing', 'resolved']);
    // 3.38 min by hand; minute buckets move it by less than a minute.
    expect(order[0]?.minutesAfterLeak).toBeGreaterThanOrEqual(2.4);
    expect(order[0]?.minutesAfterLeak).toBeLessThanOrEqual(5);
    // Its 6h burn stays under 6 (4.98 by hand), so only the 5m window holds the page.
    expect(order[1]?.minutesAfterLeak).toBeLessThanOrEqual(6 + 5.1);
  });

  it('pages payment latency for its near-total outage, and nobody else', () => {
    const others = new Set(changes.map((c) => c.slo));
    // 95 % of payments slow at a 99 % objective is a near-total outage of that SLO: the catastrophic tier
    // pages it (5m burn reaches 0.95 / 0.01 = 95 > 30). The gateway's 3 % errors stay under the 20 %
    // near-total share, so it still only spends budget.
    expect([...others].sort()).toEqual(['order-availability', 'payment-availability', 'payment-latency']);
    const latency = changes.filter((c) => c.slo === 'payment-latency');
    expect(latency.map((c) => c.state)).toEqual(['firing', 'resolved']);
    expect(latency[0]?.reason).toMatch(/^catastrophic tier/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { evaluateSlo, freshTail } from '../slo/index.ts';
import type { Slo } from '../specs/index.ts';
import { openStorage } from '../storage/index.ts';
import { modelWithSlos } from '../testing/prometheus.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { evaluateSlos } from './evaluate-slos.ts';
import { restoreInstances } from './restore-instances.ts';
import { SloEngine, type SloInstance } from './slo-engine.ts';

const START = Date.parse('2026-11-29T23:50:17Z'); // ten minutes before a week (and a month) turns over
const MINUTE = 60_000;

const steps = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('add' as const),
      agoMs: fc.integer({ min: 0, max: 3 * MINUTE }),
      good: fc.integer({ min: 0, max: 500 }),
      bad: fc.integer({ min: 0, max: 500 }),
    }),
    fc.record({
      kind: fc.constant('tick' as const),
      afterMs: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 15_000 }),
        fc.integer({ min: 1, max: 600_000 }),
      ),
    }),
    fc.record({ kind: fc.constant('source' as const), error: fc.constantFrom(undefined, 'down', 'timeout') }),
    fc.record({ kind: fc.constant('tail' as const), on: fc.boolean() }),
  ),
  { maxLength: 40 },
);

const variants: Array<[string, Slo]> = [
  ['rolling 30 days', makeSlo()],
  [
    'a calendar week in Paris',
    makeSlo({ window: { kind: 'calendar', unit: 'week', timeZone: 'Europe/Paris' } }),
  ],
  [
    'two-minute time slices',
    makeSlo({ budgeting: { method: 'timeslices', sliceMs: 2 * MINUTE, sliceTarget: 0.95 } }),
  ],
];

/** `slo`'s one instance in an engine on an in-memory database at START, for `run`. */
async function withEngine(
  slo: Slo,
  run: (engine: { clock: FakeClock; ctx: EngineContext; instance: SloInstance }) => Promise<void>,
): Promise<void> {
  const db = await openStorage({});
  try {
    const clock = new FakeClock(START);
    const model = modelWithSlos([slo]);
    const engine = new SloEngine(model);
    await restoreInstances({ db, engine, slos: model.slos, nowMs: clock.now() });
    const instance = engine.instances.get(slo.name);
    if (!instance) throw new Error('no instance');
    await run({ clock, ctx: { db, clock, logger: silentLogger, engine }, instance });
  } finally {
    await db.close();
  }
}

describe('evaluateSlos', () => {
  it.each(variants)(
    'gives every tick the evaluation a fresh evaluateSlo gives, though it reuses unchanged ones (%s)',
    async (_, slo) => {
      await fc.assert(
        fc.asyncProperty(steps, async (plan) => {
          await withEngine(slo, async ({ clock, ctx, instance }) => {
            for (const step of [...plan, { kind: 'tick', afterMs: 0 } as const]) {
              if (step.kind === 'add') {
                instance.series.add(clock.now() - step.agoMs, step.good, step.good + step.bad);
              } else if (step.kind === 'source') {
                instance.sourceError = step.error;
              } else if (step.kind === 'tail') {
                instance.tail = step.on
                  ? { fromMs: clock.now() - 45_000, toMs: clock.now(), good: 10, total: 400 }
                  : undefined;
              } else {
                clock.advance(step.afterMs);
                await evaluateSlos({ ctx });
                const atMs = instance.series.nowMs;
                const fresh = evaluateSlo({
                  slo: instance.slo,
                  series: instance.series,
                  nowMs: atMs,
                  sourceError: instance.sourceError,
                  tail: freshTail(instance.tail, atMs),
                });
                expect(instance.evaluation).toEqual(fresh);
              }
            }
          });
        }),
        { numRuns: 60 },
      );
    },
  );

  it('reuses the last evaluation while nothing it reads has changed, and only then', async () => {
    await withEngine(makeSlo(), async ({ clock, ctx, instance }) => {
      instance.series.add(clock.now(), 990, 1000);
      await evaluateSlos({ ctx });
      const first = instance.evaluation;
      // 10 s later, same minute, no data: the same figures, at the new time (23:50:27).
      clock.advance(10_000);
      await evaluateSlos({ ctx });
      expect(instance.evaluation?.alerts).toBe(first?.alerts);
      expect(instance.evaluation?.atMs).toBe(START + 10_000);
      expect(instance.evaluation?.budgetWindow.endMs).toBe(START + 10_000);
      // New data: evaluated again. 10 bad of 1,000 then 100 bad of 100: 110 bad in 1,100.
      instance.series.add(clock.now(), 0, 100);
      await evaluateSlos({ ctx });
      expect(instance.evaluation?.alerts).not.toBe(first?.alerts);
      expect(instance.evaluation?.sli).toEqual({ good: 990, total: 1100, ratio: 0.9 });
      // A minute boundary (23:51:00) moves the windows: evaluated again.
      const second = instance.evaluation;
      clock.advance(10_000);
      await evaluateSlos({ ctx });
      expect(instance.evaluation?.alerts).toBe(second?.alerts);
      clock.advance(30_000);
      await evaluateSlos({ ctx });
      expect(instance.evaluation?.alerts).not.toBe(second?.alerts);
    });
  });
});

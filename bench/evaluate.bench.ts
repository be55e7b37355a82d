import { FakeClock } from '../src/core/clock.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../src/core/duration.ts';
import { silentLogger } from '../src/core/logger.ts';
import { type EngineContext, evaluateSlos, restoreInstances, SloEngine } from '../src/engine/index.ts';
import { openStorage } from '../src/storage/index.ts';
import { BENCH_START_MS, benchModel, fillSeries, trafficAt } from './engine.bench.ts';
import { collectGarbage, median, quantile, retainedBytes } from './stats.ts';

/** Figures of the runtime evaluation verb over one SLO count. */
export interface EvaluationFigures {
  slos: number;
  ticks: number;
  /** `evaluateMs` of the verb (advance + evaluate every instance in memory). */
  medianEvaluateMs: number;
  p90EvaluateMs: number;
  /** Wall time of the whole verb, including the alert-state writes of that tick. */
  medianTickMs: number;
  /** Process CPU time (all threads) during the verb: near the wall time unless other work shares the cores. */
  medianTickCpuMs: number;
  /** The first tick stores every instance's initial alert state. */
  firstTickMs: number;
  transitionsPerTick: number;
  /** Heap + array buffers retained per SLO: model, engine instance and full series. */
  heapBytesPerSlo: number;
  /** Average of `series.memoryBytes()`. */
  estimatedBytesPerSlo: number;
  setupMs: number;
}

const TICK_MS = 10_000;
/** Instance evaluations before measuring, so the JIT has settled as in a long-running server. */
const WARMUP_EVALUATIONS = 100_000;

/**
 * Times `evaluateSlos` over `count` event-fed instances restored on an empty in-memory SQLite, each
 * filled with 30 days of hourly and 6 hours of minute data. Between ticks the fake clock moves 10 s and
 * each instance gets those 10 s of traffic, as pushes would add it. The first tick (which stores every
 * initial alert state) is reported apart; warm-up ticks (100,000 evaluations) precede `ticks` measured ones.
 */
export async function benchEvaluation(count: number, ticks = 20): Promise<EvaluationFigures> {
  const db = await openStorage({});
  const liveFrom = BENCH_START_MS + 40 * DAY_MS - 6 * HOUR_MS;
  const clock = new FakeClock(liveFrom);
  collectGarbage();
  const before = retainedBytes();
  const setupStart = performance.now();
  const model = benchModel(count);
  const engine = new SloEngine(model);
  await restoreInstances({ db, engine, slos: model.slos, nowMs: liveFrom });
  const instances = model.slos.map((slo) => engine.instances.get(slo.name));
  clock.advance(6 * HOUR_MS);
  instances.forEach((instance, i) => {
    if (instance) fillSeries(instance.series, i, clock.now());
  });
  const setupMs = performance.now() - setupStart;
  collectGarbage();
  const heapBytesPerSlo = (retainedBytes() - before) / count;

  const ctx: EngineContext = { db, clock, logger: silentLogger, engine };
  const feed = () => {
    const nowMs = clock.now();
    instances.forEach((instance, i) => {
      const [good, total] = trafficAt(i, Math.floor(nowMs / MINUTE_MS));
      instance?.series.advance(nowMs);
      instance?.series.add(nowMs, good / 6, total / 6);
    });
  };
  const firstStart = performance.now();
  await evaluateSlos({ ctx });
  const firstTickMs = performance.now() - firstStart;
  const warmupTicks = Math.ceil(WARMUP_EVALUATIONS / count);
  for (let tick = 0; tick < warmupTicks; tick++) {
    clock.advance(TICK_MS);
    feed();
    await evaluateSlos({ ctx });
  }
  const evaluateMs: number[] = [];
  const tickMs: number[] = [];
  const tickCpuMs: number[] = [];
  let transitions = 0;
  for (let tick = 0; tick < ticks; tick++) {
    clock.advance(TICK_MS);
    feed();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await evaluateSlos({ ctx });
    tickMs.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuBefore);
    tickCpuMs.push((cpu.user + cpu.system) / 1000);
    evaluateMs.push(report.evaluateMs);
    transitions += report.transitions.length;
  }
  const estimated = instances.reduce((sum, instance) => sum + (instance?.series.memoryBytes() ?? 0), 0);
  await db.close();
  return {
    slos: count,
    ticks,
    medianEvaluateMs: median(evaluateMs),
    p90EvaluateMs: quantile(evaluateMs, 0.9),
    medianTickMs: median(tickMs),
    medianTickCpuMs: median(tickCpuMs),
    firstTickMs,
    transitionsPerTick: transitions / ticks,
    heapBytesPerSlo,
    estimatedBytesPerSlo: estimated / count,
    setupMs,
  };
}

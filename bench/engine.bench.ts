import { pathToFileURL } from 'node:url';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../src/core/duration.ts';
import { evaluateSlo, SliSeries } from '../src/slo/index.ts';
import {
  DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO,
  DEFAULT_CATASTROPHIC_MIN_EVENTS,
  defaultCatastrophicCondition,
  defaultPageConditions,
  defaultTicketConditions,
  emptyModel,
  type Model,
  type Slo,
} from '../src/specs/index.ts';
import { collectGarbage, gcAvailable, median, retainedBytes } from './stats.ts';

/** Figures for one SLO count. */
export interface EngineFigures {
  slos: number;
  ticks: number;
  /** Median time of one tick: advance + one minute of data + evaluateSlo for every SLO. */
  medianTickMs: number;
  medianMicrosPerSlo: number;
  /** Heap plus array buffers retained per SLO series (meaningful with --expose-gc). */
  heapBytesPerSlo: number;
  /** What SliSeries.memoryBytes() estimates per SLO. */
  estimatedBytesPerSlo: number;
  setupMs: number;
  gcAvailable: boolean;
}

/** Start of the benchmark's calendar; the live part of every run lies 40 days later. */
export const BENCH_START_MS = Date.parse('2026-01-01T00:00:00Z');
const START = BENCH_START_MS;
const TICKS = 20;

/**
 * The i-th benchmark SLO, event-fed: 1 in 10 at 99.95 %, 1 in 10 on a calendar month (Paris), 1 in 10
 * budgeted in 5-minute time slices, 1 in 10 with a weekly exclusion; the rest 99.9 % over 30 days.
 */
export function benchSlo(i: number): Slo {
  const kind = i % 10;
  return {
    name: `slo-${i}`,
    service: `service-${i % 200}`,
    objective: kind === 0 ? 99.95 : 99.9,
    window:
      kind === 1
        ? { kind: 'calendar', unit: 'month', timeZone: 'Europe/Paris' }
        : { kind: 'rolling', durationMs: 30 * DAY_MS },
    budgeting:
      kind === 2
        ? { method: 'timeslices', sliceMs: 5 * MINUTE_MS, sliceTarget: 0.99 }
        : { method: 'occurrences' },
    indicator: { kind: 'events' },
    exclusions:
      kind === 3
        ? [
            {
              kind: 'recurring',
              rrule: 'FREQ=WEEKLY;BYDAY=SU',
              startMs: START,
              durationMs: HOUR_MS,
              timeZone: 'UTC',
            },
          ]
        : [],
    alerting: {
      page: { enabled: true, conditions: [...defaultPageConditions] },
      ticket: { enabled: true, conditions: [...defaultTicketConditions] },
      catastrophic: {
        enabled: true,
        conditions: [{ ...defaultCatastrophicCondition }],
        minEvents: DEFAULT_CATASTROPHIC_MIN_EVENTS,
        minErrorRatio: DEFAULT_CATASTROPHIC_MIN_ERROR_RATIO,
      },
      minEvents: 0,
      noDataAfterMs: 10 * MINUTE_MS,
      name: 'ErrorBudgetBurn',
      labels: {},
      annotations: {},
    },
    labels: {},
    origin: 'nines',
    source: { file: 'bench', line: 1, col: 1 },
  };
}

/** A model of `count` bench SLOs and nothing else. */
export function benchModel(count: number): Model {
  return { ...emptyModel(), slos: Array.from({ length: count }, (_, i) => benchSlo(i)) };
}

/** A minute of traffic of SLO i: a few hundred requests, ~0.05 % errors, one bad minute in 500. */
export function trafficAt(i: number, minute: number): [good: number, total: number] {
  const total = 200 + ((i * 31 + minute * 7) % 400);
  const bad = (i + minute) % 500 === 0 ? total : (i + minute) % 2000 === 0 ? 1 : 0;
  return [total - bad, total];
}

/**
 * Fills a fresh series of SLO i (created 6 hours before `untilMs`): 30 days of hourly history added as
 * past data, then 6 hours minute by minute up to `untilMs`. Timeslice series refuse the history (its
 * slices are sealed), so they hold the 6 live hours only.
 */
export function fillSeries(series: SliSeries, i: number, untilMs: number): void {
  const liveFrom = series.nowMs;
  for (let t = untilMs - 30 * DAY_MS + HOUR_MS; t < liveFrom; t += HOUR_MS) {
    const [good, total] = trafficAt(i, t / MINUTE_MS);
    series.add(t, good * 60, total * 60);
  }
  for (let t = liveFrom; t <= untilMs; t += MINUTE_MS) {
    series.advance(t);
    const [good, total] = trafficAt(i, t / MINUTE_MS);
    series.add(t, good, total);
  }
}

function buildSeries(i: number, nowMs: number): SliSeries {
  const series = new SliSeries({ slo: benchSlo(i), nowMs: nowMs - 6 * HOUR_MS });
  fillSeries(series, i, nowMs);
  return series;
}

async function benchCount(count: number): Promise<EngineFigures> {
  let nowMs = START + 40 * DAY_MS;
  collectGarbage();
  const before = retainedBytes();
  const setupStart = performance.now();
  const all = Array.from({ length: count }, (_, i) => buildSeries(i, nowMs));
  const setupMs = performance.now() - setupStart;
  collectGarbage();
  const heapBytesPerSlo = (retainedBytes() - before) / count;
  const durations: number[] = [];
  for (let tick = 0; tick < TICKS; tick++) {
    nowMs += MINUTE_MS;
    const started = performance.now();
    all.forEach((series, i) => {
      series.advance(nowMs);
      const [good, total] = trafficAt(i, nowMs / MINUTE_MS);
      series.add(nowMs, good, total);
      evaluateSlo({ slo: series.slo, series, nowMs });
    });
    durations.push(performance.now() - started);
    // Let other work run between ticks, as the evaluation job would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const medianTickMs = median(durations);
  const estimated = all.reduce((sum, series) => sum + series.memoryBytes(), 0) / count;
  return {
    slos: count,
    ticks: TICKS,
    medianTickMs,
    medianMicrosPerSlo: (medianTickMs * 1000) / count,
    heapBytesPerSlo,
    estimatedBytesPerSlo: estimated,
    setupMs,
    gcAvailable: gcAvailable(),
  };
}

/**
 * Builds N SLO series with realistic data and times one evaluation tick (advance, a minute of data,
 * evaluateSlo) for all of them, median of 20 ticks; reports retained memory per SLO. Run with
 * `node --expose-gc --import tsx bench/engine.bench.ts` for meaningful heap figures.
 */
export async function benchEngine(counts: number[] = [1000, 10000]): Promise<EngineFigures[]> {
  const figures: EngineFigures[] = [];
  for (const count of counts) figures.push(await benchCount(count));
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchEngine();
  console.table(
    figures.map((f) => ({
      slos: f.slos,
      'tick ms (median)': f.medianTickMs.toFixed(1),
      'µs per SLO': f.medianMicrosPerSlo.toFixed(1),
      'retained B/SLO': Math.round(f.heapBytesPerSlo),
      'estimated B/SLO': Math.round(f.estimatedBytesPerSlo),
      'setup ms': Math.round(f.setupMs),
      gc: f.gcAvailable,
    })),
  );
}

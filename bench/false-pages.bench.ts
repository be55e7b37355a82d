import { evaluateSlo, nextAlertState, SliSeries } from '../src/slo/index.ts';
import { replayNoisyDay } from '../src/testing/noisy-day.ts';
import { makeSlo } from '../src/testing/slo-fixtures.ts';

export interface FalsePageFigures {
  days: number;
  events: number;
  falsePages: number;
  catastrophicTicks: number;
  tickets: number;
  /** Full outage at 100 req/s, 99.9 %: seconds from its start to the page, one per start second 0..55. */
  outageToPageSeconds: number[];
}

const SEC = 1000;
const T0 = Date.parse('2026-02-02T12:00:00Z');

/** Seconds from a full outage starting `offsetSec` into a minute to the tick (every 10 s) that pages. */
function outageToPage(offsetSec: number): number {
  const slo = makeSlo();
  const startMs = T0 - 6 * 3_600_000;
  const outageMs = T0 + offsetSec * SEC;
  const series = new SliSeries({ slo, nowMs: startMs });
  let state = undefined as Parameters<typeof nextAlertState>[0]['prev'];
  // Ticks at 3 s past each 10 s so that outage start and tick phases differ.
  for (let nowMs = startMs + 3 * SEC; nowMs < T0 + 10 * 60 * SEC; nowMs += 10 * SEC) {
    series.advance(nowMs);
    for (let at = nowMs - 10 * SEC; at < nowMs; at += SEC) series.add(at, at >= outageMs ? 0 : 100, 100);
    const next = nextAlertState({
      prev: state,
      evaluation: evaluateSlo({ slo, series, nowMs }),
      nowMs,
      noDataAfterMs: 600 * SEC,
    });
    state = next.state;
    if (next.transitions.some((t) => t.severity === 'page' && t.state === 'firing'))
      return (nowMs - outageMs) / SEC;
  }
  return Number.POSITIVE_INFINITY;
}

/** Noisy healthy days (seeded) through the SLO engine: pages must be 0; plus outage-to-page latency. */
export function benchFalsePages(days: number): FalsePageFigures {
  const figures: FalsePageFigures = {
    days,
    events: 0,
    falsePages: 0,
    catastrophicTicks: 0,
    tickets: 0,
    outageToPageSeconds: [],
  };
  for (let seed = 1; seed <= days; seed++) {
    const day = replayNoisyDay({ slo: makeSlo(), seed });
    figures.events += day.events;
    figures.falsePages += day.pages.filter((t) => t.state === 'firing').length;
    figures.catastrophicTicks += day.catastrophicTicks;
    figures.tickets += day.tickets;
  }
  for (let offset = 0; offset < 60; offset += 5) figures.outageToPageSeconds.push(outageToPage(offset));
  return figures;
}

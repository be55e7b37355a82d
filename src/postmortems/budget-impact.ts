import { MINUTE_MS } from '../core/duration.ts';
import { type SloEngine, sliMinutes, windowLabel } from '../engine/index.ts';
import { excludedIntervals, periodStart } from '../slo/index.ts';
import type { Slo, SloWindow } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { type BudgetFigures, budgetFigures } from './budget-math.ts';

/** What an incident cost one SLO instance (seed 003 §05 "error budget consumed"). */
export interface BudgetImpact extends BudgetFigures {
  /** Instance name. */
  slo: string;
  service: string;
  objective: number;
  windowLabel: string;
}

/** Start of the SLO window ending at `toMs`: rolling [toMs − window, toMs), or the calendar period holding toMs − 1. */
export function windowStartAt(window: SloWindow, toMs: number): number {
  return window.kind === 'rolling'
    ? toMs - window.durationMs
    : periodStart(toMs - 1, window.unit, window.timeZone);
}

/**
 * Error budget consumed during [fromMs, toMs) by every SLO instance of `services`, from the stored
 * minute buckets. Timeslice SLOs count bad slices (slices with data) instead of events.
 */
export async function budgetImpact({
  db,
  engine,
  services,
  fromMs,
  toMs,
}: {
  db: Queryable;
  engine: SloEngine;
  services: readonly string[];
  fromMs: number;
  toMs: number;
}): Promise<BudgetImpact[]> {
  const wanted = new Set(services);
  const slos = [...engine.instances.values()]
    .map((instance) => instance.slo)
    .filter((slo) => wanted.has(slo.service))
    .sort((a, b) => a.name.localeCompare(b.name));
  const impacts: BudgetImpact[] = [];
  for (const slo of slos) impacts.push(await impactOf(db, slo, fromMs, toMs));
  return impacts;
}

async function impactOf(db: Queryable, slo: Slo, fromMs: number, toMs: number): Promise<BudgetImpact> {
  const windowStartMs = windowStartAt(slo.window, toMs);
  // The minute holding fromMs starts before it; the slice holding it may start earlier still.
  const sliceMs = slo.budgeting.method === 'timeslices' ? slo.budgeting.sliceMs : MINUTE_MS;
  const readFromMs = Math.min(windowStartMs, Math.floor(fromMs / sliceMs) * sliceMs);
  const buckets = await sliMinutes(db, { slo: slo.name, fromMs: readFromMs, toMs });
  const figures = budgetFigures({
    objective: slo.objective,
    budgeting: slo.budgeting,
    buckets,
    bucketMs: MINUTE_MS,
    fromMs,
    toMs,
    windowStartMs,
    excluded: excludedIntervals(slo.exclusions, readFromMs, toMs),
  });
  return {
    slo: slo.name,
    service: slo.service,
    objective: slo.objective,
    windowLabel: windowLabel(slo.window),
    ...figures,
  };
}

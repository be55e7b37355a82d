import { formatDuration } from '../core/duration.ts';
import type { BurnRates, SloEvaluation } from '../slo/index.ts';
import type { SloWindow } from '../specs/index.ts';
import type { SloInstance } from './slo-engine.ts';

/** The public shape of one SLO's live status (GET /api/v1/slos/{name}). */
export interface SloStatusView {
  name: string;
  spec: string;
  service: string;
  objective: number;
  window: string;
  timeZone?: string;
  budgeting: string;
  indicator: string;
  labels: Record<string, string>;
  sli: { good: number | null; total: number | null; ratio: number | null };
  errorBudget: { remaining: number | null; consumed: number | null };
  burnRates: BurnRates | Record<string, null>;
  status: SloEvaluation['status'];
  /** Why the SLO has no data, when its source failed. */
  reason: string | null;
  alerts: Array<{ severity: string; state: 'firing'; since: string }>;
  budgetWindow: { start: string; end: string } | null;
  evaluatedAt: string | null;
}

export function windowLabel(window: SloWindow): string {
  return window.kind === 'rolling' ? formatDuration(window.durationMs) : window.unit;
}

const emptyBurn = { '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null };

/** Renders an instance's latest evaluation; an instance not yet evaluated shows as no_data with nulls. */
export function sloStatusView(instance: SloInstance): SloStatusView {
  const { slo, evaluation, alertState } = instance;
  const hasData = evaluation !== undefined && evaluation.sli.total > 0;
  const alerts: SloStatusView['alerts'] = [];
  if (alertState) {
    for (const [severity, flag] of [
      ['page', alertState.page],
      ['ticket', alertState.ticket],
      ['no_data', alertState.noData],
    ] as const) {
      if (flag.firing && flag.sinceMs !== null)
        alerts.push({ severity, state: 'firing', since: new Date(flag.sinceMs).toISOString() });
    }
  }
  return {
    name: slo.name,
    spec: instance.spec,
    service: slo.service,
    objective: slo.objective,
    window: windowLabel(slo.window),
    ...(slo.window.kind === 'calendar' ? { timeZone: slo.window.timeZone } : {}),
    budgeting: slo.budgeting.method,
    indicator: slo.indicator.kind,
    labels: instance.labels,
    sli: hasData ? evaluation.sli : { good: null, total: null, ratio: null },
    errorBudget: hasData ? evaluation.errorBudget : { remaining: null, consumed: null },
    burnRates: evaluation?.burnRates ?? emptyBurn,
    status: evaluation?.status ?? 'no_data',
    reason: instance.sourceError ?? null,
    alerts,
    budgetWindow: evaluation
      ? {
          start: new Date(evaluation.budgetWindow.startMs).toISOString(),
          end: new Date(evaluation.budgetWindow.endMs).toISOString(),
        }
      : null,
    evaluatedAt: evaluation ? new Date(evaluation.atMs).toISOString() : null,
  };
}

import { formatDuration } from '../core/duration.ts';
import type { AlertTransition } from '../slo/index.ts';
import type { NormalisedAlert } from './alert.ts';

export interface SloAlertInput {
  /** SLO (instance) name, e.g. `checkout-availability` or `latency:eu-west`. */
  slo: string;
  service: string;
  transition: AlertTransition;
  /** The SLO's labels and its alerting labels; `slo`, `service`, `severity` and `alertname` are set over them. */
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** The SLO's `alerting.name` for burn alerts. @default 'ErrorBudgetBurn' */
  alertName?: string;
  /** When the alert began firing, for a resolved transition (which only knows when it ended). */
  firedAtMs?: number;
  links?: string[];
}

/** A Nines SLO alert transition as a normalised alert: one alert per SLO and severity. */
export function fromSloTransition(input: SloAlertInput): NormalisedAlert {
  const { slo, service, transition } = input;
  const identity = `slo:${slo}:${transition.severity}`;
  const burn = transition.severity !== 'no_data';
  const firing = transition.state === 'firing';
  const annotations = { ...input.annotations };
  if (transition.reason !== null) annotations.reason = transition.reason;
  return {
    source: 'slo',
    integration: null,
    fingerprint: identity,
    groupKey: identity,
    status: transition.state,
    labels: {
      ...input.labels,
      alertname: burn ? (input.alertName ?? 'ErrorBudgetBurn') : 'SloNoData',
      slo,
      service,
      severity: transition.severity,
    },
    annotations,
    summary: summarise(slo, transition),
    sourceSeverity: transition.severity,
    startsAtMs: firing ? transition.atMs : (input.firedAtMs ?? transition.atMs),
    endsAtMs: firing ? null : transition.atMs,
    links: input.links ?? [],
  };
}

function summarise(slo: string, transition: AlertTransition): string {
  const firing = transition.state === 'firing';
  if (transition.severity === 'no_data') {
    return firing ? `${slo}: no data (${transition.reason ?? 'no reason given'})` : `${slo}: data is back`;
  }
  if (!firing) return `${slo}: error budget burn is back under the ${transition.severity} threshold`;
  const condition = transition.condition;
  if (condition === null) return `${slo}: burning its error budget`;
  const long = formatDuration(condition.longWindowMs);
  const short = formatDuration(condition.shortWindowMs);
  const actual = transition.burnRates[long as keyof typeof transition.burnRates];
  const now = typeof actual === 'number' ? `${round(actual)}x` : 'above the threshold';
  return `${slo}: burning its error budget at ${now} over ${long} (threshold ${round(condition.burnRate)}x over ${long} and ${short})`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

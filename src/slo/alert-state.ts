import { formatDuration } from '../core/duration.ts';
import type { BurnCondition } from '../specs/index.ts';
import type { TierCheck } from './burn-alerts.ts';
import type { BurnRates, SloEvaluation } from './evaluate.ts';

export type AlertSeverity = 'page' | 'ticket' | 'no_data';

/** A change of one alert of one SLO instance, to be written to the outbox by the runtime. */
export interface AlertTransition {
  severity: AlertSeverity;
  state: 'firing' | 'resolved';
  atMs: number;
  burnRates: BurnRates;
  /** The burn condition that held, for a page or ticket that starts firing. */
  condition: BurnCondition | null;
  /** Why a no-data alert fires; for a page, that the catastrophic tier opened it. */
  reason: string | null;
}

/** Whether one alert is firing, and since when. */
export interface AlertFlag {
  firing: boolean;
  sinceMs: number | null;
}

/** Alert state of one SLO instance between evaluations: plain JSON, persisted by the runtime. */
export interface AlertState {
  page: AlertFlag;
  ticket: AlertFlag;
  noData: AlertFlag;
  /** When this state was first evaluated: silence before any data is counted from here. */
  firstSeenMs: number;
  /** Start of the current unbroken run of source errors. */
  sourceErrorSinceMs: number | null;
}

/** The state of an SLO instance never evaluated before: nothing firing. */
export function initialAlertState(nowMs: number): AlertState {
  const quiet = { firing: false, sinceMs: null };
  return {
    page: { ...quiet },
    ticket: { ...quiet },
    noData: { ...quiet },
    firstSeenMs: nowMs,
    sourceErrorSinceMs: null,
  };
}

/**
 * Why a no-data alert should be firing at `nowMs`, or null. It fires once the source has failed at every
 * evaluation for `noDataAfterMs`, or once no data with events has arrived for that long (counted from
 * the latest data time, or from the first evaluation when there never was any).
 */
function noDataReason(
  state: AlertState,
  evaluation: SloEvaluation,
  nowMs: number,
  afterMs: number,
): string | null {
  if (state.sourceErrorSinceMs !== null && nowMs - state.sourceErrorSinceMs >= afterMs) {
    return `source failing since ${new Date(state.sourceErrorSinceMs).toISOString()}: ${evaluation.sourceError}`;
  }
  const silentSinceMs = evaluation.lastDataMs ?? state.firstSeenMs;
  if (nowMs - silentSinceMs >= afterMs) {
    return evaluation.lastDataMs === null
      ? `no data since evaluation began at ${new Date(silentSinceMs).toISOString()}`
      : `no data since ${new Date(silentSinceMs).toISOString()}`;
  }
  return null;
}

function flip(flag: AlertFlag, firing: boolean, nowMs: number): AlertFlag {
  if (flag.firing === firing) return flag;
  return { firing, sinceMs: firing ? nowMs : null };
}

/**
 * The page a tick wants: the page tier or the catastrophic tier (one alert, one routing). The catastrophic
 * condition is named when it holds, as it is the more urgent reason.
 */
function pageCheck(
  page: TierCheck,
  catastrophic: TierCheck,
): { condition: BurnCondition | null; reason: string | null } {
  const fast = catastrophic.firedBy;
  if (fast !== null) {
    const { longWindowMs, shortWindowMs, burnRate } = fast.condition;
    const reason =
      `catastrophic tier: burn above ${burnRate}x over ${formatDuration(longWindowMs)} and ` +
      `${formatDuration(shortWindowMs)} (${Math.round(fast.longEvents)} events in ${formatDuration(longWindowMs)})`;
    return { condition: fast.condition, reason };
  }
  return { condition: page.firedBy?.condition ?? null, reason: null };
}

/** Options of nextAlertState: the previous state (undefined the first time) and the new evaluation. */
export interface NextAlertStateInput {
  prev: AlertState | undefined;
  evaluation: SloEvaluation;
  nowMs: number;
  /** The SLO's `alerting.noDataAfterMs`. */
  noDataAfterMs: number;
}

function transition(
  severity: AlertSeverity,
  change: {
    was: AlertFlag;
    now: AlertFlag;
    condition: BurnCondition | null;
    reason: string | null;
    atMs: number;
  },
  evaluation: SloEvaluation,
): AlertTransition[] {
  if (change.was.firing === change.now.firing) return [];
  const firing = change.now.firing;
  return [
    {
      severity,
      state: firing ? 'firing' : 'resolved',
      atMs: change.atMs,
      burnRates: evaluation.burnRates,
      condition: firing ? change.condition : null,
      reason: firing ? change.reason : null,
    },
  ];
}

/**
 * Next alert state after an evaluation at `nowMs`, with the transitions it implies: a page or ticket
 * fires when its burn condition starts holding and resolves when it stops; the no-data alert fires after
 * `noDataAfterMs` of silence or source failure and resolves when data returns.
 */
export function nextAlertState(input: NextAlertStateInput): {
  state: AlertState;
  transitions: AlertTransition[];
} {
  const { evaluation, nowMs } = input;
  const before = input.prev ?? initialAlertState(nowMs);
  const sourceErrorSinceMs = evaluation.sourceError === null ? null : (before.sourceErrorSinceMs ?? nowMs);
  const reason = noDataReason({ ...before, sourceErrorSinceMs }, evaluation, nowMs, input.noDataAfterMs);
  const { ticket, catastrophic } = evaluation.alerts;
  const pageFiring = evaluation.alerts.page.firing || catastrophic.firing;
  // The common case on every tick: nothing changed, so nothing is allocated.
  if (
    input.prev !== undefined &&
    before.page.firing === pageFiring &&
    before.ticket.firing === ticket.firing &&
    before.noData.firing === (reason !== null) &&
    before.sourceErrorSinceMs === sourceErrorSinceMs
  ) {
    return { state: before, transitions: [] };
  }
  const state: AlertState = {
    page: flip(before.page, pageFiring, nowMs),
    ticket: flip(before.ticket, ticket.firing, nowMs),
    noData: flip(before.noData, reason !== null, nowMs),
    firstSeenMs: before.firstSeenMs,
    sourceErrorSinceMs,
  };
  const page = pageCheck(evaluation.alerts.page, catastrophic);
  const transitions = [
    ...transition(
      'page',
      {
        was: before.page,
        now: state.page,
        condition: page.condition,
        reason: page.reason,
        atMs: nowMs,
      },
      evaluation,
    ),
    ...transition(
      'ticket',
      {
        was: before.ticket,
        now: state.ticket,
        condition: ticket.firedBy?.condition ?? null,
        reason: null,
        atMs: nowMs,
      },
      evaluation,
    ),
    ...transition(
      'no_data',
      { was: before.noData, now: state.noData, condition: null, reason, atMs: nowMs },
      evaluation,
    ),
  ];
  return { state, transitions };
}

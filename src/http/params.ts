import { DAY_MS, MINUTE_MS, parseDuration } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const epochMs = /^\d{1,15}$/;
const seconds = /^\d+(\.\d+)?$/;

/** History has at most this many points unless the caller asks for a finer step. */
export const DEFAULT_HISTORY_POINTS = 300;

/** A 400 naming the query parameter that is wrong. */
export function invalidParam(name: string, message: string): NinesError {
  return new NinesError('invalid_input', `query parameter "${name}" ${message}`, [{ path: name, message }]);
}

/** Reads a time given as RFC 3339 or epoch milliseconds; undefined when absent. */
export function parseTimeParam(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = epochMs.test(text) ? Number(text) : rfc3339.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalidParam(name, 'must be RFC 3339 (2026-01-02T03:04:05Z) or epoch milliseconds');
  }
  return ms;
}

/** Reads a duration (`5m`, `1h30m`) or a number of seconds (`300`) into milliseconds. */
export function parseDurationParam(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = seconds.test(text) ? Math.round(Number(text) * 1000) : parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw invalidParam(name, 'must be a duration (5m, 1h) or a number of seconds greater than 0');
  }
  return ms;
}

export interface HistoryRange {
  fromMs: number;
  toMs: number;
  /** Whole minutes: the resolution of stored SLI data. */
  stepMs: number;
}

/**
 * The range and step of a history query. Defaults: `to` now, `from` 24 h before `to`, and the smallest
 * whole-minute step giving at most 300 points. A given step is rounded up to whole minutes.
 */
export function historyRange(
  query: { from?: string; to?: string; step?: string },
  nowMs: number,
): HistoryRange {
  const toMs = parseTimeParam('to', query.to) ?? nowMs;
  const fromMs = parseTimeParam('from', query.from) ?? toMs - DAY_MS;
  if (fromMs >= toMs) throw invalidParam('from', 'must be before "to"');
  const askedMs = parseDurationParam('step', query.step) ?? (toMs - fromMs) / (DEFAULT_HISTORY_POINTS - 1);
  return { fromMs, toMs, stepMs: Math.max(1, Math.ceil(askedMs / MINUTE_MS)) * MINUTE_MS };
}

/** Reads a positive integer no larger than `max`; `fallback` when absent. */
export function parseLimitParam(
  name: string,
  text: string | undefined,
  options: { fallback: number; max: number },
): number {
  if (text === undefined || text === '') return options.fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > options.max) {
    throw invalidParam(name, `must be a whole number from 1 to ${options.max}`);
  }
  return value;
}

/** Reads one of a closed set of values; undefined when absent. */
export function parseChoiceParam<T extends string>(
  name: string,
  text: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (text === undefined || text === '') return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw invalidParam(name, `must be one of ${choices.join(', ')}`);
  }
  return text as T;
}

/** An optional id parameter (a positive integer); anything else is a 400 naming it. */
export function parseIdParam(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^[1-9]\d{0,14}$/.test(text)) throw invalidParam(name, 'must be an id (a positive integer)');
  return Number(text);
}

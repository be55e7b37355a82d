import type { Silence } from '../specs/index.ts';
import { matchesAll } from './matchers.ts';

/** Whether a silence is in force at `nowMs`: from its start (included) to its end (excluded). */
export function isActive(silence: Silence, nowMs: number): boolean {
  return silence.startMs <= nowMs && nowMs < silence.endMs;
}

/** The silences in force at `nowMs`, in their given order. */
export function activeSilences(silences: readonly Silence[], nowMs: number): Silence[] {
  return silences.filter((silence) => isActive(silence, nowMs));
}

/**
 * The active silence that suppresses an alert with these labels, or null. When several do, the one that
 * lasts longest (then the first by name), so "silenced until" is the honest answer. A silence without
 * matchers suppresses nothing: hiding every alert is never what a maintenance window means.
 */
export function silencedBy(
  labels: Record<string, string>,
  silences: readonly Silence[],
  nowMs: number,
): Silence | null {
  const matching = activeSilences(silences, nowMs).filter(
    (silence) => silence.matchers.length > 0 && matchesAll(silence.matchers, labels),
  );
  matching.sort((a, b) => b.endMs - a.endMs || byName(a, b));
  return matching[0] ?? null;
}

function byName(a: Silence, b: Silence): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

import { MINUTE_MS } from '../core/duration.ts';
import { utcClockTime } from '../core/time-format.ts';
import type { Scenario } from './scenario.ts';

/** From the first symptom to the page (scenario.ts: payment's 1h window passes 14.4 at t ≥ 0.98 min). */
export const PAGE_AFTER_SYMPTOM_MS = MINUTE_MS;
/** From recovery to the page resolving (scenario.ts: burn(5m) ≤ 14.4 about 5 minutes after recovery). */
export const PAGE_RESOLVES_AFTER_RECOVERY_MS = 5 * MINUTE_MS;

/** One phase of a demo run, at the time it is expected. */
export interface TimelineStep {
  atMs: number;
  text: string;
}

/**
 * When each phase of a demo run happens, from the scenario's hand computation and the scripted
 * responders' delays: what `nines demo` prints at start, so nobody waits for a postmortem unawares.
 */
export function demoTimeline(options: {
  startMs: number;
  scenario: Scenario;
  identifyAfterMs: number;
  resolveAfterMs: number;
  /** When the release pipeline starts payment 2.4.0's canary, if it does. */
  canaryAfterMs?: number;
}): TimelineStep[] {
  const { startMs, scenario } = options;
  const symptomMs = startMs + scenario.startAfterMs;
  const pageMs = symptomMs + PAGE_AFTER_SYMPTOM_MS;
  const recoveryMs = symptomMs + scenario.durationMs;
  const calmMs = recoveryMs + PAGE_RESOLVES_AFTER_RECOVERY_MS;
  const steps: TimelineStep[] = [
    {
      atMs: startMs,
      text: 'steady traffic; payment-availability has about 14 % of its budget left (the deploy gate warns), every other budget is healthy',
    },
    { atMs: symptomMs, text: "payment's database connections start leaking; errors rise" },
    {
      atMs: pageMs,
      text: 'page-level burn alert on payment-availability: the on-call person is paged, a SEV1 incident is declared, responders take roles and post on /status',
    },
    { atMs: pageMs + options.identifyAfterMs, text: 'cause identified (public update)' },
    // The leak spends 16–30 % of the budget (scenario.ts) of the 14 % left (paymentBadRelease).
    {
      atMs: recoveryMs,
      text: 'payment recovers (pods restarted); the leak exhausted its budget, so the deploy gate blocks feature changes',
    },
    { atMs: calmMs, text: 'burn alerts resolve; the incident moves to monitoring' },
    {
      atMs: calmMs + options.resolveAfterMs,
      text: 'all clear: the incident resolves and its postmortem is drafted',
    },
  ];
  if (options.canaryAfterMs !== undefined) {
    const canaryMs = startMs + options.canaryAfterMs;
    steps.push(
      {
        atMs: canaryMs,
        text: 'the release pipeline deploys payment 2.4.0 through a rollout plan: 5 % of traffic on the canary',
      },
      {
        atMs: canaryMs + CANARY_JUDGED_AFTER_MS,
        text: 'the canary analysis finds 2.4.0 worse than the baseline: rolled back, no page, a timeline entry',
      },
    );
  }
  return steps.sort((a, b) => a.atMs - b.atMs);
}

/** A first interval of 20 s, judged a second after it ends, then the rollback call. */
export const CANARY_JUDGED_AFTER_MS = 25_000;

/** `+m:ss` from the start. */
function offset(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `+${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The timeline as printed lines: offset from the start, UTC clock time, what happens. */
export function formatTimeline(steps: readonly TimelineStep[]): string[] {
  const startMs = steps[0]?.atMs ?? 0;
  return steps.map(
    (step) => `  ${offset(step.atMs - startMs).padStart(6)}  ${utcClockTime(step.atMs)}  ${step.text}`,
  );
}

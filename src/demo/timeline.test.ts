import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../core/duration.ts';
import { paymentPoolLeak } from './scenario.ts';
import { demoTimeline, formatTimeline } from './timeline.ts';

const START = Date.parse('2026-03-02T12:00:00Z');

describe('demoTimeline', () => {
  it('says when each phase comes with the default settings: the postmortem after about 12.5 minutes', () => {
    const steps = demoTimeline({
      startMs: START,
      scenario: paymentPoolLeak({ startAfterMs: MINUTE_MS }),
      identifyAfterMs: 60_000,
      resolveAfterMs: 30_000,
      canaryAfterMs: 10_000,
    });
    // Canary at 0:10, judged and rolled back 25 s later (a 20 s interval); leak at 1:00, page 1 min later, identified 1 min after that; recovery 6 min after the leak (7:00),
    // alerts resolve 5 min later (12:00), all-clear 30 s after (12:30).
    expect(formatTimeline(steps)).toEqual([
      '   +0:00  12:00:00  steady traffic; payment-availability has about 14 % of its budget left (the deploy gate warns), every other budget is healthy',
      '   +0:10  12:00:10  the release pipeline deploys payment 2.4.0 through a rollout plan: 5 % of traffic on the canary',
      '   +0:35  12:00:35  the canary analysis finds 2.4.0 worse than the baseline: rolled back, no page, a timeline entry',
      "   +1:00  12:01:00  payment's database connections start leaking; errors rise",
      '   +2:00  12:02:00  page-level burn alert on payment-availability: the on-call person is paged, a SEV1 incident is declared, responders take roles and post on /status',
      '   +3:00  12:03:00  cause identified (public update)',
      '   +7:00  12:07:00  payment recovers (pods restarted); the leak exhausted its budget, so the deploy gate blocks feature changes',
      '  +12:00  12:12:00  burn alerts resolve; the incident moves to monitoring',
      '  +12:30  12:12:30  all clear: the incident resolves and its postmortem is drafted',
    ]);
  });

  it('moves every phase with --failure-after', () => {
    const steps = demoTimeline({
      startMs: START,
      scenario: paymentPoolLeak({ startAfterMs: 2_000 }),
      identifyAfterMs: 60_000,
      resolveAfterMs: 30_000,
    });
    expect(steps.map((step) => (step.atMs - START) / 1000)).toEqual([0, 2, 62, 122, 362, 662, 692]);
  });
});

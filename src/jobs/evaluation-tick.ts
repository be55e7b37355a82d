import type { AppContext } from '../context/index.ts';
import { evaluateSlos, type TickReport } from '../engine/index.ts';
import { sloIntake } from '../paging/index.ts';
import type { AlertTransition } from '../slo/index.ts';
import type { Metrics } from '../telemetry/metrics.ts';

/**
 * One evaluation tick: evaluates every SLO instance, hands its alert transitions to paging's intake (in
 * the engine's transaction), records the tick in Nines' own metrics and tells `onAlertTransition`.
 */
export function evaluationTick(options: {
  ctx: AppContext;
  metrics: Metrics;
  onAlertTransition?: (slo: string, transition: AlertTransition) => void;
}): () => Promise<TickReport> {
  const { ctx, metrics, onAlertTransition } = options;
  const intake = sloIntake(ctx);
  return async () => {
    const report = await evaluateSlos({
      ctx,
      onTransitions: intake,
      onStatusChanges: (changes) => ctx.live.publishSloChanges(changes),
    });
    metrics.evaluationDuration.observe(report.evaluateMs / 1000);
    metrics.sloCount.set(report.evaluated);
    for (const { slo, transition } of report.transitions) {
      metrics.alertTransitions.inc({ severity: transition.severity, state: transition.state });
      onAlertTransition?.(slo, transition);
    }
    return report;
  };
}

import { fromSloTransition } from '../alerting/index.ts';
import type { AppContext } from '../context/index.ts';
import type { SloInstance } from '../engine/index.ts';
import type { AlertTransition } from '../slo/index.ts';
import type { Queryable } from '../storage/index.ts';
import { ingestAlerts } from './ingest-alerts.ts';

/** Nines' own SLO alert transitions, taken in by the alerting intake in the engine's transaction. */
export function sloIntake(ctx: AppContext) {
  return async (
    tx: Queryable,
    transitions: Array<{ instance: SloInstance; transition: AlertTransition }>,
  ) => {
    const alerts = transitions.map(({ instance, transition }) =>
      fromSloTransition({
        slo: instance.slo.name,
        service: instance.slo.service,
        transition,
        labels: { ...instance.slo.alerting.labels, ...instance.labels },
        annotations: instance.slo.alerting.annotations,
        alertName: instance.slo.alerting.name,
      }),
    );
    await ingestAlerts({ ctx, alerts, tx });
  };
}

import { fromSloTransition } from '../alerting/index.ts';
import type { AppContext } from '../context/index.ts';
import type { SloInstance } from '../engine/index.ts';
import type { AlertTransition } from '../slo/index.ts';
import type { Queryable } from '../storage/index.ts';
import { ingestAlerts } from './ingest-alerts.ts';

/**
 * Nines' own SLO alert transitions, taken in by the alerting intake in the engine's transaction. The
 * alerts of one SLO (page, ticket, no data) share one group, so an SLO has one open page: a ticket for an
 * SLO whose page is open joins it, and a page alert joining a ticket's page raises its severity.
 */
export function sloIntake(ctx: AppContext) {
  return async (
    tx: Queryable,
    transitions: Array<{ instance: SloInstance; transition: AlertTransition }>,
  ) => {
    const alerts = transitions.map(({ instance, transition }) => ({
      ...fromSloTransition({
        slo: instance.slo.name,
        service: instance.slo.service,
        transition,
        labels: { ...instance.slo.alerting.labels, ...instance.labels },
        annotations: instance.slo.alerting.annotations,
        alertName: instance.slo.alerting.name,
      }),
      groupKey: sloGroupKey(instance.slo.name),
    }));
    await ingestAlerts({ ctx, alerts, tx });
  };
}

/** The group of every alert of one SLO (instance). */
export function sloGroupKey(slo: string): string {
  return `slo:${slo}`;
}

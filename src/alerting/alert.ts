import { sha256Hex } from '../core/ids.ts';
import type { Integration } from '../specs/index.ts';

/** `rollout`: a progressive rollout Nines drives failed (src/rollouts). */
export type AlertSource = 'slo' | 'alertmanager' | 'pagerduty' | 'rollout';

/** `acknowledged` only comes from a PagerDuty `acknowledge` event; Nines' own acks live on the page. */
export type AlertStatus = 'firing' | 'resolved' | 'acknowledged';

/** One alert from any intake, in the one shape routing, grouping and paging read. */
export interface NormalisedAlert {
  source: AlertSource;
  /** Integration name; null for Nines' own SLO alerts. */
  integration: string | null;
  /** Identity within source + integration: a re-sent alert with the same fingerprint updates, never duplicates. */
  fingerprint: string;
  /** Alerts with the same groupKey (within source + integration) share one page. */
  groupKey: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  summary: string;
  /** The severity as the sender wrote it (`critical`, `warning`, `page`...), before mapping to P0–P4. */
  sourceSeverity: string | null;
  startsAtMs: number;
  /** When the alert ended; null while it has not. */
  endsAtMs: number | null;
  links: string[];
}

/** A stable identity for a label set (sorted, so key order does not matter): 16 hex characters. */
export function labelsFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key]]);
  return sha256Hex(JSON.stringify(sorted)).slice(0, 16);
}

/**
 * The alert with its integration's labels added; the alert's own labels win, as Prometheus'
 * external labels never override a rule's.
 */
export function withIntegrationLabels(alert: NormalisedAlert, integration: Integration): NormalisedAlert {
  return { ...alert, labels: { ...integration.labels, ...alert.labels } };
}

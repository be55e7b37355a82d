import { z } from 'zod';
import { problemsFromZod } from '../core/zod-problems.ts';
import { labelsFingerprint, type NormalisedAlert } from './alert.ts';
import { readWebhookFast } from './alertmanager-fast-path.ts';
import {
  ALERT_LIMITS,
  annotationMapSchema,
  boundedAnnotations,
  boundedKey,
  labelMapSchema,
  linkSchema,
  truncated,
} from './limits.ts';
import type { Parsed } from './parsed.ts';
import { GO_ZERO_TIME_MS, parseTimestamp } from './timestamps.ts';

const stringMap = z.record(z.string(), z.string());
const timestamp = z
  .string()
  .refine((text) => parseTimestamp(text) !== undefined, 'expected an RFC 3339 timestamp');
const status = z.enum(['firing', 'resolved']);

const alertSchema = z.object({
  status,
  labels: labelMapSchema,
  annotations: annotationMapSchema.default({}),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: linkSchema.optional(),
  fingerprint: z.string().min(1).optional(),
});

/**
 * Alertmanager's webhook body (`version: "4"`). Unknown fields are dropped, not refused: newer
 * Alertmanagers add `notification_reason` and `routeLabels`, Grafana adds `orgId` and `silenceURL`.
 */
export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4', 'must be "4" (the only webhook payload version Alertmanager sends)'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).default(0),
  status,
  receiver: z.string(),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema),
});

export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;
type AlertmanagerAlert = AlertmanagerWebhook['alerts'][number];

/** One webhook notification: one alert group, its alerts normalised. */
export interface AlertmanagerNotification {
  /** As Alertmanager sent it (without the `am:` prefix of each alert's groupKey). */
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  externalUrl: string;
  /** Alerts Alertmanager left out of this notification (`max_alerts`); > 0 means the group is bigger. */
  truncatedAlerts: number;
  alerts: NormalisedAlert[];
}

/** Parses an Alertmanager webhook body into normalised alerts, or lists every problem with its path. */
export function parseAlertmanager(
  body: unknown,
  options: { integration: string },
): Parsed<AlertmanagerNotification> {
  let webhook = readWebhookFast(body);
  if (!webhook) {
    const parsed = alertmanagerWebhookSchema.safeParse(body);
    if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, body) };
    webhook = parsed.data;
  }
  const groupKey = `am:${boundedKey(webhook.groupKey)}`;
  return {
    ok: true,
    groupKey: webhook.groupKey,
    status: webhook.status,
    receiver: webhook.receiver,
    externalUrl: webhook.externalURL,
    truncatedAlerts: webhook.truncatedAlerts,
    alerts: webhook.alerts.map((alert) => normalise(alert, { groupKey, integration: options.integration })),
  };
}

function normalise(
  alert: AlertmanagerAlert,
  group: { groupKey: string; integration: string },
): NormalisedAlert {
  const { labels } = alert;
  const annotations = boundedAnnotations(alert.annotations);
  const summary = annotations.summary || annotations.description || labels.alertname || 'unnamed alert';
  return {
    source: 'alertmanager',
    integration: group.integration,
    fingerprint: boundedKey(alert.fingerprint ?? labelsFingerprint(labels)),
    groupKey: group.groupKey,
    status: alert.status,
    labels,
    annotations,
    summary: truncated(summary, ALERT_LIMITS.summaryChars),
    sourceSeverity: labels.severity ?? null,
    startsAtMs: parseTimestamp(alert.startsAt) as number,
    // A firing alert has not ended, whatever expected end a sender put in endsAt.
    endsAtMs: alert.status === 'resolved' ? endTime(alert.endsAt) : null,
    links: links(alert),
  };
}

/** The zero time (or no endsAt) means the alert has no end. */
function endTime(endsAt: string | undefined): number | null {
  const ms = endsAt === undefined ? undefined : parseTimestamp(endsAt);
  return ms === undefined || ms === GO_ZERO_TIME_MS ? null : ms;
}

function links(alert: AlertmanagerAlert): string[] {
  const candidates = [alert.annotations.runbook_url, alert.generatorURL];
  return candidates.filter((link): link is string => typeof link === 'string' && link !== '');
}

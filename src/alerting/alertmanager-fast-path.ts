import type { AlertmanagerWebhook } from './alertmanager.ts';
import { ALERT_LIMITS } from './limits.ts';
import { parseTimestamp } from './timestamps.ts';

// The webhook schema's check, written out for the common case: a well-formed body is read here in one
// pass with no intermediate objects, and yields exactly what the schema would. Anything this does not
// accept (a mistake, or merely something unusual) goes to the schema, which names every problem.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStatus = (value: unknown): value is 'firing' | 'resolved' =>
  value === 'firing' || value === 'resolved';
const isTimestamp = (value: unknown): value is string =>
  typeof value === 'string' && parseTimestamp(value) !== undefined;

/** A map of strings within the given bounds; the object itself when it is one, else undefined. */
function stringMap(
  value: unknown,
  bounds: { maxEntries: number; minNameChars: number; maxNameChars: number; maxValueChars: number },
): Record<string, string> | undefined {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  let entries = 0;
  for (const name in value) {
    if (!Object.hasOwn(value, name) || name === '__proto__') return undefined;
    const text = value[name];
    if (typeof text !== 'string' || text.length > bounds.maxValueChars) return undefined;
    if (name.length < bounds.minNameChars || name.length > bounds.maxNameChars) return undefined;
    entries += 1;
  }
  return entries <= bounds.maxEntries ? (value as Record<string, string>) : undefined;
}

const labelBounds = {
  maxEntries: ALERT_LIMITS.labels,
  minNameChars: 1,
  maxNameChars: ALERT_LIMITS.labelNameChars,
  maxValueChars: ALERT_LIMITS.labelValueChars,
};
const annotationBounds = {
  maxEntries: ALERT_LIMITS.annotations,
  minNameChars: 0,
  maxNameChars: ALERT_LIMITS.annotationNameChars,
  maxValueChars: Number.POSITIVE_INFINITY,
};
const anyStrings = {
  maxEntries: Number.POSITIVE_INFINITY,
  minNameChars: 0,
  maxNameChars: Number.POSITIVE_INFINITY,
  maxValueChars: Number.POSITIVE_INFINITY,
};

type WebhookAlert = AlertmanagerWebhook['alerts'][number];

function webhookAlert(value: unknown): WebhookAlert | undefined {
  if (!isObject(value)) return undefined;
  const { status, startsAt, endsAt, generatorURL, fingerprint } = value;
  const labels = stringMap(value.labels, labelBounds);
  const annotations = value.annotations === undefined ? {} : stringMap(value.annotations, annotationBounds);
  if (!isStatus(status) || !labels || !annotations || !isTimestamp(startsAt)) return undefined;
  if (endsAt !== undefined && !isTimestamp(endsAt)) return undefined;
  if (
    generatorURL !== undefined &&
    !(typeof generatorURL === 'string' && generatorURL.length <= ALERT_LIMITS.linkChars)
  )
    return undefined;
  if (fingerprint !== undefined && !(typeof fingerprint === 'string' && fingerprint.length > 0))
    return undefined;
  const alert: WebhookAlert = { status, labels, annotations, startsAt };
  if (endsAt !== undefined) alert.endsAt = endsAt;
  if (generatorURL !== undefined) alert.generatorURL = generatorURL;
  if (fingerprint !== undefined) alert.fingerprint = fingerprint;
  return alert;
}

/** The webhook as the schema would read it, or undefined when the schema must look at it. */
export function readWebhookFast(body: unknown): AlertmanagerWebhook | undefined {
  if (!isObject(body) || body.version !== '4' || !Array.isArray(body.alerts)) return undefined;
  const { groupKey, status, receiver, truncatedAlerts = 0, externalURL = '' } = body;
  if (typeof groupKey !== 'string' || groupKey.length === 0 || !isStatus(status)) return undefined;
  if (typeof receiver !== 'string' || typeof externalURL !== 'string') return undefined;
  if (!Number.isSafeInteger(truncatedAlerts) || (truncatedAlerts as number) < 0) return undefined;
  const maps = [body.groupLabels, body.commonLabels, body.commonAnnotations].map((map) =>
    map === undefined ? {} : stringMap(map, anyStrings),
  );
  const [groupLabels, commonLabels, commonAnnotations] = maps;
  if (!groupLabels || !commonLabels || !commonAnnotations) return undefined;
  const alerts: WebhookAlert[] = [];
  for (const value of body.alerts) {
    const alert = webhookAlert(value);
    if (!alert) return undefined;
    alerts.push(alert);
  }
  return {
    version: '4',
    groupKey,
    truncatedAlerts: truncatedAlerts as number,
    status,
    receiver,
    groupLabels,
    commonLabels,
    commonAnnotations,
    externalURL,
    alerts,
  };
}

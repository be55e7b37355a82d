import { z } from 'zod';
import { sha256Hex } from '../core/ids.ts';

/**
 * Bounds on what one alert may carry, whatever its intake (docs/integrations.md, "Limits"). Labels are
 * matched by routes and silences and are part of an alert's identity, so oversized ones are refused (400
 * naming the label); annotations are free text, so a long description is truncated with a visible marker
 * and the alert is still stored; an oversized fingerprint or group key is replaced by its SHA-256.
 */
export const ALERT_LIMITS = {
  labels: 64,
  labelNameChars: 256,
  labelValueChars: 2048,
  annotations: 64,
  annotationNameChars: 256,
  /** One annotation's value; longer ones end with the truncation marker. */
  annotationValueChars: 16 * 1024,
  /** All annotation values of one alert together. */
  annotationTotalChars: 64 * 1024,
  /** Fingerprints and group keys longer than this are stored as `sha256:<hex>`. */
  keyChars: 256,
  linkChars: 4096,
  /** The one-line summary notifications show. */
  summaryChars: 1024,
} as const;

/** Labels: at most 64, names up to 256 characters, values up to 2048. */
export const labelMapSchema = z
  .record(
    z.string().min(1, 'a label name must not be empty').max(ALERT_LIMITS.labelNameChars),
    z.string().max(ALERT_LIMITS.labelValueChars),
  )
  .refine((labels) => Object.keys(labels).length <= ALERT_LIMITS.labels, {
    message: `at most ${ALERT_LIMITS.labels} labels`,
  });

/** Annotations: at most 64, names up to 256 characters; values are truncated, never refused. */
export const annotationMapSchema = z
  .record(z.string().max(ALERT_LIMITS.annotationNameChars), z.string())
  .refine((annotations) => Object.keys(annotations).length <= ALERT_LIMITS.annotations, {
    message: `at most ${ALERT_LIMITS.annotations} annotations`,
  });

export const linkSchema = z.string().max(ALERT_LIMITS.linkChars);

/** What ends a truncated annotation: says how much was cut, so nobody mistakes it for the whole text. */
export function truncationMarker(cutChars: number): string {
  return `… [truncated by Nines: ${cutChars} more characters]`;
}

/** `text` cut to `maxChars` characters, the marker included, when longer. */
export function truncated(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Room for the marker; never split a surrogate pair.
  let keep = Math.max(0, maxChars - truncationMarker(text.length).length);
  if (keep > 0 && /[\ud800-\udbff]/.test(text[keep - 1] ?? '')) keep -= 1;
  return text.slice(0, keep) + truncationMarker(text.length - keep);
}

/**
 * Annotations within the limits: each value at most 16 KiB characters, all together at most 64 KiB (values
 * past the budget keep only their start and the marker). Order and names are kept.
 */
export function boundedAnnotations(annotations: Record<string, string>): Record<string, string> {
  let budget = ALERT_LIMITS.annotationTotalChars;
  const bounded: Record<string, string> = {};
  for (const [name, value] of Object.entries(annotations)) {
    const allowed = Math.max(Math.min(ALERT_LIMITS.annotationValueChars, budget), 256);
    const text = truncated(value, allowed);
    bounded[name] = text;
    budget = Math.max(0, budget - text.length);
  }
  return bounded;
}

/** A fingerprint or group key as stored: itself, or `sha256:<hex>` of it when longer than 256 characters. */
export function boundedKey(key: string): string {
  return key.length <= ALERT_LIMITS.keyChars ? key : `sha256:${sha256Hex(key)}`;
}

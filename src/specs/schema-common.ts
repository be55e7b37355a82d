import { z } from 'zod';
import { parseDuration } from '../core/duration.ts';

/** Names are DNS labels so they fit in URLs, metric labels and file names unchanged. */
export const namePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const nameMessage =
  'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit';

/** A Nines object name (or a reference to one). */
export const nameSchema = z.string().max(63, 'must be at most 63 characters').regex(namePattern, nameMessage);

/** True when `text` is a valid Nines name. */
export function isValidName(text: string): boolean {
  return text.length <= 63 && namePattern.test(text);
}

/** A Prometheus-style duration string such as `30s`, `5m`, `1h30m` or `30d`. */
export const durationSchema = z
  .string()
  // Each check aborts so one bad duration gets one message, also from refinements added by callers.
  .regex(/^(\d+(ms|s|m|h|d|w))+$/, { message: 'expected a duration like 30s, 5m, 1h or 30d', abort: true })
  .refine((text) => parseDuration(text) !== undefined, {
    message: 'duration must be greater than zero',
    abort: true,
  });

/** An http(s) URL. */
export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** True when the runtime knows the IANA time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name, checked against the runtime's Intl data. */
export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, 'unknown time zone: expected an IANA name such as Europe/Paris or UTC');

const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A secret named by the environment variable that holds it. */
export const secretRefSchema = z
  .strictObject({
    env: z.string().regex(envNamePattern, 'expected an environment variable name such as PROM_TOKEN'),
  })
  .meta({ description: 'Read the value from this environment variable at startup.' });

const stringMap = z.record(z.string(), z.string());

/** Kubernetes-style metadata shared by every nines.dev/v1 kind. */
export const metadataSchema = z.strictObject({
  name: nameSchema.meta({ description: 'Unique name within the kind (DNS label).' }),
  labels: stringMap.default({}).meta({ description: 'Free-form key/value labels.' }),
  annotations: stringMap
    .default({})
    .meta({ description: 'Free-form key/value notes for tools; Nines ignores them.' }),
});

export const ninesApiVersion = 'nines.dev/v1';

/** The envelope of a nines.dev/v1 document around a kind's spec. */
export function ninesDocumentSchema<Kind extends string, Spec extends z.ZodType>(kind: Kind, spec: Spec) {
  return z.strictObject({
    apiVersion: z.literal(ninesApiVersion),
    kind: z.literal(kind),
    metadata: metadataSchema,
    // A missing spec reads as {} so the problems name the required fields inside it.
    spec: spec.prefault({} as never),
  });
}

/**
 * A check that exactly one of `keys` is present. It runs even when sibling fields are invalid, so
 * every problem is reported at once (it only looks at which keys are there).
 */
export function exactlyOneOf(keys: readonly string[]) {
  return z.superRefine(
    (value: unknown, ctx) => {
      if (typeof value !== 'object' || value === null) return;
      const present = keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined);
      if (present.length === 1) return;
      const message =
        present.length === 0
          ? `needs exactly one of: ${keys.join(', ')}`
          : `only one of ${keys.join(', ')} may be set (found ${present.join(', ')})`;
      ctx.addIssue({
        code: 'custom',
        message,
        path: present.length === 0 ? [] : [present[1] as string],
        params: { at: 'key' },
      });
    },
    { when: () => true },
  );
}

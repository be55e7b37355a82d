/** RFC 3339 date-time as Go and PagerDuty write it; fractional seconds may have up to 9 digits. */
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds of an RFC 3339 timestamp, or undefined when it is not one. */
export function parseTimestamp(text: string): number | undefined {
  if (!rfc3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Go's zero `time.Time`, which Alertmanager sends as the `endsAt` of a firing alert. */
export const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

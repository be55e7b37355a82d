import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertmanagerWebhookSchema } from './alertmanager.ts';
import { readWebhookFast } from './alertmanager-fast-path.ts';

const sample = JSON.parse(
  readFileSync(new URL('./fixtures/alertmanager-webhook-v4.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** Values near every bound the schema checks, and values of the wrong kind. */
const anyValue = fc.oneof(
  fc.constantFrom('firing', 'resolved', 'pending', '4', '', '2026-12-06T12:00:00Z', '0001-01-01T00:00:00Z'),
  fc.constantFrom('2026-12-06 12:00:00+01:00', '2026-13-06T12:00:00Z', 'x'.repeat(257), 'y'.repeat(2049)),
  fc.constantFrom('u'.repeat(4096), 'u'.repeat(4097)),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -2, max: 3 }),
  fc.constantFrom(null, true, 1.5, [], {}, { a: 1 }, { a: 'b' }),
);
const stringMap = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 4 }), { maxKeys: 4 }),
  fc.dictionary(fc.constantFrom('', 'a', 'z'.repeat(257)), anyValue, { maxKeys: 3 }),
  fc.constant(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v']))),
  anyValue,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly the valid value, sometimes anything: most bodies are valid but for one or two fields. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: anyValue, weight: 1 });
const labels = fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.string({ maxLength: 4 }), {
  maxKeys: 4,
});
const alert = fc.record(
  {
    status: mostly(fc.constantFrom('firing', 'resolved')),
    labels: fc.oneof({ arbitrary: labels, weight: 12 }, { arbitrary: stringMap, weight: 1 }),
    annotations: maybe(fc.oneof({ arbitrary: labels, weight: 12 }, { arbitrary: stringMap, weight: 1 })),
    startsAt: mostly(fc.constant('2026-12-06T12:00:00.123456789Z')),
    endsAt: maybe(mostly(fc.constant('0001-01-01T00:00:00Z'))),
    generatorURL: maybe(mostly(fc.constant('http://prometheus/graph'))),
    fingerprint: maybe(mostly(fc.string({ minLength: 1, maxLength: 4 }))),
    extra: maybe(anyValue),
  },
  { requiredKeys: ['labels', 'startsAt'] },
);
const webhook = fc.record(
  {
    version: mostly(fc.constant('4')),
    groupKey: mostly(fc.constant('{}:{alertname="x"}')),
    truncatedAlerts: maybe(mostly(fc.constantFrom(0, 3, -1, 0.5, 2 ** 60))),
    status: mostly(fc.constantFrom('firing', 'resolved')),
    receiver: mostly(fc.constant('nines')),
    groupLabels: maybe(mostly(labels)),
    commonLabels: maybe(mostly(labels)),
    commonAnnotations: maybe(mostly(labels)),
    externalURL: maybe(mostly(fc.constant('http://am'))),
    alerts: mostly(fc.array(alert, { maxLength: 3 })),
  },
  { requiredKeys: ['version', 'alerts'] },
);

/** As JSON.parse gives it: no undefined members. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('the Alertmanager webhook fast path', () => {
  it('reads the sample notification as the schema does', () => {
    expect(readWebhookFast(sample)).toEqual(alertmanagerWebhookSchema.parse(sample));
  });

  it('never accepts a body the schema refuses, and reads every body it accepts as the schema does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(webhook, (generated) => {
        const body = asJson(generated);
        const fast = readWebhookFast(body);
        if (fast === undefined) return;
        accepted += 1;
        const slow = alertmanagerWebhookSchema.safeParse(body);
        expect(slow.success).toBe(true);
        expect(fast).toStrictEqual(slow.data);
      }),
      { numRuns: 3000 },
    );
    // The generator reaches the accepting path, so the comparison above is not vacuous.
    expect(accepted).toBeGreaterThan(100);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePagerDutyEvent } from './pagerduty.ts';

const samples = JSON.parse(
  readFileSync(new URL('./fixtures/pagerduty-events-v2.json', import.meta.url), 'utf8'),
) as Record<
  'trigger' | 'acknowledge' | 'resolve',
  Record<string, unknown> & { payload: Record<string, unknown> }
>;

const nowMs = Date.UTC(2026, 10, 20, 15, 0, 0);
const options = { nowMs, newDedupKey: () => 'generated-key' };
const routingKey = 'R0UTINGKEY0FTHENINESINTEGRATI0N1';

function parseOk(body: unknown) {
  const result = parsePagerDutyEvent(body, options);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result;
}

function problemsOf(body: unknown) {
  const result = parsePagerDutyEvent(body, options);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parsePagerDutyEvent', () => {
  it('reads the sample trigger into an alert keyed by its dedup_key', () => {
    const result = parseOk(samples.trigger);
    expect(result).toEqual({
      ok: true,
      action: 'trigger',
      routingKey,
      dedupKey: 'disk-full/db-3',
      dedupKeyGenerated: false,
      alert: {
        source: 'pagerduty',
        fingerprint: 'disk-full/db-3',
        groupKey: 'pd:disk-full/db-3',
        status: 'firing',
        labels: {
          severity: 'critical',
          source: 'db-3.internal',
          component: 'postgres',
          group: 'payments',
          class: 'disk',
        },
        annotations: { free_bytes: '1073741824' },
        summary: 'Disk 95 % full on db-3',
        sourceSeverity: 'critical',
        startsAtMs: nowMs,
        endsAtMs: null,
        links: ['https://grafana.internal/d/disk'],
      },
    });
  });

  it('reads acknowledge and resolve as updates of the alert they name', () => {
    expect(parseOk(samples.acknowledge)).toEqual({
      ok: true,
      action: 'acknowledge',
      routingKey,
      dedupKey: 'disk-full/db-3',
    });
    expect(parseOk(samples.resolve)).toEqual({
      ok: true,
      action: 'resolve',
      routingKey,
      dedupKey: 'disk-full/db-3',
    });
  });

  it('ignores a payload on resolve, as Alertmanager sends one', () => {
    const body = { ...samples.resolve, payload: { summary: '' } };
    expect(parseOk(body).action).toBe('resolve');
  });

  it('generates a dedup_key for a trigger without one', () => {
    const { dedup_key: _, ...body } = samples.trigger;
    const result = parseOk(body);
    if (result.action !== 'trigger') throw new Error('expected a trigger');
    expect([result.dedupKey, result.dedupKeyGenerated]).toEqual(['generated-key', true]);
    expect([result.alert.fingerprint, result.alert.groupKey]).toEqual(['generated-key', 'pd:generated-key']);
  });

  it('takes the payload timestamp as the start, and string custom details as labels', () => {
    const body = {
      ...samples.trigger,
      payload: {
        ...samples.trigger.payload,
        timestamp: '2026-11-20T14:55:30.250+0000',
        custom_details: { service: 'ledger', severity: 'info', attempts: 3, nested: { a: 1 } },
      },
      client: 'Zabbix',
      client_url: 'https://zabbix.internal',
      images: [{ src: 'https://img/1.png', href: 'https://grafana.internal/d/disk' }],
    };
    const result = parseOk(body);
    if (result.action !== 'trigger') throw new Error('expected a trigger');
    expect(result.alert.startsAtMs).toBe(Date.UTC(2026, 10, 20, 14, 55, 30, 250));
    expect(result.alert.labels).toEqual({
      service: 'ledger',
      severity: 'critical',
      source: 'db-3.internal',
      component: 'postgres',
      group: 'payments',
      class: 'disk',
    });
    expect(result.alert.annotations).toEqual({
      service: 'ledger',
      severity: 'info',
      attempts: '3',
      nested: '{"a":1}',
      client: 'Zabbix',
    });
    expect(result.alert.links).toEqual(['https://grafana.internal/d/disk', 'https://zabbix.internal']);
  });

  it('keeps custom details sent as plain text as an annotation', () => {
    const body = {
      ...samples.trigger,
      payload: { ...samples.trigger.payload, custom_details: 'df says 95 %' },
    };
    const result = parseOk(body);
    if (result.action !== 'trigger') throw new Error('expected a trigger');
    expect(result.alert.annotations).toEqual({ details: 'df says 95 %' });
    expect(result.alert.labels.details).toBeUndefined();
  });

  it('refuses a trigger without a payload', () => {
    const { payload: _, ...body } = samples.trigger;
    expect(problemsOf(body)).toEqual([{ path: 'payload', message: 'required' }]);
  });

  it('refuses a severity PagerDuty does not know', () => {
    const body = { ...samples.trigger, payload: { ...samples.trigger.payload, severity: 'fatal' } };
    expect(problemsOf(body)).toEqual([
      { path: 'payload.severity', message: expect.stringContaining('"critical"|"error"|"warning"|"info"') },
    ]);
  });

  it('refuses a routing_key that is not 32 characters', () => {
    expect(problemsOf({ ...samples.resolve, routing_key: 'R0UTINGKEY' })).toEqual([
      { path: 'routing_key', message: 'must be exactly 32 characters (an integration key)' },
    ]);
  });

  it('refuses acknowledge without a dedup_key, an unknown action, and over-long fields', () => {
    expect(problemsOf({ routing_key: routingKey, event_action: 'acknowledge' })).toEqual([
      { path: 'dedup_key', message: 'required' },
    ]);
    expect(problemsOf({ ...samples.resolve, event_action: 'snooze' })).toEqual([
      { path: 'event_action', message: expect.stringContaining("'trigger' | 'acknowledge' | 'resolve'") },
    ]);
    const long = {
      ...samples.trigger,
      dedup_key: 'k'.repeat(256),
      payload: { ...samples.trigger.payload, summary: 's'.repeat(1025), source: '' },
    };
    expect(problemsOf(long)).toEqual([
      { path: 'dedup_key', message: 'must be at most 255 characters' },
      { path: 'payload.summary', message: 'must be at most 1024 characters' },
      { path: 'payload.source', message: 'must not be empty' },
    ]);
  });

  it('accepts the longest summary and dedup_key PagerDuty allows', () => {
    const body = {
      ...samples.trigger,
      dedup_key: 'k'.repeat(255),
      payload: { ...samples.trigger.payload, summary: 's'.repeat(1024) },
    };
    expect(parseOk(body).dedupKey).toHaveLength(255);
  });
});

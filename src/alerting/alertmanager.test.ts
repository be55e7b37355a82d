import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelsFingerprint } from './alert.ts';
import { parseAlertmanager } from './alertmanager.ts';

const sample = JSON.parse(
  readFileSync(new URL('./fixtures/alertmanager-webhook-v4.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { alerts: Record<string, unknown>[] };

const integration = { integration: 'prod-alertmanager' };

function parseOk(body: unknown) {
  const result = parseAlertmanager(body, integration);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result;
}

function problemsOf(body: unknown) {
  const result = parseAlertmanager(body, integration);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseAlertmanager', () => {
  it('reads the sample notification exactly', () => {
    const result = parseOk(sample);
    expect(result.groupKey).toBe('{}/{severity="critical"}:{alertname="HighErrorRate", service="orders"}');
    expect(result.status).toBe('firing');
    expect(result.receiver).toBe('nines');
    expect(result.externalUrl).toBe('http://alertmanager.internal:9093');
    expect(result.truncatedAlerts).toBe(0);
    expect(result.alerts).toEqual([
      {
        source: 'alertmanager',
        integration: 'prod-alertmanager',
        fingerprint: '5f2a9c1d0e7b3a44',
        groupKey: 'am:{}/{severity="critical"}:{alertname="HighErrorRate", service="orders"}',
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          service: 'orders',
          severity: 'critical',
          pod: 'orders-7d9f-abcde',
        },
        annotations: {
          summary: 'orders error rate above 5 %',
          runbook_url: 'https://runbooks.internal/orders/high-error-rate',
        },
        summary: 'orders error rate above 5 %',
        sourceSeverity: 'critical',
        startsAtMs: Date.UTC(2026, 10, 20, 14, 32, 5, 120),
        endsAtMs: null,
        links: [
          'https://runbooks.internal/orders/high-error-rate',
          'http://prometheus.internal:9090/graph?g0.expr=job%3Aerrors%3Aratio5m+%3E+0.05',
        ],
      },
      expect.objectContaining({
        fingerprint: 'a81c44e09b2f6d10',
        startsAtMs: Date.UTC(2026, 10, 20, 14, 32, 35, 4),
        endsAtMs: null,
      }),
    ]);
  });

  it('resolves a resolved group with the time each alert ended', () => {
    const resolved = {
      ...sample,
      status: 'resolved',
      alerts: sample.alerts.map((alert) => ({
        ...alert,
        status: 'resolved',
        endsAt: '2026-11-20T14:40:00.5+01:00',
      })),
    };
    const result = parseOk(resolved);
    expect(result.status).toBe('resolved');
    expect(result.alerts.map((alert) => [alert.status, alert.endsAtMs])).toEqual([
      ['resolved', Date.UTC(2026, 10, 20, 13, 40, 0, 500)],
      ['resolved', Date.UTC(2026, 10, 20, 13, 40, 0, 500)],
    ]);
  });

  it('keeps truncatedAlerts so the caller knows the group is bigger than what arrived', () => {
    expect(parseOk({ ...sample, truncatedAlerts: 3 }).truncatedAlerts).toBe(3);
  });

  it('reads nanosecond timestamps with an offset, as Go writes them', () => {
    const alert = { ...sample.alerts[0], startsAt: '2018-08-03T09:52:26.739266876+02:00' };
    expect(parseOk({ ...sample, alerts: [alert] }).alerts[0]?.startsAtMs).toBe(
      Date.UTC(2018, 7, 3, 7, 52, 26, 739),
    );
  });

  it('treats a firing alert as not ended even when the sender put an expected end in endsAt', () => {
    const alert = { ...sample.alerts[0], endsAt: '2026-11-20T15:00:00Z' };
    expect(parseOk({ ...sample, alerts: [alert] }).alerts[0]?.endsAtMs).toBeNull();
  });

  it('gives an alert without a fingerprint a stable one from its labels', () => {
    const { fingerprint: _, ...alert } = sample.alerts[0] as Record<string, unknown>;
    const reordered = {
      ...alert,
      labels: {
        pod: 'orders-7d9f-abcde',
        severity: 'critical',
        service: 'orders',
        alertname: 'HighErrorRate',
      },
    };
    const first = parseOk({ ...sample, alerts: [alert] }).alerts[0]?.fingerprint;
    const second = parseOk({ ...sample, alerts: [reordered] }).alerts[0]?.fingerprint;
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toBe(first);
    expect(labelsFingerprint({ a: '1' })).not.toBe(labelsFingerprint({ a: '2' }));
  });

  it('tolerates fields newer Alertmanagers and Grafana add', () => {
    const body = {
      ...sample,
      notification_reason: 'new_alert',
      routeLabels: { team: 'orders' },
      alerts: [{ ...sample.alerts[0], silenceURL: 'http://grafana/silence' }],
    };
    expect(parseOk(body).alerts).toHaveLength(1);
  });

  it('falls back from summary to description to alertname', () => {
    const base = sample.alerts[0] as Record<string, unknown>;
    const summaryOf = (annotations: Record<string, string>) =>
      parseOk({ ...sample, alerts: [{ ...base, annotations }] }).alerts[0]?.summary;
    expect(summaryOf({ description: 'error rate is 7 %' })).toBe('error rate is 7 %');
    expect(summaryOf({})).toBe('HighErrorRate');
  });

  it('refuses another payload version', () => {
    expect(problemsOf({ ...sample, version: '3' })).toEqual([
      { path: 'version', message: 'must be "4" (the only webhook payload version Alertmanager sends)' },
    ]);
  });

  it('reports every problem with its path', () => {
    const { groupKey: _, ...withoutGroupKey } = sample;
    const body = {
      ...withoutGroupKey,
      alerts: [
        { ...sample.alerts[0], startsAt: 'yesterday' },
        { ...sample.alerts[1], status: 'pending', labels: { pod: 7 } },
      ],
    };
    expect(problemsOf(body)).toEqual([
      { path: 'groupKey', message: 'required' },
      { path: 'alerts.0.startsAt', message: 'expected an RFC 3339 timestamp' },
      { path: 'alerts.1.status', message: expect.stringContaining('"firing"|"resolved"') },
      { path: 'alerts.1.labels.pod', message: expect.stringContaining('expected string') },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: expect.stringContaining('expected object') }]);
  });
});

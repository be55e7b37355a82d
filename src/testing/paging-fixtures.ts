import { readFileSync } from 'node:fs';
import type { NormalisedAlert } from '../alerting/index.ts';
import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import type { Model } from '../specs/index.ts';
import { makePerson } from './alerting-fixtures.ts';
import { createTestApp, makeService, START, type TestApp, testModel } from './test-app.ts';

const source = { file: 'oncall.yaml', line: 1, col: 1 };
const origin = 'nines' as const;
const startMs = Date.parse(START);

/** The routing key of the fixture's PagerDuty events, configured as `{env: PD_ROUTING_KEY}`. */
export const PD_KEY = 'R0UTINGKEY0FTHENINESINTEGRATI0N1';
/** Carol's Slack webhook URL: its path is a secret the API must never show. */
export const CAROL_SLACK_URL = 'https://hooks.slack.test/services/T000/B000/s3cr3t';

/**
 * The test model plus on-call: service `orders` of team `commerce`, whose policy pages the weekly
 * `commerce-primary` rotation (alice from 2026-03-02 09:00 UTC, then bob, then carol) and then carol;
 * an Alertmanager and a PagerDuty integration; a config silence of `search` around START.
 */
export function pagingModel(): Model {
  const base = testModel();
  return {
    ...base,
    services: [...base.services, makeService('orders', { owner: 'commerce' })],
    teams: [
      {
        name: 'commerce',
        members: ['alice', 'bob', 'carol'],
        contacts: [{ kind: 'email', address: 'commerce@example.test' }],
        escalationPolicy: 'commerce-policy',
        origin,
        source,
      },
    ],
    persons: [
      makePerson('alice', {
        contacts: [{ kind: 'webhook', url: 'https://hooks.example.test/alice?token=s3cr3t' }],
      }),
      makePerson('bob', { contacts: [{ kind: 'email', address: 'bob@example.test' }] }),
      makePerson('carol', { contacts: [{ kind: 'slack', webhookUrl: { env: 'CAROL_SLACK' } }] }),
    ],
    schedules: [
      {
        name: 'commerce-primary',
        layers: [
          {
            name: 'weekly',
            participants: ['alice', 'bob', 'carol'],
            turn: { every: 1, unit: 'weeks' },
            start: '2026-03-02T09:00',
            timeZone: 'UTC',
            restrictions: [],
          },
        ],
        origin,
        source,
      },
    ],
    escalationPolicies: [
      {
        name: 'commerce-policy',
        levels: [
          { targets: [{ kind: 'schedule', name: 'commerce-primary' }], ackTimeoutMs: 5 * MINUTE_MS },
          { targets: [{ kind: 'person', name: 'carol' }], ackTimeoutMs: 10 * MINUTE_MS },
        ],
        repeat: 0,
        origin,
        source,
      },
    ],
    integrations: [
      { name: 'prod-am', kind: 'alertmanager', labels: { env: 'prod' }, origin, source },
      {
        name: 'pd-db',
        kind: 'pagerduty',
        routingKey: { env: 'PD_ROUTING_KEY' },
        service: 'orders',
        labels: { env: 'prod' },
        origin,
        source,
      },
    ],
    silences: [
      {
        name: 'search-maintenance',
        matchers: [{ label: 'service', op: '=', value: 'search' }],
        startMs: startMs - HOUR_MS,
        endMs: startMs + HOUR_MS,
        comment: 'reindexing',
        origin,
        source,
      },
    ],
  };
}

/** The test app over `pagingModel()` with the integration and contact secrets in its env. */
export function createPagingApp(): Promise<TestApp> {
  return createTestApp({
    model: pagingModel(),
    env: { PD_ROUTING_KEY: PD_KEY, CAROL_SLACK: CAROL_SLACK_URL },
  });
}

/** A firing Alertmanager alert for `service`, its own group unless `groupKey` says otherwise. */
export function firingAlert(fingerprint: string, overrides: Partial<NormalisedAlert> = {}): NormalisedAlert {
  return {
    source: 'alertmanager',
    integration: 'alertmanager',
    fingerprint,
    groupKey: `group-${fingerprint}`,
    status: 'firing',
    labels: { alertname: 'HighErrorRate', service: 'orders', severity: 'critical', instance: fingerprint },
    annotations: {},
    summary: `orders errors (${fingerprint})`,
    sourceSeverity: 'critical',
    startsAtMs: startMs,
    endsAtMs: null,
    links: [],
    ...overrides,
  };
}

/** A fixture from src/alerting/fixtures, parsed. */
export function alertingFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../alerting/fixtures/${name}`, import.meta.url), 'utf8'));
}

/** The response's JSON body, after checking its status. */
export async function expectJson<T>(response: Response, status: number): Promise<T> {
  const body = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

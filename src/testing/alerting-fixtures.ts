import type { NormalisedAlert } from '../alerting/alert.ts';
import type { AlertRoute, LabelMatcher, Person, Service, Silence, Team } from '../specs/index.ts';

const source = { file: 'test.yaml', line: 1, col: 1 };

/** A firing Alertmanager alert for tests; labels and fields override the defaults. */
export function makeAlert(overrides: Partial<NormalisedAlert> = {}): NormalisedAlert {
  return {
    source: 'alertmanager',
    integration: 'prod-alertmanager',
    fingerprint: 'f1',
    groupKey: 'am:group',
    status: 'firing',
    labels: { alertname: 'HighErrorRate', service: 'orders' },
    annotations: {},
    summary: 'orders error rate above 5 %',
    sourceSeverity: null,
    startsAtMs: 0,
    endsAtMs: null,
    links: [],
    ...overrides,
  };
}

export function makeService(name: string, overrides: Partial<Service> = {}): Service {
  return {
    name,
    tier: 2,
    lifecycle: 'production',
    dependsOn: [],
    links: [],
    tags: [],
    origin: 'nines',
    source,
    ...overrides,
  };
}

/** A person in UTC whose one contact is a webhook on a closed local port (nothing listens on 9). */
export function makePerson(name: string, overrides: Partial<Person> = {}): Person {
  return {
    name,
    timeZone: 'UTC',
    contacts: [{ kind: 'webhook', url: `http://127.0.0.1:9/${name}` }],
    origin: 'nines',
    source,
    ...overrides,
  };
}

export function makeTeam(name: string, overrides: Partial<Team> = {}): Team {
  return { name, members: [], contacts: [], origin: 'nines', source, ...overrides };
}

export function makeRoute(
  name: string,
  matchers: LabelMatcher[],
  overrides: Partial<AlertRoute> = {},
): AlertRoute {
  return { name, matchers, origin: 'nines', source, ...overrides };
}

export function makeSilence(
  name: string,
  matchers: LabelMatcher[],
  window: { startMs: number; endMs: number },
): Silence {
  return { name, matchers, ...window, origin: 'nines', source };
}

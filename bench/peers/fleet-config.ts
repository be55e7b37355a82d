import { FLEET_METRIC } from './fleet.ts';

// Nines configuration for the fleet: one Service and one SLO per fleet service, each SLO's indicator a
// query shape the remote-write receiver evaluates itself (`sum(rate(selector[{{.window}}]))`), so the
// same files serve the polled Nines, the remote-write-fed one and `nines rules prometheus`.

const doc = (kind: string, name: string, spec: string) =>
  `apiVersion: nines.dev/v1\nkind: ${kind}\nmetadata: { name: ${name} }\nspec: ${spec}`;

/** A DataSource named `name` reading (or, with `remoteWrite`, written to by) the Prometheus at `url`. */
export function dataSourceYaml(name: string, url: string, remoteWrite: boolean): string {
  return doc('DataSource', name, `{ type: prometheus, url: "${url}", remoteWrite: ${remoteWrite} }`);
}

/** A 99.9 %/30 d availability SLO on fleet service `service`, read through DataSource `source`. */
export function fleetSloYaml(options: { name: string; service: string; source: string }): string {
  const selector = (extra: string) => `${FLEET_METRIC}{service="${options.service}"${extra}}`;
  return `${doc('SLO', options.name, '')}
  service: ${options.service}
  objective: 99.9
  window: 30d
  indicator:
    prometheus:
      source: ${options.source}
      errorQuery: sum(rate(${selector(',code="500"')}[{{.window}}]))
      totalQuery: sum(rate(${selector('')}[{{.window}}]))`;
}

/** Team `fleet` and one Service per name; with `policy`, the team's pages go to that escalation policy. */
export function catalogYaml(services: string[], policy?: string): string {
  const team = doc('Team', 'fleet', policy ? `{ members: [ana], escalationPolicy: ${policy} }` : '{}');
  return [team, ...services.map((service) => doc('Service', service, '{ owner: fleet }'))].join('\n---\n');
}

/** Person `ana`, on call all the time, reached by a webhook at `url`, with escalation policy `default`. */
export function pagingYaml(url: string): string {
  return [
    doc('Person', 'ana', `\n  contacts:\n    - webhook: { url: "${url}" }`),
    doc(
      'Schedule',
      'primary',
      '\n  layers:\n    - { name: l, participants: [ana], turn: 1w, start: "2026-01-05T09:00" }',
    ),
    doc(
      'EscalationPolicy',
      'default',
      '\n  levels:\n    - { ackTimeout: 5m, targets: [{ schedule: primary }] }',
    ),
  ].join('\n---\n');
}

/** A push-fed 99.9 %/30 d SLO on `service` (`POST /api/v1/sli-events`). */
export function pushedSloYaml(name: string, service: string): string {
  return doc('SLO', name, `{ service: ${service}, objective: 99.9, window: 30d, indicator: { events: {} } }`);
}

/** The fleet's N steady SLOs, one per service, all read through DataSource `default`. */
export function steadyConfig(
  services: string[],
  sourceUrl: string,
  remoteWrite: boolean,
): Record<string, string> {
  return {
    'catalog.yaml': catalogYaml(services),
    'source.yaml': dataSourceYaml('default', sourceUrl, remoteWrite),
    'slos.yaml': services
      .map((service) => fleetSloYaml({ name: `${service}-availability`, service, source: 'default' }))
      .join('\n---\n'),
  };
}

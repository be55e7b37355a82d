import { parseDuration } from '../core/duration.ts';
import { type Collected, collected, type Reference } from './entries.ts';
import type { Team, Tier } from './model/catalog.ts';
import type { SourceLocation } from './model/common.ts';
import type { BudgetState, ErrorBudgetPolicy } from './model/slos.ts';
import type { ProbeCheck } from './model/sources.ts';
import { problemAt } from './problems.ts';
import type { NinesDocument } from './schema.ts';
import { isEmailMember } from './schema-catalog.ts';
import { toContactMethod } from './schema-contacts.ts';
import { defaultBlockExemptions, defaultDeployActions } from './schema-policy.ts';
import type { YamlDocument } from './yaml-documents.ts';

/** Where a nines.dev/v1 definition is: its metadata.name. */
export function nameLocation(doc: YamlDocument): SourceLocation {
  return doc.at(['metadata', 'name']);
}

/** Appended to a member's broken-reference message: e-mail addresses need no Person. */
export const memberHint = 'members are Person names or e-mail addresses';

/** A Team document as model entries, with its members (but e-mail addresses) and policy to check. */
export function teamToModel({ metadata, spec }: NinesDocument<'Team'>, doc: YamlDocument): Collected {
  const value: Team = {
    name: metadata.name,
    ...(spec.displayName ? { displayName: spec.displayName } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    members: spec.members,
    ...(spec.channel ? { channel: spec.channel } : {}),
    contacts: spec.contacts.map(toContactMethod),
    ...(spec.escalationPolicy ? { escalationPolicy: spec.escalationPolicy } : {}),
    origin: 'nines',
    source: nameLocation(doc),
  };
  const refs: Reference[] = spec.members.flatMap((name, index) =>
    isEmailMember(name)
      ? []
      : [{ kind: 'persons' as const, name, at: doc.at(['spec', 'members', index]), hint: memberHint }],
  );
  if (spec.escalationPolicy)
    refs.push({
      kind: 'escalationPolicies',
      name: spec.escalationPolicy,
      at: doc.at(['spec', 'escalationPolicy']),
    });
  return collected({ entries: [{ kind: 'teams', value, refs }] });
}

/** A Service document as model entries, with its owner and dependencies to check. */
export function serviceToModel({ metadata, spec }: NinesDocument<'Service'>, doc: YamlDocument): Collected {
  const refs: Reference[] = [
    { kind: 'teams', name: spec.owner, at: doc.at(['spec', 'owner']) },
    ...spec.dependsOn.map((name, index) => ({
      kind: 'services' as const,
      name,
      at: doc.at(['spec', 'dependsOn', index]),
    })),
  ];
  const problems = Object.keys(spec.calls)
    .filter((name) => !spec.dependsOn.includes(name))
    .map((name) =>
      problemAt(
        doc.keyAt(['spec', 'calls', name]),
        `calls.${name}: "${name}" is not in dependsOn; list it there first`,
      ),
    );
  const calls = Object.fromEntries(
    Object.entries(spec.calls).map(([name, call]) => [
      name,
      {
        ...(call.timeout === undefined ? {} : { timeoutMs: parseDuration(call.timeout) as number }),
        ...(call.retries === undefined ? {} : { retries: call.retries }),
        ...(call.circuitBreaker === undefined ? {} : { circuitBreaker: call.circuitBreaker }),
      },
    ]),
  );
  const value = {
    name: metadata.name,
    ...spec,
    calls,
    tier: spec.tier as Tier,
    origin: 'nines' as const,
    source: nameLocation(doc),
  };
  if (problems.length > 0) return collected({ problems });
  return collected({ entries: [{ kind: 'services', value, refs }] });
}

/** A DataSource document as model entries. */
export function dataSourceToModel(
  { metadata, spec }: NinesDocument<'DataSource'>,
  doc: YamlDocument,
): Collected {
  const value = {
    name: metadata.name,
    kind: spec.type,
    url: spec.url,
    headers: spec.headers,
    ...(spec.bearerToken ? { bearerToken: spec.bearerToken } : {}),
    timeoutMs: parseDuration(spec.timeout) as number,
    stepMs: parseDuration(spec.step) as number,
    ...(spec.remoteWrite ? { remoteWrite: true } : {}),
    origin: 'nines' as const,
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'dataSources', value, refs: [] }] });
}

/** The model always carries host:port; 53 is DNS's port. */
function withDnsPort(server: string): string {
  return /:\d+$/.test(server) ? server : `${server}:53`;
}

/** Any 2xx, spelled out because the model holds an explicit list. */
const any2xx = Array.from({ length: 100 }, (_, index) => 200 + index);

function toCheck(spec: NinesDocument<'Probe'>['spec']): ProbeCheck {
  if (spec.tcp) return { kind: 'tcp', ...spec.tcp };
  if (spec.dns) {
    const { server, ...dns } = spec.dns;
    return { kind: 'dns', ...dns, ...(server ? { server: withDnsPort(server) } : {}) };
  }
  const { expectStatus, maxResponseTime, ...http } = spec.http as NonNullable<typeof spec.http>;
  const statuses =
    expectStatus === undefined
      ? [...any2xx]
      : typeof expectStatus === 'number'
        ? [expectStatus]
        : expectStatus;
  return {
    kind: 'http',
    ...http,
    expectStatus: statuses,
    ...(maxResponseTime ? { maxResponseMs: parseDuration(maxResponseTime) as number } : {}),
  };
}

/** A Probe document as model entries; the timeout must fit in the interval. */
export function probeToModel({ metadata, spec }: NinesDocument<'Probe'>, doc: YamlDocument): Collected {
  const intervalMs = parseDuration(spec.interval) as number;
  const timeoutMs = parseDuration(spec.timeout) as number;
  const problems = [];
  if (timeoutMs > intervalMs) {
    problems.push(
      problemAt(
        doc.at(['spec', 'timeout']),
        `timeout (${spec.timeout}) must not exceed interval (${spec.interval})`,
      ),
    );
  }
  if (spec.http?.minCertDays !== undefined && !spec.http.url.startsWith('https:')) {
    problems.push(problemAt(doc.at(['spec', 'http', 'minCertDays']), 'minCertDays needs an https:// url'));
  }
  const refs: Reference[] = spec.service
    ? [{ kind: 'services', name: spec.service, at: doc.at(['spec', 'service']) }]
    : [];
  const value = {
    name: metadata.name,
    ...(spec.service ? { service: spec.service } : {}),
    intervalMs,
    timeoutMs,
    retries: spec.retries,
    check: toCheck(spec),
    origin: 'nines' as const,
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'probes', value, refs }], problems });
}

const budgetStates: readonly BudgetState[] = ['healthy', 'caution', 'warning', 'critical', 'exhausted'];

/** An ErrorBudgetPolicy document as model entries; unset actions take the state defaults. */
export function policyToModel(
  { metadata, spec }: NinesDocument<'ErrorBudgetPolicy'>,
  doc: YamlDocument,
): Collected {
  const actions: ErrorBudgetPolicy['actions'] = {};
  for (const state of budgetStates) {
    const action = spec.actions[state];
    actions[state] = {
      deploy: action?.deploy ?? defaultDeployActions[state],
      allow: [...(action?.allow ?? defaultBlockExemptions)],
      ...(action?.description ? { description: action.description } : {}),
    };
  }
  const value = {
    name: metadata.name,
    thresholds: spec.thresholds,
    actions,
    origin: 'nines' as const,
    source: nameLocation(doc),
  };
  return collected({ entries: [{ kind: 'policies', value, refs: [] }] });
}

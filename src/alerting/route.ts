import type { AlertRoute, Integration, Service, Severity, Team } from '../specs/index.ts';
import type { NormalisedAlert } from './alert.ts';
import { matchesAll } from './matchers.ts';
import { defaultSeverity } from './severity.ts';

export interface RouteAlertInput {
  alert: NormalisedAlert;
  /** In config order: the first whose matchers all hold decides. */
  routes: readonly AlertRoute[];
  services: readonly Service[];
  teams: readonly Team[];
  /** To fall back to the alert's integration's service. */
  integrations?: readonly Integration[];
}

/** Where an alert goes; a null part means nothing decided it (the alert is recorded, not paged). */
export interface RoutedAlert {
  service: string | null;
  team: string | null;
  severity: Severity;
  escalationPolicy: string | null;
  /** The route that matched, if one did. */
  route: string | null;
}

/**
 * Routes an alert: the first route whose matchers all hold (no matchers: every alert) sets what it names;
 * the rest falls back to the alert's `service` label when it names a known service (else the
 * integration's service), that service's owner team, the team's escalation policy, and the default
 * severity.
 */
export function routeAlert(input: RouteAlertInput): RoutedAlert {
  const { alert } = input;
  const route = input.routes.find((candidate) => matchesAll(candidate.matchers, alert.labels));
  const serviceName = route?.service ?? labelledService(input) ?? integrationService(input);
  const service = input.services.find((candidate) => candidate.name === serviceName);
  const teamName = service?.owner ?? null;
  const team = input.teams.find((candidate) => candidate.name === teamName);
  return {
    service: serviceName ?? null,
    team: teamName,
    severity: route?.severity ?? defaultSeverity(alert, { tier: service?.tier ?? null }),
    escalationPolicy: route?.escalationPolicy ?? team?.escalationPolicy ?? null,
    route: route?.name ?? null,
  };
}

function labelledService(input: RouteAlertInput): string | undefined {
  const name = input.alert.labels.service;
  return input.services.some((service) => service.name === name) ? name : undefined;
}

function integrationService(input: RouteAlertInput): string | undefined {
  if (input.alert.integration === null) return undefined;
  return input.integrations?.find((integration) => integration.name === input.alert.integration)?.service;
}

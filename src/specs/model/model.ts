// The normalised model every config format is read into (our nines.dev/v1 kinds, OpenSLO v1,
// Sloth prometheus/v1, Backstage). Everything downstream (engine, API, rules export) reads only this.
// Durations are milliseconds, objectives are percents, times are epoch milliseconds.

import type { AlertRoute, Integration, Silence } from './alerting.ts';
import type { Service, Team } from './catalog.ts';
import type { FreezeWindow } from './deploys.ts';
import type { IncidentPolicy } from './incidents.ts';
import type { EscalationPolicy, Person, Schedule } from './oncall.ts';
import type { RolloutPlan } from './rollouts.ts';
import type { ErrorBudgetPolicy, Slo } from './slos.ts';
import type { DataSource, Probe } from './sources.ts';
import type { StatusPage } from './status-page.ts';

/** Everything a config directory defines, names unique per kind, references checked. */
export interface Model {
  teams: Team[];
  services: Service[];
  dataSources: DataSource[];
  probes: Probe[];
  policies: ErrorBudgetPolicy[];
  slos: Slo[];
  persons: Person[];
  schedules: Schedule[];
  escalationPolicies: EscalationPolicy[];
  alertRoutes: AlertRoute[];
  silences: Silence[];
  integrations: Integration[];
  incidentPolicies: IncidentPolicy[];
  statusPages: StatusPage[];
  freezeWindows: FreezeWindow[];
  rolloutPlans: RolloutPlan[];
}

/** A model with nothing in it; tests and loaders start from here. */
export function emptyModel(): Model {
  return {
    teams: [],
    services: [],
    dataSources: [],
    probes: [],
    policies: [],
    slos: [],
    persons: [],
    schedules: [],
    escalationPolicies: [],
    alertRoutes: [],
    silences: [],
    integrations: [],
    incidentPolicies: [],
    statusPages: [],
    freezeWindows: [],
    rolloutPlans: [],
  };
}

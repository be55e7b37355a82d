// The catalog: teams and the services they own.

import type { ContactMethod, Origin, SourceLocation } from './common.ts';

export interface Team {
  name: string;
  displayName?: string;
  description?: string;
  /** People on the team (free-form handles or e-mail addresses). */
  members: string[];
  /** The team's chat channel, e.g. `#payments`. */
  channel?: string;
  /** Where team-wide notifications go (chat webhook, e-mail list); used by escalation `team` targets and P3 alerts. */
  contacts: ContactMethod[];
  /** EscalationPolicy that pages for this team's services unless an AlertRoute says otherwise. */
  escalationPolicy?: string;
  origin: Origin;
  source: SourceLocation;
}

export type Lifecycle = 'experimental' | 'production' | 'deprecated';
export type Tier = 1 | 2 | 3 | 4;

export interface Link {
  title: string;
  url: string;
}

/** How a service calls one dependency. */
export interface CallPolicy {
  timeoutMs?: number;
  retries?: number;
  circuitBreaker?: boolean;
}

/** Requirements the deploy gate checks (all false when a format cannot say). */
export interface Readiness {
  resilientCalls: boolean;
  runbook: boolean;
  slo: boolean;
}

export interface Service {
  name: string;
  displayName?: string;
  description?: string;
  /** Owning team's name (required in nines.dev/v1; imported formats may lack one). */
  owner?: string;
  tier: Tier;
  lifecycle: Lifecycle;
  /** Names of services this one calls (edges of the dependency graph). */
  dependsOn: string[];
  /** Per dependency name: how calls to it are guarded (nines.dev/v1 only). */
  calls?: Record<string, CallPolicy>;
  readiness?: Readiness;
  runbook?: string;
  dashboard?: string;
  links: Link[];
  tags: string[];
  origin: Origin;
  source: SourceLocation;
}

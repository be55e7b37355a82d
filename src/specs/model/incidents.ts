// How incidents are run: severities, update cadence, postmortem criteria.

import type { Severity } from './alerting.ts';
import type { Origin, SourceLocation } from './common.ts';

/** Incident severity (seed 003 §04): impact and who is involved; alerts carry P0–P4 instead. */
export type IncidentSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** How often the communications lead owes a status update: reminded at `remindAfterMs`, late after `dueAfterMs`. */
export interface UpdateCadence {
  remindAfterMs: number;
  dueAfterMs: number;
}

/** When a postmortem is required (seed 003 §05); any one criterion suffices. */
export interface PostmortemCriteria {
  severities: IncidentSeverity[];
  /** An SLO of an affected service breached (budget remaining below zero) during the incident. */
  sloBreach: boolean;
  /** The incident consumed more than this percent of some SLO's error budget; null disables it. */
  budgetConsumedPercent: number | null;
  dataLoss: boolean;
}

/**
 * When an automatically declared incident reaches the public status page: `manually` (the default) once a
 * person publishes it (`public: true`) or posts its first public status update; `immediately` at once.
 */
export type PublishAutoDeclared = 'manually' | 'immediately';

/**
 * How incidents are run: which pages declare one, the status-update cadence per severity and when a
 * postmortem is required. At most one per installation; `defaultIncidentPolicy` applies without one.
 */
export interface IncidentPolicy {
  name: string;
  /** Page severity that declares an incident automatically, and the incident severity it gets. */
  autoDeclare: Partial<Record<Severity, IncidentSeverity>>;
  /** When an auto-declared incident goes public. */
  publishAutoDeclared: PublishAutoDeclared;
  /** Severities without an entry owe no periodic update (only the resolution one). */
  updateCadence: Partial<Record<IncidentSeverity, UpdateCadence>>;
  postmortem: PostmortemCriteria;
  /** An action item counts as completed on time when done within this long of its creation (seed 000: 30 days). */
  actionItemTargetMs: number;
  origin: Origin;
  source: SourceLocation;
}

/** Seed 003's defaults: P0 pages declare a SEV1, P1 a SEV2 (public once a person publishes it); updates every 15–30 min for SEV1, 30–60 min for SEV2. */
export function defaultIncidentPolicy(): IncidentPolicy {
  return {
    name: 'default',
    autoDeclare: { P0: 'SEV1', P1: 'SEV2' },
    publishAutoDeclared: 'manually',
    updateCadence: {
      SEV1: { remindAfterMs: 15 * 60_000, dueAfterMs: 30 * 60_000 },
      SEV2: { remindAfterMs: 30 * 60_000, dueAfterMs: 60 * 60_000 },
      SEV3: { remindAfterMs: 20 * 3_600_000, dueAfterMs: 24 * 3_600_000 },
    },
    postmortem: { severities: ['SEV1', 'SEV2'], sloBreach: true, budgetConsumedPercent: 30, dataLoss: true },
    actionItemTargetMs: 30 * 86_400_000,
    origin: 'nines',
    source: { file: '(default)', line: 0, col: 0 },
  };
}

/** The installation's incident policy: the configured one, or the defaults. */
export function incidentPolicyOf(model: { incidentPolicies: readonly IncidentPolicy[] }): IncidentPolicy {
  return model.incidentPolicies[0] ?? defaultIncidentPolicy();
}

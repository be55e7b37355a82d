import type { IncidentSeverity } from '../specs/index.ts';

/** Seed 003's lifecycle: detected/investigating → identified → mitigated/monitoring → resolved. */
export const incidentStatuses = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const incidentSeverities = [
  'SEV1',
  'SEV2',
  'SEV3',
  'SEV4',
] as const satisfies readonly IncidentSeverity[];

/** Seed 003's roles; `sme` (subject-matter experts) holds several people, the others one each. */
export const incidentRoles = ['commander', 'communications', 'operations', 'scribe', 'sme'] as const;
export type IncidentRole = (typeof incidentRoles)[number];

export interface IncidentRoles {
  commander?: string;
  communications?: string;
  operations?: string;
  scribe?: string;
  sme?: string[];
}

/** A row of the `incidents` table. */
export interface IncidentRow {
  id: number;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  summary: string;
  services: string[];
  blast_radius: string[];
  roles: IncidentRoles;
  public: boolean;
  public_title: string | null;
  data_loss: boolean;
  tags: string[];
  declared_by: string;
  started_ms: number;
  detected_ms: number;
  declared_ms: number;
  acknowledged_ms: number | null;
  identified_ms: number | null;
  mitigated_ms: number | null;
  resolved_ms: number | null;
  /** The deploy that caused it, when someone named it. */
  cause_deploy_id: number | null;
  update_remind_ms: number | null;
  update_due_ms: number | null;
  last_update_ms: number | null;
  cadence_round: number;
}

/** A row of `status_updates`: what the incident's audience was told. */
export interface StatusUpdateRow {
  id: number;
  incident_id: number;
  at_ms: number;
  status: IncidentStatus;
  message: string;
  public: boolean;
  posted_by: string;
  due_ms: number | null;
  on_time: boolean | null;
}

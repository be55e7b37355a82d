import type { IncidentRow } from '../incidents/index.ts';

/** 2026-03-02 14:23 UTC: the example incident's onset. */
export const ONSET_MS = Date.parse('2026-03-02T14:23:00Z');
const MIN = 60_000;

/** A resolved SEV2 on `api`: impact 14:23, detected 14:25, resolved 14:50 UTC; alice was IC. */
export function makeIncident(overrides: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id: 7,
    title: 'API returned 500 errors',
    severity: 'SEV2',
    status: 'resolved',
    summary: 'A bad config deploy made the API fail 3 % of requests for 27 minutes.',
    services: ['api'],
    blast_radius: ['checkout'],
    roles: { commander: 'alice', communications: 'bob' },
    public: true,
    public_title: null,
    data_loss: false,
    tags: ['config'],
    declared_by: 'alice',
    started_ms: ONSET_MS,
    detected_ms: ONSET_MS + 2 * MIN,
    declared_ms: ONSET_MS + 5 * MIN,
    acknowledged_ms: ONSET_MS + 2 * MIN,
    identified_ms: ONSET_MS + 12 * MIN,
    mitigated_ms: ONSET_MS + 15 * MIN,
    resolved_ms: ONSET_MS + 27 * MIN,
    update_remind_ms: null,
    update_due_ms: null,
    last_update_ms: null,
    cadence_round: 0,
    cause_deploy_id: null,
    ...overrides,
  };
}

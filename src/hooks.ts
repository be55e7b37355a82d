import type { AppContext, DomainHooks } from './context/index.ts';
import { acknowledgeIncidentOfPage, autoDeclareFromPages } from './incidents/index.ts';
import { draftPostmortem } from './postmortems/index.ts';

/**
 * Which module answers each domain event (ADR 0002): an opened P0/P1 page declares or joins an incident,
 * a page's first acknowledgement is its incident's, a resolved incident drafts its postmortem.
 */
export function domainHooks(ctx: AppContext): DomainHooks {
  return {
    pageOpened: autoDeclareFromPages(ctx),
    pageAcknowledged: acknowledgeIncidentOfPage,
    incidentResolved: async (tx, incidentId) => {
      await draftPostmortem({ ctx, incidentId, tx });
    },
  };
}

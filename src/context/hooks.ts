import type { PageRow } from '../paging/index.ts';
import type { Queryable } from '../storage/index.ts';

/**
 * Domain events other modules react to inside the transaction that causes them (ADR 0002). The module
 * where the event happens calls the hook; `src/hooks.ts` says which module answers each one, so paging
 * never imports incidents and incidents never import postmortems.
 */
export interface DomainHooks {
  /** Paging opened a page (not attached to an open one): incidents may declare or join one. */
  pageOpened?(tx: Queryable, page: PageRow): Promise<void>;
  /** A person (or the alert source) acknowledged the page at `atMs` (snoozing acknowledges too). */
  pageAcknowledged?(tx: Queryable, page: PageRow, atMs: number): Promise<void>;
  /** Incidents resolved an incident: postmortems drafts its postmortem. */
  incidentResolved?(tx: Queryable, incidentId: number): Promise<void>;
}

import type { EngineContext } from '../engine/index.ts';
import type { Queryable } from '../storage/index.ts';
import type { PageRow } from './page-row.ts';

/**
 * Domain events other modules react to inside the transaction that causes them (an opened page declares
 * an incident; a resolved incident drafts its postmortem). Wired in main.ts, so modules need not import
 * each other in both directions.
 */
export interface DomainHooks {
  pageOpened?(tx: Queryable, page: PageRow): Promise<void>;
  /** A person (or the alert source) acknowledged the page at `atMs` (snoozing acknowledges too). */
  pageAcknowledged?(tx: Queryable, page: PageRow, atMs: number): Promise<void>;
  incidentResolved?(tx: Queryable, incidentId: number): Promise<void>;
}

/** What paging verbs need beyond the engine's context. */
export interface PagingContext extends EngineContext {
  /** Base URL people reach the server at, for links in notifications (e.g. https://nines.example.com). */
  publicUrl: string;
  /** Key that signs acknowledgement links. */
  linkSecret: string;
  /** Where `{env: NAME}` secrets of contacts are read. */
  env: Record<string, string | undefined>;
  hooks?: DomainHooks;
}

import type { EngineContext } from '../engine/index.ts';

/** What paging verbs need beyond the engine's context. */
export interface PagingContext extends EngineContext {
  /** Base URL people reach the server at, for links in notifications (e.g. https://nines.example.com). */
  publicUrl: string;
  /** Key that signs acknowledgement links. */
  linkSecret: string;
  /** Where `{env: NAME}` secrets of contacts are read. */
  env: Record<string, string | undefined>;
}

import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { SloEngine } from '../engine/index.ts';
import type { Model } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { createCaches, type SharedCaches } from './caches.ts';
import type { DomainHooks } from './hooks.ts';
import { createLiveChanges, type LiveChanges } from './live-changes.ts';
import { createWakeups, holdingWakes, type Wakeups } from './wakeups.ts';

/**
 * What every verb of every module may use: one per running installation, built by `main.ts` (or a test
 * harness) and passed explicitly. Modules take the narrowest `Pick` of it they need.
 */
export interface AppContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The running SLO engine: the in-memory state of every SLO instance. */
  engine: SloEngine;
  /** The config in force; a reload swaps it (read it each time, never keep it). */
  readonly model: Model;
  /** Base URL people reach the server at, for links in notifications (e.g. https://nines.example.com). */
  publicUrl: string;
  /** Key that signs acknowledgement links. */
  linkSecret: string;
  /** Where `{env: NAME}` secrets of contacts and sources are read. */
  env: Record<string, string | undefined>;
  /** Reactions of other modules to a domain event, run in the transaction that causes it (`src/hooks.ts`). */
  hooks: DomainHooks;
  /** Caches that routes and verbs share for this installation (e.g. the status page's snapshot). */
  caches: SharedCaches;
  /** What changed in this process, for the live event stream (SLO status changes, commits, shutdown). */
  live: LiveChanges;
  /** Wakes this process's due-driven jobs (escalate, deliver, analyses, rollouts) when due work is committed. */
  wakeups: Wakeups;
}

/** What the storage and engine verbs need: the narrowest slice of the app context. */
export type EngineContext = Pick<AppContext, 'db' | 'clock' | 'logger' | 'engine'>;

/**
 * Builds the app context: `model` always reads the engine's (so a reload is seen at once), and the
 * caches start empty. Links and secrets default to nothing for contexts that send no notification.
 */
export function createAppContext(
  parts: EngineContext & Partial<Pick<AppContext, 'publicUrl' | 'linkSecret' | 'env' | 'hooks'>>,
): AppContext {
  const wakeups = createWakeups();
  return {
    // Wakes asked for inside a transaction go out when it commits, so the woken job sees the work.
    db: holdingWakes(parts.db, wakeups),
    clock: parts.clock,
    logger: parts.logger,
    engine: parts.engine,
    get model() {
      return parts.engine.model;
    },
    publicUrl: parts.publicUrl ?? '',
    linkSecret: parts.linkSecret ?? '',
    env: parts.env ?? {},
    hooks: parts.hooks ?? {},
    caches: createCaches(),
    live: createLiveChanges(),
    wakeups,
  };
}

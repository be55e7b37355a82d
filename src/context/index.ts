export { type AppContext, createAppContext, type EngineContext } from './app-context.ts';
export { type CacheKey, cacheKey, createCaches, type SharedCaches } from './caches.ts';
export type { DomainHooks } from './hooks.ts';
export {
  createLiveChanges,
  type LiveChanges,
  type SequencedSloChange,
  SLO_CHANGE_RING,
  type SloStatusChange,
} from './live-changes.ts';
export { createWakeups, holdingWakes, type WakeTopic, type Wakeups, wakeAfterCommit } from './wakeups.ts';

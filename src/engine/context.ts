import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../storage/index.ts';
import type { SloEngine } from './slo-engine.ts';

/** What engine verbs need: storage, time, logs and the running engine. */
export interface EngineContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  engine: SloEngine;
}

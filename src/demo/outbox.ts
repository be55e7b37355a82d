import type { Logger } from '../core/logger.ts';
import type { SliBatch } from './batch.ts';
import type { PushOutcome } from './push.ts';

/** Counters of what the outbox delivered, retried and gave up on. */
export interface DeliveryStats {
  batchesSent: number;
  eventsAccepted: number;
  retries: number;
  batchesDropped: number;
  pendingBatches: number;
  lastError: string | null;
}

interface Pending {
  batch: SliBatch;
  attempts: number;
}

/** Batches waiting to be pushed; each is tried at most `maxAttempts` times, always with its own batchId. */
export interface Outbox {
  add(batch: SliBatch): void;
  /** Pushes pending batches in order; stops at the first retryable failure (the server is likely down). */
  flush(): Promise<void>;
  stats(): DeliveryStats;
}

/** An outbox over `push`; it keeps at most `maxPending` batches, dropping the oldest beyond that. */
export function createOutbox(options: {
  push: (batch: SliBatch) => Promise<PushOutcome>;
  log: Logger;
  /** @default 3 */
  maxAttempts?: number;
  /** @default 120 (ten minutes of 5 s ticks) */
  maxPending?: number;
}): Outbox {
  const { push, log } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxPending = options.maxPending ?? 120;
  const pending: Pending[] = [];
  const counts = { batchesSent: 0, eventsAccepted: 0, retries: 0, batchesDropped: 0 };
  let lastError: string | null = null;

  const drop = (item: Pending, why: string) => {
    counts.batchesDropped += 1;
    log.warn({ batchId: item.batch.batchId, events: item.batch.events.length }, `batch dropped: ${why}`);
  };

  const handle = (item: Pending, outcome: PushOutcome): 'next' | 'stop' => {
    if (outcome.ok) {
      counts.batchesSent += 1;
      counts.eventsAccepted += outcome.accepted;
      pending.shift();
      return 'next';
    }
    lastError = outcome.message;
    if (!outcome.retryable || item.attempts >= maxAttempts) {
      pending.shift();
      log.error({ batchId: item.batch.batchId, details: outcome.details }, outcome.message);
      drop(item, outcome.retryable ? `${maxAttempts} attempts failed` : 'refused by the server');
      return outcome.retryable ? 'stop' : 'next';
    }
    log.warn({ batchId: item.batch.batchId, attempt: item.attempts }, `${outcome.message}; will retry`);
    return 'stop';
  };

  return {
    add(batch) {
      pending.push({ batch, attempts: 0 });
      while (pending.length > maxPending) drop(pending.shift() as Pending, 'too many batches waiting');
    },
    async flush() {
      const rounds = pending.length;
      for (let i = 0; i < rounds && pending.length > 0; i++) {
        const item = pending[0] as Pending;
        if (item.attempts > 0) counts.retries += 1;
        item.attempts += 1;
        if (handle(item, await push(item.batch)) === 'stop') return;
      }
    },
    stats: () => ({ ...counts, pendingBatches: pending.length, lastError }),
  };
}

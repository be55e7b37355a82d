import type { NormalisedAlert } from '../alerting/index.ts';
import type { AppContext } from '../context/index.ts';
import type { AlertOutcome } from './ingest-alerts.ts';

interface WaitingRequest {
  alerts: readonly NormalisedAlert[];
  resolve(outcomes: AlertOutcome[]): void;
  reject(error: unknown): void;
}

interface CommitQueue {
  waiting: WaitingRequest[];
  draining: boolean;
}

/** Stores a group of requests in one transaction; one list of outcomes per request, in order. */
export type StoreGroup = (requests: ReadonlyArray<readonly NormalisedAlert[]>) => Promise<AlertOutcome[][]>;

/** Requests waiting while a transaction is open share the next one, this many at most. */
const MAX_GROUP_REQUESTS = 16;
/** …and this many alerts at most (a transaction stays short however large the requests are). */
const MAX_GROUP_ALERTS = 10_000;

/** One queue per database: intake transactions of one process run one after another. */
const queues = new WeakMap<object, CommitQueue>();

/**
 * Stores `alerts` after the requests already waiting, sharing a transaction with the requests waiting
 * alongside (group commit: one commit, one fsync, for all of them). Resolves once that transaction has
 * committed. When a shared transaction fails, each of its requests is stored alone, so a request fails
 * only by itself. One intake transaction at a time also means two requests never lock the same alerts in
 * different orders.
 */
export function queueForCommit(
  ctx: Pick<AppContext, 'db'>,
  alerts: readonly NormalisedAlert[],
  store: StoreGroup,
): Promise<AlertOutcome[]> {
  let queue = queues.get(ctx.db);
  if (!queue) {
    queue = { waiting: [], draining: false };
    queues.set(ctx.db, queue);
  }
  const stored = new Promise<AlertOutcome[]>((resolve, reject) => {
    queue.waiting.push({ alerts, resolve, reject });
  });
  if (!queue.draining) void drain(queue, store);
  return stored;
}

async function drain(queue: CommitQueue, store: StoreGroup): Promise<void> {
  queue.draining = true;
  try {
    while (queue.waiting.length > 0) {
      const group = nextGroup(queue);
      const stored = await store(group.map((request) => request.alerts)).then(
        (outcomes) => outcomes,
        (error: unknown) => ({ error }),
      );
      if (Array.isArray(stored)) {
        for (const [i, request] of group.entries()) request.resolve(stored[i] ?? []);
      } else if (group.length === 1) {
        group[0]?.reject(stored.error);
      } else {
        for (const request of group) await storeAlone(request, store);
      }
    }
  } finally {
    queue.draining = false;
  }
}

function nextGroup(queue: CommitQueue): WaitingRequest[] {
  let count = 0;
  let alerts = 0;
  for (const request of queue.waiting) {
    if (count === MAX_GROUP_REQUESTS || (count > 0 && alerts + request.alerts.length > MAX_GROUP_ALERTS))
      break;
    count += 1;
    alerts += request.alerts.length;
  }
  return queue.waiting.splice(0, count);
}

async function storeAlone(request: WaitingRequest, store: StoreGroup): Promise<void> {
  await store([request.alerts]).then(
    (outcomes) => request.resolve(outcomes[0] ?? []),
    (error: unknown) => request.reject(error),
  );
}

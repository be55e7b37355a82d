import type { NormalisedAlert } from '../alerting/index.ts';
import type { AppContext } from '../context/index.ts';
import { GroupCommit } from '../storage/index.ts';
import type { AlertOutcome } from './ingest-alerts.ts';

/** Stores a group of requests in one transaction; one list of outcomes per request, in order. */
export type StoreGroup = (requests: ReadonlyArray<readonly NormalisedAlert[]>) => Promise<AlertOutcome[][]>;

/** Requests waiting while a transaction is open share the next one, this many at most. */
const MAX_GROUP_REQUESTS = 16;
/** …and this many alerts at most (a transaction stays short however large the requests are). */
const MAX_GROUP_ALERTS = 10_000;
/** Alerts waiting past this are refused with a 503 (Alertmanager retries): ten full transactions. */
export const MAX_WAITING_ALERTS = 100_000;

/** One queue per database: intake transactions of one process run one after another. */
const queues = new WeakMap<object, GroupCommit<readonly NormalisedAlert[], AlertOutcome[]>>();

/**
 * Stores `alerts` after the requests already waiting, sharing a transaction with the requests waiting
 * alongside (group commit, `GroupCommit`). Resolves once that transaction has committed; a request fails
 * only by itself. One intake transaction at a time also means two requests never lock the same alerts in
 * different orders. The queue stores with the `store` of the request that created it (one context per
 * database in a server).
 */
export function queueForCommit(
  ctx: Pick<AppContext, 'db'>,
  alerts: readonly NormalisedAlert[],
  store: StoreGroup,
): Promise<AlertOutcome[]> {
  let queue = queues.get(ctx.db);
  if (!queue) {
    queue = new GroupCommit({
      store: (requests) => store(requests),
      maxItems: MAX_GROUP_REQUESTS,
      weight: (request) => request.length,
      maxWeight: MAX_GROUP_ALERTS,
      maxWaiting: MAX_WAITING_ALERTS,
      waitingWhat: 'alerts',
    });
    queues.set(ctx.db, queue);
  }
  return queue.submit(alerts);
}

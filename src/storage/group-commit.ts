import { isNinesError, NinesError } from '../core/errors.ts';
import { asStorageError } from './unavailable.ts';

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<T, R> {
  /** Stores a group in one transaction; one result per item, in order. */
  store(items: T[]): Promise<R[]>;
  /** Items in one group at most. */
  maxItems: number;
  /** With `maxWeight`: a group stays within it, unless a single item alone is heavier. */
  weight?(item: T): number;
  maxWeight?: number;
  /**
   * Yield to the event loop before taking each group: a commit can block it (SQLite fsyncs in it), so
   * requests already received join the group instead of each waiting for a commit of its own.
   */
  yieldFirst?: boolean;
  /**
   * Past this much waiting (by `weight`, else by items), `submit` refuses at once with `unavailable` (a 503:
   * senders retry later) instead of queueing without bound. An item is taken whatever its weight when
   * nothing waits.
   */
  maxWaiting?: number;
  /** What waits, named in the refusal ("alerts", "requests"). */
  waitingWhat?: string;
}

/**
 * Group commit: items submitted while a group is being stored wait and share the next transaction (one
 * commit, one fsync for all of them), and groups are stored one after another. When a shared group fails,
 * each of its items is stored alone, so an item fails only by itself; when it fails because storage is
 * unavailable, every item of the group fails at once (alone they would each wait for the same outage).
 */
export class GroupCommit<T, R> {
  private readonly waiting: Array<Waiting<T, R>> = [];
  private waitingWeight = 0;
  private draining = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  /** Resolves with the item's result once the transaction that stored it has committed. */
  submit(item: T): Promise<R> {
    const weight = this.weightOf(item);
    const { maxWaiting = Number.POSITIVE_INFINITY } = this.options;
    if (this.waiting.length > 0 && this.waitingWeight + weight > maxWaiting) {
      const what = this.options.waitingWhat ?? 'items';
      return Promise.reject(
        new NinesError(
          'unavailable',
          `too much is waiting to be stored (${this.waitingWeight} ${what}, at most ${maxWaiting}); retry shortly`,
        ),
      );
    }
    this.waitingWeight += weight;
    const stored = new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
    });
    if (!this.draining) void this.drain();
    return stored;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        if (this.options.yieldFirst) await new Promise<void>((resolve) => setImmediate(resolve));
        const group = this.nextGroup();
        const stored = await this.options.store(group.map((w) => w.item)).then(
          (results) => results,
          (error: unknown) => ({ error }),
        );
        if (Array.isArray(stored)) {
          for (const [i, waiting] of group.entries()) waiting.resolve(stored[i] as R);
        } else if (group.length === 1 || isUnavailable(stored.error)) {
          for (const waiting of group) waiting.reject(stored.error);
        } else {
          for (const waiting of group) await this.storeAlone(waiting);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private nextGroup(): Array<Waiting<T, R>> {
    const { maxItems, weight, maxWeight = Number.POSITIVE_INFINITY } = this.options;
    let count = 0;
    let total = 0;
    for (const waiting of this.waiting) {
      const w = weight?.(waiting.item) ?? 0;
      if (count === maxItems || (count > 0 && total + w > maxWeight)) break;
      count += 1;
      total += w;
    }
    const group = this.waiting.splice(0, count);
    for (const waiting of group) this.waitingWeight -= this.weightOf(waiting.item);
    return group;
  }

  private weightOf(item: T): number {
    return this.options.weight ? this.options.weight(item) : 1;
  }

  private async storeAlone(waiting: Waiting<T, R>): Promise<void> {
    await this.options.store([waiting.item]).then(
      (results) => waiting.resolve(results[0] as R),
      (error: unknown) => waiting.reject(error),
    );
  }
}

function isUnavailable(error: unknown): boolean {
  const known = asStorageError(error);
  return isNinesError(known) && known.code === 'unavailable';
}

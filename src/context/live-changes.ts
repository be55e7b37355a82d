import { newId } from '../core/ids.ts';

/** An SLO instance whose status changed between two evaluation ticks. */
export interface SloStatusChange {
  slo: string;
  service: string;
  status: string;
  previous: string;
  budgetRemaining: number | null;
  atMs: number;
}

/** A change with its place in this process's sequence. */
export interface SequencedSloChange {
  seq: number;
  change: SloStatusChange;
}

/** How many SLO changes a reconnecting client can catch up on. */
export const SLO_CHANGE_RING = 1000;

/**
 * What this process knows changed, for the live event stream: SLO status changes (in memory only, so a
 * ring with a per-boot sequence), a nudge when it committed a page or incident change, and the end of
 * all streams when the server stops.
 */
export interface LiveChanges {
  /** Differs on every start: a cursor from another boot cannot be resumed from the ring. */
  readonly bootId: string;
  /** The sequence number of the newest SLO change (0 before any). */
  readonly sloSeq: number;
  publishSloChanges(changes: readonly SloStatusChange[]): void;
  /** The changes after `seq`, oldest first; undefined when the ring no longer holds all of them. */
  sloChangesAfter(seq: number): SequencedSloChange[] | undefined;
  onSloChange(listener: (change: SequencedSloChange) => void): () => void;
  /** This process committed a page or incident change: the stream need not wait for its next poll. */
  storageChanged(): void;
  onStorageChange(listener: () => void): () => void;
  /** Aborted when the server stops: every live stream ends. */
  readonly stopping: AbortSignal;
  stop(): void;
}

export function createLiveChanges(ringSize = SLO_CHANGE_RING): LiveChanges {
  const ring: SequencedSloChange[] = [];
  const sloListeners = new Set<(change: SequencedSloChange) => void>();
  const storageListeners = new Set<() => void>();
  const stopping = new AbortController();
  let seq = 0;
  const subscribe = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  return {
    bootId: newId(4),
    get sloSeq() {
      return seq;
    },
    publishSloChanges(changes) {
      for (const change of changes) {
        const entry = { seq: ++seq, change };
        ring.push(entry);
        if (ring.length > ringSize) ring.shift();
        for (const listener of sloListeners) listener(entry);
      }
    },
    sloChangesAfter(after) {
      if (after >= seq) return [];
      const oldest = ring[0]?.seq ?? seq + 1;
      if (after < oldest - 1) return undefined;
      return ring.slice(after - oldest + 1);
    },
    onSloChange: (listener) => subscribe(sloListeners, listener),
    storageChanged() {
      for (const listener of storageListeners) listener();
    },
    onStorageChange: (listener) => subscribe(storageListeners, listener),
    stopping: stopping.signal,
    stop: () => stopping.abort(),
  };
}

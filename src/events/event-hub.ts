import type { AppContext, SequencedSloChange } from '../context/index.ts';
import { cacheKey } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { takeContiguous } from './contiguous.ts';
import { type EventCursor, formatCursor } from './cursor.ts';
import { byTime, dataOf, type StoredChange, sloData } from './payloads.ts';
import { deployChangesAfter, incidentChangesAfter, latestEventIds, pageChangesAfter } from './store.ts';

/** One event of the live stream: `id` is the cursor to resume after it. */
export interface LiveEvent {
  kind: 'page' | 'incident' | 'deploy' | 'slo' | 'reset';
  id: string;
  data: Record<string, unknown>;
}

/** Where a stream's events go (the HTTP response); the hub never knows the wire format. */
export interface EventSink {
  /** Takes one event; false when the client is not keeping up (the hub then drops it). */
  send(event: LiveEvent): boolean;
  /** Every heartbeat: keep the connection warm and check the client may still listen. */
  heartbeat(): void;
  /** The stream ends: the server is stopping, or the client fell too far behind. */
  end(reason: 'stopping' | 'too_slow'): void;
}

export interface EventHubOptions {
  /** How often storage is read for page, incident and deploy events while a stream is open. @default 1000 */
  pollMs: number;
  /** @default 15000 */
  heartbeatMs: number;
  /** Open streams at most; more are refused (`unavailable`). @default 256 */
  maxStreams: number;
  /** Page (and incident, and deploy) events replayed to a resuming client at most; past that it gets `reset`. @default 1000 */
  replayLimit: number;
  /** How long a missing id is waited for before it is stepped over (see `takeContiguous`). @default 5000 */
  gapGraceMs: number;
  /**
   * Wake-ups (this process committed a change) start a poll at most this often: a stream of writes — SLI
   * pushes, alert intake — costs at most one read per interval, not one per request. @default 100
   */
  wakeMinMs: number;
}

export const defaultEventHubOptions: EventHubOptions = {
  pollMs: 1000,
  heartbeatMs: 15_000,
  maxStreams: 256,
  replayLimit: 1000,
  gapGraceMs: 5000,
  wakeMinMs: 100,
};

/** Fans page, incident, deploy and SLO changes out to every open stream of this process. */
export interface EventHub {
  /** Open streams (a closed stream is no longer counted). */
  readonly streams: number;
  /** Reads of storage so far (what a test waits on to know the poller has looked). */
  readonly polls: number;
  /**
   * Opens a stream at `cursor` (replaying what came after it) or, without one, at now. Returns what
   * closes it. Refused with `unavailable` when the server is stopping or has `maxStreams` open.
   */
  open(options: { cursor?: EventCursor; sink: EventSink }): Promise<() => void>;
}

type HubContext = Pick<AppContext, 'db' | 'live' | 'logger'>;

/** The hub of an installation: created on first use, shared by every request. */
export const eventHubKey = cacheKey<EventHub>('events:hub');

export function eventHubOf(ctx: HubContext & Pick<AppContext, 'caches'>): EventHub {
  return ctx.caches.get(eventHubKey, () => createEventHub(ctx));
}

interface Stream {
  sink: EventSink;
  /** Where the client is: the id of the last event sent to it. */
  cursor: EventCursor;
  /** False once closed or dropped: nothing more is sent. */
  open: boolean;
}

interface Head {
  pageEventId: number;
  incidentEventId: number;
  deployEventId: number;
}

const noGaps = () => ({
  page: { gapSinceMs: null as number | null },
  incident: { gapSinceMs: null as number | null },
  deploy: { gapSinceMs: null as number | null },
});

const POLL_BATCH = 500;

/**
 * One poller per process reads page, incident and deploy events (so changes made by the CLI or another node
 * appear too), only while a stream is open; SLO changes come from this process's engine.
 */
export function createEventHub(ctx: HubContext, overrides: Partial<EventHubOptions> = {}): EventHub {
  const options = { ...defaultEventHubOptions, ...overrides };
  const streams = new Set<Stream>();
  const logger = ctx.logger.child({ module: 'nines:events' });
  let opening = 0;
  let polls = 0;
  /** The newest contiguous event ids read; undefined while no stream is open. */
  let head: Head | undefined;
  let gaps = noGaps();
  let serial: Promise<unknown> = Promise.resolve();
  let stopActive: (() => void) | undefined;

  /** Polls and opens run one at a time, so the head never moves under a replay. */
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = serial.then(fn);
    serial = next.catch(() => {});
    return next;
  };

  const deliver = (stream: Stream, kind: LiveEvent['kind'], data: Record<string, unknown>) => {
    if (!stream.open) return;
    if (!stream.sink.send({ kind, id: formatCursor(stream.cursor), data })) end(stream, 'too_slow');
  };

  const end = (stream: Stream, reason: 'stopping' | 'too_slow') => {
    stream.open = false;
    stream.sink.end(reason);
    if (streams.delete(stream)) idleIfEmpty();
  };

  const idleIfEmpty = () => {
    if (streams.size > 0 || opening > 0) return;
    stopActive?.();
    stopActive = undefined;
    head = undefined;
  };

  const sendStored = (stream: Stream, stored: StoredChange) => {
    if (!stream.open) return;
    if (stored.kind === 'page') {
      if (stored.change.id <= stream.cursor.pageEventId) return;
      stream.cursor = { ...stream.cursor, pageEventId: stored.change.id };
    } else if (stored.kind === 'incident') {
      if (stored.change.id <= stream.cursor.incidentEventId) return;
      stream.cursor = { ...stream.cursor, incidentEventId: stored.change.id };
    } else {
      if (stored.change.id <= (stream.cursor.deployEventId ?? 0)) return;
      stream.cursor = { ...stream.cursor, deployEventId: stored.change.id };
    }
    deliver(stream, stored.kind, dataOf(stored));
  };

  const sendSlo = (stream: Stream, entry: SequencedSloChange) => {
    if (entry.seq <= stream.cursor.sloSeq) return;
    stream.cursor = { ...stream.cursor, sloSeq: entry.seq };
    deliver(stream, 'slo', sloData(entry));
  };

  /** Reads what was committed since the head; true when there may be more to read at once. */
  const poll = async (): Promise<boolean> => {
    if (!head || streams.size === 0) return false;
    const from = head;
    const [pageRows, incidentRows, deployRows] = await Promise.all([
      pageChangesAfter(ctx.db, { afterId: from.pageEventId, limit: POLL_BATCH }),
      incidentChangesAfter(ctx.db, { afterId: from.incidentEventId, limit: POLL_BATCH }),
      deployChangesAfter(ctx.db, { afterId: from.deployEventId, limit: POLL_BATCH }),
    ]);
    polls += 1;
    if (head !== from) return false;
    const nowMs = performance.now();
    const grace = { graceMs: options.gapGraceMs };
    const pages = takeContiguous({
      rows: pageRows,
      headId: from.pageEventId,
      gap: gaps.page,
      nowMs,
      ...grace,
    });
    const incidents = takeContiguous({
      rows: incidentRows,
      headId: from.incidentEventId,
      gap: gaps.incident,
      nowMs,
      ...grace,
    });
    const deploys = takeContiguous({
      rows: deployRows,
      headId: from.deployEventId,
      gap: gaps.deploy,
      nowMs,
      ...grace,
    });
    head = { pageEventId: pages.headId, incidentEventId: incidents.headId, deployEventId: deploys.headId };
    gaps = { page: pages.gap, incident: incidents.gap, deploy: deploys.gap };
    const changes = byTime(pages.taken, incidents.taken, deploys.taken);
    for (const stream of [...streams]) {
      for (const stored of changes) sendStored(stream, stored);
    }
    const full = (rows: unknown[], taken: unknown[]) =>
      rows.length === POLL_BATCH && taken.length === rows.length;
    return (
      full(pageRows, pages.taken) || full(incidentRows, incidents.taken) || full(deployRows, deploys.taken)
    );
  };

  /** The poller, heartbeat and listeners, running only while a stream is open. */
  const activate = () => {
    let timer: NodeJS.Timeout | undefined;
    let polling = false;
    let again = false;
    let active = true;
    let lastPollMs = Number.NEGATIVE_INFINITY;
    const schedule = (delayMs: number) => {
      if (!active) return;
      clearTimeout(timer);
      timer = setTimeout(pollNow, delayMs);
      timer.unref();
    };
    const pollNow = async () => {
      if (polling) {
        again = true;
        return;
      }
      polling = true;
      lastPollMs = performance.now();
      let more = false;
      try {
        more = await inTurn(poll);
      } catch (error) {
        logger.warn({ err: error }, 'live events: reading page, incident and deploy events failed');
      } finally {
        polling = false;
        // A full batch reads on at once; writes during the poll wait the wake interval (one read for all).
        schedule(more ? 0 : again ? options.wakeMinMs : options.pollMs);
        again = false;
      }
    };
    const heartbeat = setInterval(() => {
      for (const stream of [...streams]) stream.sink.heartbeat();
    }, options.heartbeatMs);
    heartbeat.unref();
    const offSlo = ctx.live.onSloChange((entry) => {
      for (const stream of [...streams]) sendSlo(stream, entry);
    });
    const offStorage = ctx.live.onStorageChange(() => {
      if (polling) {
        again = true;
        return;
      }
      schedule(Math.max(0, lastPollMs + options.wakeMinMs - performance.now()));
    });
    schedule(options.pollMs);
    stopActive = () => {
      active = false;
      clearTimeout(timer);
      clearInterval(heartbeat);
      offSlo();
      offStorage();
    };
  };

  /**
   * Sends the page, incident and deploy events after the client's cursor up to `upTo`; past `replayLimit`,
   * a reset. An id from before deploys were streamed starts deploys at `upTo`: that client never listed them.
   */
  const replayStored = async (stream: Stream, upTo: Head) => {
    const after = { ...stream.cursor, deployEventId: stream.cursor.deployEventId ?? upTo.deployEventId };
    stream.cursor = after;
    const range = (afterId: number, upToId: number) => ({ afterId, upToId, limit: options.replayLimit + 1 });
    const [pages, incidents, deploys] = await Promise.all([
      pageChangesAfter(ctx.db, range(after.pageEventId, upTo.pageEventId)),
      incidentChangesAfter(ctx.db, range(after.incidentEventId, upTo.incidentEventId)),
      deployChangesAfter(ctx.db, range(after.deployEventId, upTo.deployEventId)),
    ]);
    const tooMany = (rows: unknown[]) => rows.length > options.replayLimit;
    const refetch = [
      ...(tooMany(pages) ? ['pages'] : []),
      ...(tooMany(incidents) ? ['incidents'] : []),
      ...(tooMany(deploys) ? ['deploys'] : []),
    ];
    if (refetch.length > 0) {
      stream.cursor = {
        ...stream.cursor,
        ...(tooMany(pages) ? { pageEventId: upTo.pageEventId } : {}),
        ...(tooMany(incidents) ? { incidentEventId: upTo.incidentEventId } : {}),
        ...(tooMany(deploys) ? { deployEventId: upTo.deployEventId } : {}),
      };
      deliver(stream, 'reset', { refetch, reason: `more than ${options.replayLimit} events were missed` });
    }
    const kept = <T>(rows: T[]) => (tooMany(rows) ? [] : rows);
    for (const stored of byTime(kept(pages), kept(incidents), kept(deploys))) sendStored(stream, stored);
    // Everything up to the head was read; a cursor ahead of it (from another node) keeps its place.
    stream.cursor = {
      ...stream.cursor,
      pageEventId: Math.max(stream.cursor.pageEventId, upTo.pageEventId),
      incidentEventId: Math.max(stream.cursor.incidentEventId, upTo.incidentEventId),
      deployEventId: Math.max(stream.cursor.deployEventId ?? 0, upTo.deployEventId),
    };
  };

  /** SLO changes after the client's cursor from the ring; a cursor of another boot, or too old, gets a reset. */
  const replaySlo = (stream: Stream) => {
    const { bootId, sloSeq } = stream.cursor;
    const sameBoot = bootId === ctx.live.bootId;
    const missed = sameBoot ? ctx.live.sloChangesAfter(sloSeq) : undefined;
    if (missed) {
      for (const entry of missed) sendSlo(stream, entry);
      return;
    }
    stream.cursor = { ...stream.cursor, bootId: ctx.live.bootId, sloSeq: ctx.live.sloSeq };
    deliver(stream, 'reset', {
      refetch: ['slos'],
      reason: sameBoot
        ? 'more SLO changes were missed than the server keeps'
        : 'the server restarted since this id',
    });
  };

  const start = async (cursor: EventCursor | undefined, sink: EventSink): Promise<() => void> => {
    if (!head) {
      head = await latestEventIds(ctx.db);
      gaps = noGaps();
      activate();
    }
    const stream: Stream = { sink, open: true, cursor: cursor ?? { ...head, bootId: '', sloSeq: 0 } };
    if (cursor) await replayStored(stream, head);
    // No await from here on: an SLO change published meanwhile reaches the stream exactly once.
    if (cursor) replaySlo(stream);
    else stream.cursor = { ...stream.cursor, bootId: ctx.live.bootId, sloSeq: ctx.live.sloSeq };
    if (!stream.open) return () => {};
    if (ctx.live.stopping.aborted) {
      end(stream, 'stopping');
      return () => {};
    }
    streams.add(stream);
    return () => {
      stream.open = false;
      if (streams.delete(stream)) idleIfEmpty();
    };
  };

  const open = async ({ cursor, sink }: { cursor?: EventCursor; sink: EventSink }) => {
    if (ctx.live.stopping.aborted) throw new NinesError('unavailable', 'the server is stopping');
    if (streams.size + opening >= options.maxStreams) {
      throw new NinesError(
        'unavailable',
        `${options.maxStreams} event streams are open, the most this server serves; retry later`,
      );
    }
    opening += 1;
    try {
      return await inTurn(() => start(cursor, sink));
    } finally {
      opening -= 1;
      idleIfEmpty();
    }
  };

  ctx.live.stopping.addEventListener('abort', () => {
    for (const stream of [...streams]) end(stream, 'stopping');
  });

  return {
    get streams() {
      return streams.size;
    },
    get polls() {
      return polls;
    },
    open,
  };
}

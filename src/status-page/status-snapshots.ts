import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type AppContext, cacheKey } from '../context/index.ts';
import { DAY_MS } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { loadStatusSnapshot, type StatusSnapshot } from './load-status-snapshot.ts';
import { renderAtom } from './render-atom.ts';
import { renderHtml } from './render-html.ts';
import { UptimeCache } from './uptime-store.ts';

/** What the status page's verbs need: storage, time, the engine and model, links, and the shared snapshot. */
export type StatusPageContext = Pick<
  AppContext,
  'db' | 'clock' | 'logger' | 'engine' | 'model' | 'publicUrl' | 'caches'
>;

/** A snapshot is reused this long; so is a failed attempt, so a down database is not hammered. */
export const SNAPSHOT_MAX_AGE_MS = 10_000;

/** One representation's bytes as sent and its strong ETag. */
export interface EncodedBody {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * A response body prepared once per change: uncompressed, gzip and brotli bytes, each with its own strong
 * ETag (RFC 9110 §8.8.3: the coded representations differ in their bytes). Requests only pick one.
 */
export interface RenderedBody {
  /** The hash of the uncompressed body, shared by the three tags. */
  hash: string;
  identity: EncodedBody;
  gzip: EncodedBody;
  br: EncodedBody;
}

export interface RenderedStatus {
  html: RenderedBody;
  json: RenderedBody;
  atom: RenderedBody;
  /** The last good snapshot, served because a fresh one could not be built. */
  stale: boolean;
}

/**
 * Brotli 9: on a 115 KB page ~3 ms and as small as 10–11 (which took 40–140 ms, a stall every time the
 * page changes, e.g. each minute as today's uptime moves).
 */
const BROTLI_QUALITY = 9;

const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/**
 * Compresses `body`, unless `previous` holds the same body: a snapshot is rebuilt every 10 s but mostly
 * renders identical bytes, so compression runs only when what a visitor sees changed.
 */
export function prepareBody(body: string, previous?: RenderedBody): RenderedBody {
  const identity = Buffer.from(body, 'utf8');
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 32);
  if (previous?.hash === hash) return previous;
  return {
    hash,
    identity: { bytes: copy(identity), etag: `"${hash}"` },
    gzip: { bytes: copy(gzipSync(identity, { level: 9 })), etag: `"${hash}-gz"` },
    br: {
      bytes: copy(
        brotliCompressSync(identity, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
          },
        }),
      ),
      etag: `"${hash}-br"`,
    },
  };
}

/** Renders the three bodies once per snapshot; `lastUpdated` marks a stale one. */
function renderAll(
  snapshot: StatusSnapshot,
  publicUrl: string,
  stale: boolean,
  previous?: RenderedStatus,
): RenderedStatus {
  const lastUpdated = stale ? new Date(snapshot.builtAtMs).toISOString() : undefined;
  const { status, feed } = snapshot;
  return {
    html: prepareBody(renderHtml(status, { lastUpdated }), previous?.html),
    json: prepareBody(
      JSON.stringify(lastUpdated ? { ...status, stale: true, lastUpdated } : status),
      previous?.json,
    ),
    atom: prepareBody(
      renderAtom({
        title: status.title,
        baseUrl: publicUrl,
        entries: feed,
        fallbackUpdatedMs: Math.floor(snapshot.builtAtMs / DAY_MS) * DAY_MS,
      }),
      previous?.atom,
    ),
    stale,
  };
}

/**
 * The status page's snapshot, rebuilt lazily when older than 10 s by the context's clock (no timer).
 * When a rebuild fails the last good snapshot is served, marked stale; without one, `unavailable`.
 */
export class StatusSnapshots {
  readonly uptime = new UptimeCache();
  private fresh: RenderedStatus | undefined;
  private stale: RenderedStatus | undefined;
  private good: StatusSnapshot | undefined;
  private failing = false;
  private attemptMs = Number.NEGATIVE_INFINITY;
  private building: Promise<void> | undefined;

  constructor(private readonly ctx: StatusPageContext) {}

  /** The next request rebuilds (after an override or a maintenance change). */
  invalidate(): void {
    this.attemptMs = Number.NEGATIVE_INFINITY;
  }

  async current(): Promise<RenderedStatus> {
    const nowMs = this.ctx.clock.now();
    if (nowMs - this.attemptMs >= SNAPSHOT_MAX_AGE_MS || nowMs < this.attemptMs) {
      this.building ??= this.rebuild(nowMs).finally(() => {
        this.building = undefined;
      });
      await this.building;
    } else if (this.building && !this.good) {
      // A cold load is in flight (its attempt time is set when it starts): share it rather than answer
      // 503 for want of a snapshot. Once there is one, requests during a refresh get the previous one.
      await this.building;
    }
    if (!this.good || !this.fresh) {
      throw new NinesError('unavailable', 'the status page cannot be built: storage unavailable');
    }
    if (!this.failing) return this.fresh;
    this.stale ??= renderAll(this.good, this.ctx.publicUrl, true);
    return this.stale;
  }

  /**
   * The rendered status when a request would get it without waiting: fresh, not due for a rebuild and
   * not failing. Otherwise undefined, and the caller goes through `current()`.
   */
  ready(): RenderedStatus | undefined {
    const nowMs = this.ctx.clock.now();
    const due = nowMs - this.attemptMs >= SNAPSHOT_MAX_AGE_MS || nowMs < this.attemptMs;
    return due || this.failing || !this.good ? undefined : this.fresh;
  }

  private async rebuild(nowMs: number): Promise<void> {
    this.attemptMs = nowMs;
    try {
      const snapshot = await loadStatusSnapshot({ ctx: this.ctx, uptime: this.uptime });
      this.good = snapshot;
      this.fresh = renderAll(snapshot, this.ctx.publicUrl, false, this.fresh);
      this.stale = undefined;
      this.failing = false;
    } catch (error) {
      this.failing = true;
      this.ctx.logger.error(
        { err: error, lastGoodMs: this.good?.builtAtMs ?? null },
        this.good
          ? 'status page refresh failed; serving the last good snapshot'
          : 'status page refresh failed',
      );
    }
  }
}

const snapshotsKey = cacheKey<StatusSnapshots>('status-page snapshots');

/** The one snapshot holder of an installation (in its shared caches), used by the routes and the verbs. */
export function statusSnapshots(ctx: StatusPageContext): StatusSnapshots {
  return ctx.caches.get(snapshotsKey, () => new StatusSnapshots(ctx));
}

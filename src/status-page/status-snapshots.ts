import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
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

/** A response body and its strong ETag, plus its gzip encoding (compressed once per snapshot) and that one's ETag. */
export interface RenderedBody {
  body: string;
  etag: string;
  gzip: Uint8Array<ArrayBuffer>;
  gzipEtag: string;
}

export interface RenderedStatus {
  html: RenderedBody;
  json: RenderedBody;
  atom: RenderedBody;
  /** The last good snapshot, served because a fresh one could not be built. */
  stale: boolean;
}

function rendered(body: string): RenderedBody {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 32);
  // Each representation has its own strong tag (RFC 9110 §8.8.3): the gzip one differs in its bytes.
  return { body, etag: `"${hash}"`, gzip: new Uint8Array(gzipSync(body)), gzipEtag: `"${hash}-gz"` };
}

/** Renders the three bodies once per snapshot; `lastUpdated` marks a stale one. */
function renderAll(snapshot: StatusSnapshot, publicUrl: string, stale: boolean): RenderedStatus {
  const lastUpdated = stale ? new Date(snapshot.builtAtMs).toISOString() : undefined;
  const { status, feed } = snapshot;
  return {
    html: rendered(renderHtml(status, { lastUpdated })),
    json: rendered(JSON.stringify(lastUpdated ? { ...status, stale: true, lastUpdated } : status)),
    atom: rendered(
      renderAtom({
        title: status.title,
        baseUrl: publicUrl,
        entries: feed,
        fallbackUpdatedMs: Math.floor(snapshot.builtAtMs / DAY_MS) * DAY_MS,
      }),
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

  private async rebuild(nowMs: number): Promise<void> {
    this.attemptMs = nowMs;
    try {
      const snapshot = await loadStatusSnapshot({ ctx: this.ctx, uptime: this.uptime });
      this.good = snapshot;
      this.fresh = renderAll(snapshot, this.ctx.publicUrl, false);
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

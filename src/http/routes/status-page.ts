import { type Context, Hono } from 'hono';
import { isNinesError } from '../../core/errors.ts';
import { type RenderedBody, type RenderedStatus, statusSnapshots } from '../../status-page/index.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { errorResponse } from '../errors.ts';

/** Proxies and browsers may reuse a status body this long; the snapshot behind it is at most 10 s old. */
const CACHE_CONTROL = 'public, max-age=30';

/** RFC 9110 If-None-Match: weak comparison against a list of tags, or `*`. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Whether `Accept-Encoding` allows gzip (`gzip` or `*`, not with `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

type Format = { pick: (status: RenderedStatus) => RenderedBody; type: string };

const formats = {
  html: { pick: (s) => s.html, type: 'text/html; charset=utf-8' },
  json: { pick: (s) => s.json, type: 'application/json; charset=utf-8' },
  atom: { pick: (s) => s.atom, type: 'application/atom+xml; charset=utf-8' },
} satisfies Record<string, Format>;

const unavailableHtml =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Status unavailable</title></head>' +
  '<body><h1>Status unavailable</h1><p>The status page cannot be loaded right now. Try again in a minute.</p></body></html>';

/** Never a cached error: the next try may well work. */
function unavailable(c: Context<AppEnv>, format: keyof typeof formats, error: unknown): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Retry-After', '10');
  if (format === 'json' && isNinesError(error)) return errorResponse(c, error);
  return c.body(format === 'html' ? unavailableHtml : 'Status unavailable.\n', 503, {
    'Content-Type': format === 'html' ? formats.html.type : 'text/plain; charset=utf-8',
  });
}

/**
 * GET /status (HTML, no script), /status.json and /status/feed.atom: no token, cacheable, with an ETag
 * and 304s. All three come from one snapshot; `X-Nines-Stale: true` marks the last good one served while
 * storage is down.
 */
export function statusPageRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const serve = (format: keyof typeof formats) => async (c: Context<AppEnv>) => {
    let status: RenderedStatus;
    try {
      status = await statusSnapshots(deps.ctx).current();
    } catch (error) {
      if (isNinesError(error) && error.code === 'unavailable') return unavailable(c, format, error);
      throw error;
    }
    const rendered = formats[format].pick(status);
    // The bodies are compressed once per snapshot, so a gzip answer costs nothing per request.
    const gzip = acceptsGzip(c.req.header('accept-encoding'));
    const etag = gzip ? rendered.gzipEtag : rendered.etag;
    c.header('Cache-Control', CACHE_CONTROL);
    c.header('Vary', 'Accept-Encoding');
    c.header('ETag', etag);
    c.header('X-Content-Type-Options', 'nosniff');
    if (status.stale) c.header('X-Nines-Stale', 'true');
    if (format === 'html') {
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      );
    } else {
      c.header('Access-Control-Allow-Origin', '*');
    }
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    if (gzip) {
      return c.body(rendered.gzip, 200, { 'Content-Type': formats[format].type, 'Content-Encoding': 'gzip' });
    }
    return c.body(rendered.body, 200, { 'Content-Type': formats[format].type });
  };
  routes.get('/status', serve('html'));
  routes.get('/status.json', serve('json'));
  routes.get('/status/feed.atom', serve('atom'));
  return routes;
}

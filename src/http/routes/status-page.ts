import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isNinesError } from '../../core/errors.ts';
import {
  componentStatuses,
  type RenderedBody,
  type RenderedStatus,
  statusSnapshots,
  UPTIME_DAYS,
} from '../../status-page/index.ts';
import { type ApiRoute, type ApiRoutes, addRoute, apiRoutes, failure, json, text } from '../api-route.ts';
import { nullableTime, time } from '../api-schemas.ts';
import { negotiateCoding } from '../content-coding.ts';
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
function unavailable(c: Context<AppEnv>, format: StatusFormat, error: unknown): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Retry-After', '10');
  if (format === 'json' && isNinesError(error)) return errorResponse(c, error);
  return c.body(format === 'html' ? unavailableHtml : 'Status unavailable.\n', 503, {
    'Content-Type': format === 'html' ? formats.html.type : 'text/plain; charset=utf-8',
  });
}

const status = z.enum(componentStatuses);
const updateStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);

const publicIncidentSchema = z.object({
  id: z.int(),
  title: z.string(),
  status: updateStatus,
  components: z.array(z.string()).openapi({ description: 'Display names of affected components.' }),
  startedAt: time,
  resolvedAt: nullableTime,
  updates: z
    .array(z.object({ status: updateStatus, message: z.string(), at: time }))
    .openapi({ description: 'Newest first.' }),
});

const publicStatusSchema = z
  .object({
    title: z.string(),
    description: z.string().optional(),
    status: z.object({ indicator: status, description: z.string() }),
    components: z.array(
      z.object({
        displayName: z.string(),
        description: z.string().optional(),
        group: z.string().optional(),
        status,
        statusLabel: z.string(),
        uptime: z.object({
          totalPercent: z.number().nullable(),
          days: z
            .array(
              z.object({
                date: z.iso.date().openapi({ description: 'UTC day.' }),
                uptimePercent: z
                  .number()
                  .nullable()
                  .openapi({ description: 'null: no data that day (never 100).' }),
                worst: z.enum(['up', 'partial', 'down']).nullable().openapi({ description: 'Worst minute.' }),
              }),
            )
            .openapi({ description: `${UPTIME_DAYS} days, oldest first, today last.` }),
        }),
      }),
    ),
    incidents: z.object({
      active: z.array(publicIncidentSchema),
      past: z.array(publicIncidentSchema).openapi({ description: 'Resolved in the last 7 days.' }),
    }),
    maintenances: z.array(
      z.object({
        id: z.int(),
        title: z.string(),
        description: z.string(),
        components: z.array(z.string()),
        start: time,
        end: time,
        inProgress: z.boolean(),
      }),
    ),
    stale: z
      .literal(true)
      .optional()
      .openapi({ description: 'Only on a stale snapshot (storage unavailable).' }),
    lastUpdated: time.optional().openapi({ description: 'Only on a stale snapshot: when it was built.' }),
  })
  .openapi('PublicStatus');

const cached = {
  ETag: {
    schema: { type: 'string' },
    description: 'Hash of the body, one per content coding; send it back as If-None-Match for a 304.',
  },
  'Content-Encoding': {
    schema: { type: 'string' },
    description: '`br` or `gzip` as Accept-Encoding prefers; absent for the uncompressed body.',
  },
  'Cache-Control': { schema: { type: 'string' }, description: '`public, max-age=30`.' },
  'X-Nines-Stale': {
    schema: { type: 'string' },
    description: '`true` when storage is down and the last good snapshot is served.',
  },
} as const;

function statusRoute(
  path: string,
  summary: string,
  ok: ApiRoute['responses'][number],
  unavailable: ApiRoute['responses'][number],
): ApiRoute {
  return {
    method: 'get',
    path,
    summary,
    responses: {
      200: { ...ok, headers: cached },
      304: { description: 'Unchanged since the ETag sent in If-None-Match.' },
      503: unavailable,
    },
  };
}

const noSnapshot = 'Storage unavailable and no snapshot was ever built.';

const statusRoutes = {
  html: statusRoute(
    '/status',
    'Public status page (HTML, no script)',
    text('The page.', 'text/html'),
    text(noSnapshot, 'text/html'),
  ),
  json: statusRoute(
    '/status.json',
    'Public status as JSON',
    json('What the page shows.', publicStatusSchema),
    failure(noSnapshot),
  ),
  atom: statusRoute(
    '/status/feed.atom',
    'Public status updates and maintenance as Atom 1.0',
    text('One entry per public update and per maintenance, newest first.', 'application/atom+xml'),
    text(noSnapshot, 'text/plain'),
  ),
};

/**
 * GET /status (HTML, no script), /status.json and /status/feed.atom: no token, cacheable, with an ETag
 * and 304s. All three come from one snapshot; `X-Nines-Stale: true` marks the last good one served while
 * storage is down.
 */
export function statusPageRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  const serve = (format: StatusFormat) => async (c: Context<AppEnv>) => {
    let status: RenderedStatus;
    try {
      status = await statusSnapshots(deps.ctx).current();
    } catch (error) {
      if (isNinesError(error) && error.code === 'unavailable') return unavailable(c, format, error);
      throw error;
    }
    const answer = statusAnswer(
      status,
      format,
      c.req.header('accept-encoding'),
      c.req.header('if-none-match'),
    );
    if (answer.body === null) return c.body(null, 304, answer.headers);
    return c.body(answer.body, 200, answer.headers);
  };
  for (const format of ['html', 'json', 'atom'] as const)
    addRoute(routes, statusRoutes[format], serve(format));
  return routes;
}

export type StatusFormat = keyof typeof formats;

/** The paths of the public status page, by format (exact: a query string goes through the router). */
export const STATUS_PATHS: ReadonlyMap<string, StatusFormat> = new Map(
  (['html', 'json', 'atom'] as const).map((format) => [statusRoutes[format].path, format]),
);

export interface StatusAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * What a GET of one status format answers, from prepared bodies: a request only picks bytes and headers.
 * The route and the direct path (`answerStatusDirectly`) both answer with it, so they cannot differ.
 */
export function statusAnswer(
  status: RenderedStatus,
  format: StatusFormat,
  acceptEncoding: string | undefined,
  ifNoneMatch: string | undefined,
): StatusAnswer {
  const coding = negotiateCoding(acceptEncoding);
  const { bytes, etag } = formats[format].pick(status)[coding];
  const headers: Record<string, string> = {
    'Cache-Control': CACHE_CONTROL,
    Vary: 'Accept-Encoding',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (status.stale) headers['X-Nines-Stale'] = 'true';
  if (format === 'html') headers['Content-Security-Policy'] = HTML_CSP;
  else headers['Access-Control-Allow-Origin'] = '*';
  if (etagMatches(ifNoneMatch, etag)) return { status: 304, headers, body: null };
  headers['Content-Type'] = formats[format].type;
  headers['Content-Length'] = String(bytes.byteLength);
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  return { status: 200, headers, body: bytes };
}

const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

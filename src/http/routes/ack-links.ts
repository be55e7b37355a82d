import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext } from '../../context/index.ts';
import { isNinesError } from '../../core/errors.ts';
import { type VerifiedAction, verifyAction } from '../../notify/index.ts';
import { actOnPage, EarlierRoundError, findPage, type PageRow } from '../../paging/index.ts';
import { type ApiRoute, type ApiRoutes, addRoute, apiRoutes, text } from '../api-route.ts';
import type { AppDeps, AppEnv } from '../deps.ts';

/**
 * The actor page histories show for acknowledgements made through a link sent to a team's channel (one
 * sent to a person records that person, with `via: ack-link`).
 */
export const ACK_LINK_ACTOR = 'ack-link';

const EARLIER_ROUND_TEXT =
  'This link is for an earlier round of the page: it was reassigned or triggered again since, and a newer ' +
  'notification carries the link that acknowledges it now. Nothing was changed.';

const rejections = {
  malformed: {
    status: 400,
    text: 'This acknowledgement link is incomplete. Copy the whole link from the notification.',
  },
  expired: {
    status: 400,
    text: 'This acknowledgement link has expired. Acknowledge the page from the CLI or the API.',
  },
  bad_signature: { status: 403, text: 'This acknowledgement link is not valid for this server.' },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A complete page with no script: links are opened from mail and chat clients of every kind. */
function render(c: Context<AppEnv>, status: ContentfulStatusCode, title: string, body: string): Response {
  // The token is in the URL: it must not leak through Referer, caches or frames.
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  );
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Nines</title>` +
      '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
      'dt{font-weight:600}button{font-size:1.1rem;padding:.6rem 1.4rem;cursor:pointer}</style></head>' +
      `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    status,
  );
}

function describePage(page: PageRow): string {
  const rows: Array<[string, string]> = [
    ['Summary', page.summary],
    ['Severity', page.severity],
    ['Service', page.service ?? '—'],
    ['Status', page.status],
  ];
  return `<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/** What to say about a page nobody needs to acknowledge any more. */
function settledText(page: PageRow): string {
  if (page.status === 'resolved') return 'This page is already resolved.';
  const by = page.acknowledged_by ? ` by ${page.acknowledged_by}` : '';
  const at = page.acknowledged_ms === null ? '' : ` at ${new Date(page.acknowledged_ms).toISOString()}`;
  return `This page was already acknowledged${by}${at}.`;
}

type Resolved = { page: PageRow; link: VerifiedAction } | { response: Response };

function earlierRound(c: Context<AppEnv>, page: PageRow): Response {
  return render(c, 409, `Page #${page.id}`, `${describePage(page)}<p>${escapeHtml(EARLIER_ROUND_TEXT)}</p>`);
}

async function pageOfToken(c: Context<AppEnv>, ctx: AppContext): Promise<Resolved> {
  const verified = verifyAction(c.req.param('token') ?? '', {
    secret: ctx.linkSecret,
    nowMs: ctx.clock.now(),
  });
  if ('error' in verified) {
    const { status, text } = rejections[verified.error];
    return { response: render(c, status, 'Link not valid', `<p>${escapeHtml(text)}</p>`) };
  }
  const id = /^\d{1,15}$/.test(verified.pageId) ? Number(verified.pageId) : -1;
  const page = await findPage(ctx.db, id);
  if (!page) return { response: render(c, 404, 'Page not found', '<p>This page no longer exists.</p>') };
  if (page.round !== verified.round) return { response: earlierRound(c, page) };
  return { page, link: verified };
}

const html = (description: string) => text(description, 'text/html');

function ackLinkRoute(method: 'get' | 'post', summary: string, answered: string) {
  return {
    method,
    path: '/ack/{token}',
    summary,
    description: 'The signed, expiring token is the credential.',
    params: z.object({
      token: z.string().openapi({ param: { description: 'The signed token from the notification.' } }),
    }),
    responses: {
      200: html(answered),
      400: html('The link is malformed or expired.'),
      403: html('The link was not signed by this server.'),
      404: html('The page no longer exists.'),
      409: html('The link is for an earlier round of the page (reassigned or triggered again since).'),
    },
  } as const satisfies ApiRoute;
}

/**
 * GET /ack/:token shows the page and a button; only POST /ack/:token acknowledges, because mail scanners
 * open every link they see. The signed token is the credential: no API token is needed.
 */
export function ackLinkRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  const show = ackLinkRoute(
    'get',
    'The page an acknowledgement link names, with an Acknowledge button',
    'The page; changes nothing (mail scanners open links).',
  );
  addRoute(routes, show, async (c) => {
    const found = await pageOfToken(c, ctx);
    if ('response' in found) return found.response;
    const { page } = found;
    const action =
      page.status === 'triggered'
        ? '<form method="post"><button type="submit">Acknowledge</button></form>'
        : `<p>${escapeHtml(settledText(page))}</p>`;
    return render(c, 200, `Page #${page.id}`, describePage(page) + action);
  });
  const acknowledge = ackLinkRoute(
    'post',
    'Acknowledge the page an acknowledgement link names',
    'Acknowledged, or already acknowledged or resolved.',
  );
  addRoute(routes, acknowledge, async (c) => {
    const found = await pageOfToken(c, ctx);
    if ('response' in found) return found.response;
    try {
      const page = await actOnPage({
        ctx,
        pageId: found.page.id,
        input: { action: 'ack', round: found.link.round, via: ACK_LINK_ACTOR },
        actor: found.link.recipient ?? ACK_LINK_ACTOR,
      });
      return render(c, 200, 'Acknowledged', `${describePage(page)}<p>Escalation has stopped.</p>`);
    } catch (error) {
      if (error instanceof EarlierRoundError) return earlierRound(c, error.page);
      if (!isNinesError(error) || error.code !== 'conflict') throw error;
      // Someone was faster (or the page resolved): that is good news, not an error.
      const page = await findPage(ctx.db, found.page.id);
      const current = page ?? found.page;
      return render(
        c,
        200,
        `Page #${current.id}`,
        `${describePage(current)}<p>${escapeHtml(settledText(current))}</p>`,
      );
    }
  });
  return routes;
}

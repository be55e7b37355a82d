import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Context, NotFoundHandler } from 'hono';
import { parseAcceptEncoding } from './content-coding.ts';
import type { AppEnv } from './deps.ts';
import { etagMatches } from './routes/status-page.ts';

/** One file of the build with its precompressed siblings, as sent. */
interface ConsoleFile {
  type: string;
  /** By content coding; `identity` is always there. */
  bodies: Partial<Record<Coding, { bytes: Uint8Array; etag: string }>> & {
    identity: { bytes: Uint8Array; etag: string };
  };
}

type Coding = 'br' | 'gzip' | 'identity';

/** The console's build held in memory: files by path relative to the build folder (`assets/app-1a2b.js`). */
export type ConsoleBuild = ReadonlyMap<string, ConsoleFile>;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

const siblings = { '.br': 'br', '.gz': 'gzip' } as const;

/** The build's files, relative to `dir`; dot files (the build's `.build-stamp`) are not the console's. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return filesUnder(dir, path);
    return entry.isFile() ? [path] : [];
  });
}

const etagOf = (bytes: Uint8Array) =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;

/**
 * Reads the build in `dir` into memory once: the build is small, and a rebuild needs a restart. Undefined
 * when there is no build (no index.html).
 */
export function loadConsoleBuild(dir: string): ConsoleBuild | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const paths = new Set(filesUnder(dir));
  const build = new Map<string, ConsoleFile>();
  for (const path of paths) {
    const ext = extname(path);
    if (ext in siblings && paths.has(path.slice(0, -ext.length))) continue;
    const bytes = readFileSync(join(dir, path));
    const file: ConsoleFile = {
      type: contentTypes[ext.toLowerCase()] ?? 'application/octet-stream',
      bodies: { identity: { bytes, etag: etagOf(bytes) } },
    };
    for (const [suffix, coding] of Object.entries(siblings)) {
      if (!paths.has(path + suffix)) continue;
      const compressed = readFileSync(join(dir, path + suffix));
      file.bodies[coding] = { bytes: compressed, etag: etagOf(compressed) };
    }
    build.set(path, file);
  }
  return build;
}

/** The coding to send: the client's most preferred of those we hold (br before gzip on a tie), else identity. */
export function pickCoding(header: string | undefined, available: readonly Coding[]): Coding {
  const accepted = parseAcceptEncoding(header ?? '');
  const qOf = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  let best: Coding = 'identity';
  let bestQ = 0;
  for (const coding of ['br', 'gzip'] as const) {
    if (!available.includes(coding)) continue;
    const q = qOf(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** Every console response: the console talks only to its own origin and is never framed. */
const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

function send(c: Context<AppEnv>, file: ConsoleFile, cacheControl: string): Response {
  const available = Object.keys(file.bodies) as Coding[];
  const coding = pickCoding(c.req.header('accept-encoding'), available);
  const body = file.bodies[coding] ?? file.bodies.identity;
  const headers: Record<string, string> = {
    ...securityHeaders,
    'Content-Type': file.type,
    'Cache-Control': cacheControl,
    ETag: body.etag,
  };
  if (available.length > 1) headers.Vary = 'Accept-Encoding';
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  if (etagMatches(c.req.header('if-none-match'), body.etag)) return c.body(null, 304, headers);
  return c.body(body.bytes as Uint8Array<ArrayBuffer>, 200, headers);
}

const notBuiltHtml =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>' +
  '<body><h1>The console is not built</h1><p>Run <code>npm run build:web</code> and restart the server. ' +
  'The API under <code>/api/v1</code> works meanwhile.</p></body></html>';

/** First path segments the console never answers: the API and the server's own public pages. */
const reservedSegment = /^\/(api|ack|healthz|readyz|metrics|status(\.[a-z]+)?)(\/|$)/;

/** Asset names are plain: no `..`, no percent-encoding (an encoded slash or NUL), nothing but these. */
const plainAssetPath = /^assets\/(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._~@+-]+(\/[A-Za-z0-9._~@+-]+)*$/;

/** The response for `c` when the console answers it: GET/HEAD outside the server's own paths; else undefined. */
function consoleResponse(c: Context<AppEnv>, build: ConsoleBuild | undefined): Response | undefined {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return undefined;
  const pathname = new URL(c.req.url).pathname;
  if (reservedSegment.test(pathname)) return undefined;
  if (pathname.startsWith('/assets/')) {
    const file = plainAssetPath.test(pathname.slice(1)) ? build?.get(pathname.slice(1)) : undefined;
    return file && send(c, file, IMMUTABLE);
  }
  if (!build) {
    return c.body(notBuiltHtml, 503, {
      ...securityHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
  }
  // A file at the top of the build (favicon.svg, robots.txt) is itself; every other path is the app.
  const name = pathname.slice(1);
  const top = name.includes('/') ? undefined : build.get(name);
  return send(c, top ?? (build.get('index.html') as ConsoleFile), 'no-cache');
}

/**
 * The console answers what no route serves (so it can never shadow one): `/assets/…` are exact files of the
 * build (immutable, precompressed by `Accept-Encoding`), any other GET is a deep link answered with
 * index.html. Everything else, and every path under the server's own prefixes, gets `notFound`.
 */
export function withConsole(
  build: ConsoleBuild | undefined,
  notFound: NotFoundHandler<AppEnv>,
): NotFoundHandler<AppEnv> {
  return (c) => consoleResponse(c, build) ?? notFound(c);
}

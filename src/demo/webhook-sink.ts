import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NinesError } from '../core/errors.ts';

/** One notification the sink received. */
export interface SinkDelivery {
  /** The path after the sink's secret prefix, e.g. `/person/charlie`. */
  path: string;
  idempotencyKey: string | undefined;
  body: {
    kind?: string;
    severity?: string;
    service?: string | null;
    summary?: string;
    level?: number | null;
    pageId?: string | null;
    /** What it is about: `page 12`, `incident 3`. */
    reference?: string;
  };
}

export interface WebhookSink {
  /** The port it listens on (the one asked for, or the free one the system chose for 0). */
  port: number;
  /** Where this run's notifications go: `http://127.0.0.1:<port>/<secret>`; contacts append their path. */
  baseUrl: string;
  /** Requests refused because they were not addressed to this run (wrong or missing secret). */
  refused(): number;
  close(): Promise<void>;
}

/**
 * A local stand-in for chat and phones: accepts Nines webhook deliveries on 127.0.0.1 and hands each
 * to `onDelivery`, answering 204 so the delivery counts as sent. Only requests under `/<secret>/` are
 * this run's: anything else on the port (another program's notifications, a stray client) gets 404 and
 * is never shown. Port 0 picks a free port; a port in use is refused with `conflict`.
 */
export async function startWebhookSink(options: {
  port: number;
  /** @default 16 random bytes, hex */
  secret?: string;
  onDelivery: (delivery: SinkDelivery) => void;
}): Promise<WebhookSink> {
  const secret = options.secret ?? randomBytes(16).toString('hex');
  const prefix = `/${secret}/`;
  let refused = 0;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method !== 'POST' || !url.startsWith(prefix)) {
      refused += 1;
      req.resume();
      res.writeHead(404).end();
      return;
    }
    let raw = '';
    req.on('data', (chunk) => {
      if (raw.length < 1_000_000) raw += chunk;
    });
    req.on('end', () => {
      let body: SinkDelivery['body'] = {};
      try {
        body = JSON.parse(raw);
      } catch {
        // Not JSON: still shown, with what little we know.
      }
      const key = req.headers['idempotency-key'];
      options.onDelivery({
        path: url.slice(prefix.length - 1),
        idempotencyKey: Array.isArray(key) ? key[0] : key,
        body,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new NinesError(
              'conflict',
              `the notification sink cannot listen on 127.0.0.1:${options.port}: another program uses it; choose a free port with --sink-port or NINES_DEMO_SINK_PORT (0 picks one)`,
            )
          : error,
      );
    });
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/${secret}`,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

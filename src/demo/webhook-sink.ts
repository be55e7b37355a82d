import { createServer, type Server } from 'node:http';

/** One notification the sink received. */
export interface SinkDelivery {
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

/**
 * A local stand-in for chat and phones: accepts Nines webhook deliveries on 127.0.0.1 and hands each
 * to `onDelivery`. Answers 204 so the delivery counts as sent.
 */
export async function startWebhookSink(options: {
  port: number;
  onDelivery: (delivery: SinkDelivery) => void;
}): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
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
      options.onDelivery({ path: req.url ?? '/', idempotencyKey: Array.isArray(key) ? key[0] : key, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

import { type ServerType, serve } from '@hono/node-server';
import type { ApiRoutes } from '../http/api-route.ts';

/** An app listening on 127.0.0.1 at a free port, for tests where streaming over real HTTP matters. */
export async function listenOnLoopback(app: ApiRoutes): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One server-sent event as a client sees it. */
export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** Every event received so far, in order. */
  events: ReceivedEvent[];
  /** Comment lines (`: ping`, why the server ended the stream). */
  comments: string[];
  /** The `retry:` the server asked for. */
  retryMs: number | undefined;
  /** Resolves when the server ends the stream (or the connection drops). */
  ended: Promise<void>;
  /** Waits (bounded) until an event matches; fails naming `what` and what was received. */
  waitFor(what: string, match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Disconnects, as a browser tab that closes. */
  close(): void;
}

/** Opens `GET /api/v1/events` with `fetch` and parses the stream as it arrives. */
export async function openEventStream(
  baseUrl: string,
  options: { token: string; lastEventId?: string; query?: string },
): Promise<EventStreamClient> {
  const controller = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(`${baseUrl}/api/v1/events${options.query ?? ''}`, {
    headers,
    signal: controller.signal,
  });
  const client: EventStreamClient = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: [],
    retryMs: undefined,
    ended: Promise.resolve(),
    waitFor: (what, match, timeoutMs = 10_000) => waitForEvent(client, what, match, timeoutMs),
    close: () => controller.abort(),
  };
  if (response.ok && response.body) client.ended = readInto(client, response.body);
  return client;
}

async function readInto(client: EventStreamClient, body: ReadableStream<Uint8Array>): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        parseBlock(client, buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  } catch {
    // Aborted by close(), or the connection dropped: the stream has ended either way.
  }
}

function parseBlock(client: EventStreamClient, block: string): void {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === '') client.comments.push(value);
    else if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry') client.retryMs = Number(value);
  }
  if (data.length > 0) client.events.push({ id, event, data: JSON.parse(data.join('\n')) });
}

async function waitForEvent(
  client: EventStreamClient,
  what: string,
  match: (event: ReceivedEvent) => boolean,
  timeoutMs: number,
): Promise<ReceivedEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.events.find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${timeoutMs} ms; received: ${JSON.stringify(client.events)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits (bounded) until `condition` holds, polling; fails naming `what`. */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

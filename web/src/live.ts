import { createContext, useContext, useEffect, useRef } from 'react';

/** One event of `GET /api/v1/events`. */
export interface LiveEvent {
  id: string | null;
  type: string;
  data: unknown;
}

/**
 * An incremental parser of `text/event-stream` (the WHATWG rules the console needs): `id`, `event`, `data`
 * (multi-line joined by \n), `retry`; comments and unknown fields are ignored; CRLF, CR and LF all end lines.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private id: string | null = null;
  /** The last `retry:` the server asked for, in ms. */
  retryMs: number | null = null;

  /** Feeds text; returns the events it completed. */
  push(text: string): Array<{ id: string | null; type: string; data: string }> {
    this.buffer += text;
    const out: Array<{ id: string | null; type: string; data: string }> = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (this.data.length > 0)
          out.push({ id: this.id, type: this.type || 'message', data: this.data.join('\n') });
        this.data = [];
        this.type = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.type = value;
      else if (field === 'id' && !value.includes('\0')) this.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    return out;
  }
}

type Listener = (event: LiveEvent) => void;

/**
 * The console's one connection to the event stream: reconnects after a drop, resuming with
 * `Last-Event-ID`, and tells listeners; `connected` says whether updates are live right now.
 */
export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<(connected: boolean) => void>();
  private controller: AbortController | null = null;
  private lastId: string | null = null;
  private stopped = false;
  connected = false;

  constructor(
    private readonly token: string,
    private readonly onUnauthenticated: () => void,
  ) {}

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (connected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of this.stateListeners) listener(connected);
  }

  private async loop(): Promise<void> {
    let delayMs = 3_000;
    while (!this.stopped) {
      const parser = new SseParser();
      this.controller = new AbortController();
      try {
        const headers: Record<string, string> = {
          authorization: `Bearer ${this.token}`,
          accept: 'text/event-stream',
        };
        if (this.lastId) headers['last-event-id'] = this.lastId;
        const response = await fetch('/api/v1/events', { headers, signal: this.controller.signal });
        if (response.status === 401) {
          this.onUnauthenticated();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
        this.setConnected(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) {
            if (event.id !== null) this.lastId = event.id;
            let data: unknown = event.data;
            try {
              data = JSON.parse(event.data);
            } catch {
              // Not JSON: passed on as text.
            }
            for (const listener of this.listeners) listener({ id: event.id, type: event.type, data });
          }
        }
      } catch {
        // Dropped or refused: try again after the delay.
      }
      this.setConnected(false);
      if (this.stopped) return;
      delayMs = parser.retryMs ?? delayMs;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

export const LiveContext = createContext<LiveEvents | null>(null);

/**
 * Calls `onEvent` for live events of the given types (`page`, `incident`, `slo`; a `reset` — events were
 * missed — is passed to every subscriber).
 */
export function useLive(types: readonly string[], onEvent: (event: LiveEvent) => void): void {
  const live = useContext(LiveContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(',');
  useEffect(() => {
    if (!live) return undefined;
    const wanted = new Set(key.split(','));
    return live.on((event) => {
      if (wanted.has(event.type) || event.type === 'reset') handler.current(event);
    });
  }, [live, key]);
}

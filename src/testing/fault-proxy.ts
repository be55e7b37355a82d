/**
 * An HTTP proxy on 127.0.0.1 in front of a real server (Prometheus in the fault suite) that a test turns
 * slow, erroring or dead without touching the server itself: `pass` forwards, `delay` holds each request
 * that long before forwarding, `error` answers 500 with a plain-text body, and a target that is down
 * (connection refused) makes the proxy cut the client's connection, as the server itself would.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = { kind: 'pass' } | { kind: 'delay'; ms: number } | { kind: 'error' };

export interface FaultProxy {
  url: string;
  /** Where requests go, e.g. `http://127.0.0.1:9090` (changeable: a restarted server's new port). */
  target: string;
  mode: ProxyMode;
  /** Requests received but not yet answered. */
  readonly inFlight: number;
  /** Requests received so far. */
  readonly received: number;
  /** Requests answered by the target with a 2xx. */
  readonly forwardedOk: number;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let inFlight = 0;
  let received = 0;
  let forwardedOk = 0;
  const timers = new Set<NodeJS.Timeout>();
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const to = new URL(req.url ?? '/', proxy.target);
    const upstream = httpRequest(
      to,
      { method: req.method, headers: { ...req.headers, host: to.host } },
      (answer) => {
        if ((answer.statusCode ?? 500) < 300) forwardedOk++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };
  const server = createServer((req, res) => {
    inFlight++;
    received++;
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const mode = proxy.mode;
      if (mode.kind === 'error') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('upstream exploded\n');
      } else if (mode.kind === 'delay') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) forward(req, res, body);
        }, mode.ms);
        timers.add(timer);
      } else {
        forward(req, res, body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target,
    mode: { kind: 'pass' },
    get inFlight() {
      return inFlight;
    },
    get received() {
      return received;
    },
    get forwardedOk() {
      return forwardedOk;
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

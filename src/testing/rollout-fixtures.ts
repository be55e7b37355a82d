import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RolloutAction, RolloutPlan } from '../specs/index.ts';

/** One request an action receiver got. */
export interface ReceivedAction {
  path: string;
  method: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

/**
 * A real HTTP receiver on 127.0.0.1 for rollout actions: records every request; paths under `/hang`
 * never answer, paths under `/fail` answer 503, the rest 200.
 */
export interface ActionReceiver {
  url: string;
  received: ReceivedAction[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

export async function startActionReceiver(): Promise<ActionReceiver> {
  const received: ReceivedAction[] = [];
  const hung = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer(async (request, response) => {
    const path = request.url ?? '/';
    received.push({
      path,
      method: request.method ?? '',
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      authorization: request.headers.authorization,
      body: await bodyOf(request),
    });
    if (path.startsWith('/hang')) {
      hung.add(response);
      return;
    }
    response.writeHead(path.startsWith('/fail') ? 503 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: !path.startsWith('/fail') }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async close() {
      for (const response of hung) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTP action to `url` (templated), POSTing the weight and version as JSON. */
export function httpAction(url: string, overrides: Partial<RolloutAction> = {}): RolloutAction {
  return {
    kind: 'http',
    url,
    method: 'POST',
    headers: { Authorization: { env: 'ROLLOUT_TOKEN' } },
    body: '{"weight": {{weight}}, "version": "{{version}}", "step": {{step}}}',
    timeoutMs: 5_000,
    retries: 0,
    ...overrides,
  } as RolloutAction;
}

/** A plan of three steps (10, 50, 100 %) baking 20 s each under a pushed analysis judged every 10 s. */
export function rolloutPlan(name: string, overrides: Partial<RolloutPlan> = {}): RolloutPlan {
  const source = { file: 'rollouts.yaml', line: 1, col: 1 };
  return {
    name,
    services: [],
    steps: [
      { weight: 10, bakeMs: 20_000 },
      { weight: 50, bakeMs: 20_000 },
      { weight: 100, bakeMs: 20_000 },
    ],
    analysis: { source: 'pushed', interval: '10s', metrics: [{ name: 'errors', direction: 'increase' }] },
    actions: {
      setWeight: httpAction('http://127.0.0.1:9/weight/{{service}}'),
      rollback: httpAction('http://127.0.0.1:9/rollback/{{service}}'),
    },
    onFailure: { page: 'P2' },
    origin: 'nines',
    source,
    analysisSource: source,
    ...overrides,
  };
}

/** Ten samples a variant per second of [fromMs, fromMs + 10 s): the canary's errors × `factor`. */
export function errorSamples(fromMs: number, factor: number) {
  const out: Array<{ metric: string; variant: string; at: string; value: number }> = [];
  for (let i = 0; i < 10; i++) {
    const at = new Date(fromMs + i * 1_000).toISOString();
    const base = 1 + (i % 4) * 0.25;
    out.push({ metric: 'errors', variant: 'control', at, value: base });
    out.push({ metric: 'errors', variant: 'experiment', at, value: base * factor });
  }
  return out;
}

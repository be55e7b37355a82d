import { createApp } from '../app.ts';
import { createToken, createTokenVerifier, type Scope } from '../auth/index.ts';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { DAY_MS } from '../core/duration.ts';
import type { Logger } from '../core/logger.ts';
import { restoreInstances, SloEngine } from '../engine/index.ts';
import type { ApiRoutes } from '../http/api-route.ts';
import type { AppDeps } from '../http/deps.ts';
import { emptyModel, type Model } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { createMetrics, type Metrics } from '../telemetry/metrics.ts';
import { withResponseChecks } from './response-contract.ts';
import { makeSlo } from './slo-fixtures.ts';
import { openTestDb } from './test-engines.ts';

export const START = '2026-03-02T12:00:00.000Z';

/** A grouped SLO's instance: labels `region=eu/west, code=200` (the `/` is URL-encoded in the name). */
export const GROUPED_INSTANCE = 'payments-latency:eu%2Fwest,200';

import { makeService } from './alerting-fixtures.ts';

export { makeService };

/** Three services, two event-fed SLOs (99.9 % and 99 %) and one Prometheus SLO grouped by two labels. */
export function testModel(): Model {
  const source = { file: 'slos.yaml', line: 1, col: 1 };
  return {
    ...emptyModel(),
    teams: [],
    services: [
      makeService('checkout', { displayName: 'Checkout', owner: 'payments', dependsOn: ['payments-api'] }),
      makeService('payments-api', { tier: 1, runbook: 'https://runbooks.example.com/payments' }),
      makeService('search', { dependsOn: ['payments-api'] }),
    ],
    dataSources: [
      {
        name: 'default',
        kind: 'prometheus',
        url: 'http://127.0.0.1:9',
        headers: {},
        timeoutMs: 1000,
        stepMs: 60_000,
        origin: 'nines',
        source,
      },
    ],
    probes: [],
    policies: [],
    slos: [
      makeSlo({ name: 'checkout-availability', service: 'checkout' }),
      makeSlo({
        name: 'search-availability',
        service: 'search',
        objective: 99,
        window: { kind: 'rolling', durationMs: 7 * DAY_MS },
      }),
      makeSlo({
        name: 'payments-latency',
        service: 'payments-api',
        indicator: {
          kind: 'prometheus',
          source: 'default',
          errorQuery: 'sum(rate(errors[{{.window}}]))',
          totalQuery: 'sum(rate(requests[{{.window}}]))',
          groupBy: ['region', 'code'],
        },
      }),
    ],
  };
}

/** A logger that keeps every line, to assert on what was logged. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; obj: object; msg?: string }> } {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

export interface TestApp {
  /** Every response it gives is checked against its route's declared schema. */
  app: ApiRoutes;
  db: Db;
  clock: FakeClock;
  ctx: AppContext;
  metrics: Metrics;
  logger: ReturnType<typeof recordingLogger>;
  tokens: Record<Scope, string>;
  /** Replaceable stubs behind the app's reloadConfig and readiness. */
  stubs: { reloadConfig: AppDeps['reloadConfig']; readiness: AppDeps['readiness'] };
  /** `app.request` with a bearer token (`token: null` sends none) and an optional JSON body. */
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Signs acknowledgement links in tests. */
export const TEST_LINK_SECRET = 'test-link-secret-0123456789';

/**
 * The app over an in-memory SQLite, a fake clock at START, the test model (or `model`) and one token per
 * scope; `env` is where `{env: NAME}` secrets are read.
 */
export async function createTestApp(
  options: {
    db?: (db: Db) => Db;
    model?: Model;
    env?: Record<string, string | undefined>;
    /** Opens the database (default: a fresh in-memory SQLite); e.g. a `testEngines()` engine's. */
    openDb?: () => Promise<Db>;
    /** The console's build folder (`NINES_CONSOLE_DIR`); default none: pages answer 503. */
    consoleDir?: string;
  } = {},
): Promise<TestApp> {
  const realDb = await (options.openDb ?? openTestDb)();
  const db = options.db ? options.db(realDb) : realDb;
  const clock = new FakeClock(START);
  const logger = recordingLogger();
  const model = options.model ?? testModel();
  const engine = new SloEngine(model);
  await realDb.query('INSERT INTO slo_instances (name, spec, labels) VALUES ($1, $2, $3)', [
    GROUPED_INSTANCE,
    'payments-latency',
    JSON.stringify({ region: 'eu/west', code: '200' }),
  ]);
  await restoreInstances({ db: realDb, engine, slos: model.slos, nowMs: clock.now() });
  const ctx: AppContext = createAppContext({
    db,
    clock,
    logger,
    engine,
    publicUrl: 'http://nines.test',
    linkSecret: TEST_LINK_SECRET,
    env: options.env ?? {},
  });
  const metrics = createMetrics();
  const tokens = {} as Record<Scope, string>;
  for (const scope of ['read', 'write', 'admin'] as const) {
    tokens[scope] = (await createToken({ db: realDb, clock, name: `${scope}-token`, scopes: [scope] })).token;
  }
  const stubs: TestApp['stubs'] = {
    reloadConfig: async () => ({ rebuilt: [], removed: [] }),
    readiness: async () => ({ ok: true, checks: { storage: 'ok' } }),
  };
  const app = withResponseChecks(
    createApp({
      ctx,
      metrics,
      verifyToken: createTokenVerifier(realDb, clock),
      reloadConfig: () => stubs.reloadConfig(),
      readiness: () => stubs.readiness(),
      consoleDir: options.consoleDir,
    }),
  );
  return {
    app,
    db: realDb,
    clock,
    ctx,
    metrics,
    logger,
    tokens,
    stubs,
    call(method, path, { token = tokens.read, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      const all = init.headers as Record<string, string>;
      if (token !== null) all.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        const typed = Object.keys(all).some((name) => name.toLowerCase() === 'content-type');
        if (!typed) all['content-type'] = 'application/json';
      }
      return Promise.resolve(app.request(path, init));
    },
    close: () => realDb.close(),
  };
}

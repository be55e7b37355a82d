import { createApp } from '../app.ts';
import { createToken, createTokenVerifier } from '../auth/index.ts';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { MINUTE_MS } from '../core/duration.ts';
import { addSliBuckets, restoreInstances, SloEngine } from '../engine/index.ts';
import type { Model } from '../specs/index.ts';
import type { PublicStatus } from '../status-page/index.ts';
import type { Db } from '../storage/index.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { withResponseChecks } from './response-contract.ts';
import { statusModel } from './status-page-fixtures.ts';
import { recordingLogger } from './test-app.ts';
import type { TestEngine } from './test-engines.ts';

/** The instant status-page integration tests run at. */
export const NOW = Date.parse('2026-03-02T12:00:00Z');

/** A db whose every call throws a lost-connection error while `down` is set. */
export function switchableDb(db: Db): Db & { down: boolean } {
  const fail = () => {
    throw new Error('Connection terminated unexpectedly');
  };
  const wrapped = {
    down: false,
    engine: db.engine,
    query: (sql: string, params?: unknown[]) => (wrapped.down ? fail() : db.query(sql, params)),
    transaction: (fn: Parameters<Db['transaction']>[0]) => (wrapped.down ? fail() : db.transaction(fn)),
    exec: (sql: string) => db.exec(sql),
    close: () => db.close(),
  };
  return wrapped as Db & { down: boolean };
}

/** Minute buckets: `[minuteStartMs, good, total]` for one SLO instance. */
export async function insertBuckets(db: Db, slo: string, rows: Array<[number, number, number]>) {
  await addSliBuckets(
    db,
    rows.map(([timeMs, good, total]) => ({ slo, timeMs, good, total })),
  );
}

/** An incident with internal details that must never be published; `fields` override columns. */
export async function insertIncident(db: Db, fields: Record<string, unknown>): Promise<number> {
  const row = {
    title: 'DB creds rotated by alice',
    severity: 'SEV2',
    status: 'identified',
    summary: 'alice rotated the creds; internal note',
    services: JSON.stringify(['pay-svc-internal']),
    roles: JSON.stringify({ commander: 'alice', sme: ['carol'] }),
    tags: JSON.stringify(['secret-tag']),
    declared_by: 'alice',
    started_ms: NOW - 60 * MINUTE_MS,
    detected_ms: NOW - 55 * MINUTE_MS,
    declared_ms: NOW - 50 * MINUTE_MS,
    ...fields,
  };
  const keys = Object.keys(row);
  const [inserted] = await db.query<{ id: number }>(
    `INSERT INTO incidents (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(row),
  );
  return Number(inserted?.id);
}

/** A status update posted by `bob-the-comms`, public unless told otherwise. */
export async function insertUpdate(
  db: Db,
  incidentId: number,
  atMs: number,
  message: string,
  isPublic = true,
) {
  await db.query(
    `INSERT INTO status_updates (incident_id, at_ms, status, message, public, posted_by)
     VALUES ($1, $2, 'identified', $3, $4, 'bob-the-comms')`,
    [incidentId, atMs, message, isPublic],
  );
}

/**
 * The app over a fresh database of `engine` (behind a switchable wrapper), a fake clock at NOW, the status
 * test model (or `model`) and a read and a write token; `disposers` collects what to close.
 */
export async function openStatusApp(
  engine: TestEngine,
  disposers: Array<() => Promise<void>>,
  model: Model = statusModel(),
) {
  const opened = await engine.open();
  disposers.push(opened.dispose);
  const db = switchableDb(opened.db);
  const clock = new FakeClock(NOW);
  const logger = recordingLogger();
  const sloEngine = new SloEngine(model);
  await restoreInstances({ db: opened.db, engine: sloEngine, slos: model.slos, nowMs: NOW });
  const ctx: AppContext = createAppContext({
    db,
    clock,
    logger,
    engine: sloEngine,
    publicUrl: 'http://status.test',
    linkSecret: 'test-link-secret-0123456789abcdef',
    env: {},
  });
  const token = async (scope: 'read' | 'write') =>
    (await createToken({ db: opened.db, clock, name: `${scope}-token`, scopes: [scope] })).token;
  const tokens = { read: await token('read'), write: await token('write') };
  const app = withResponseChecks(
    createApp({
      ctx,
      metrics: createMetrics(),
      verifyToken: createTokenVerifier(opened.db, clock),
      reloadConfig: async () => ({ rebuilt: [], removed: [] }),
      readiness: async () => ({ ok: true, checks: {} }),
    }),
  );
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  const api = (method: string, path: string, body?: unknown, bearer = tokens.write) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async () => (await (await get('/status.json')).json()) as PublicStatus & { stale?: boolean };
  return { db, clock, logger, ctx, engine: sloEngine, tokens, get, api, json };
}

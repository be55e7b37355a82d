import { createApp } from '../app.ts';
import { createToken, createTokenVerifier } from '../auth/index.ts';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { restoreInstances, SloEngine } from '../engine/index.ts';
import { emptyModel, type Model } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { makePerson, makeService, makeTeam } from './alerting-fixtures.ts';
import { withResponseChecks } from './response-contract.ts';
import { makeSlo } from './slo-fixtures.ts';

export const T0 = Date.parse('2026-03-02T12:00:00Z');
export const MIN = 60_000;

/** Services api and web; alice and bob on team platform, carol on no team and unreachable; SLO api 99 %/30d. */
export function postmortemModel(): Model {
  return {
    ...emptyModel(),
    persons: [
      makePerson('alice'),
      makePerson('bob', { contacts: [{ kind: 'email', address: 'bob@example.test' }] }),
      makePerson('carol', { contacts: [] }),
    ],
    teams: [makeTeam('platform', { members: ['alice', 'bob'] })],
    services: [makeService('api', { owner: 'platform' }), makeService('web', { owner: 'platform' })],
    slos: [
      makeSlo({ name: 'api-availability', service: 'api', objective: 99 }),
      makeSlo({ name: 'web-availability', service: 'web', objective: 99.9 }),
    ],
  };
}

/**
 * 100 minutes of `api-availability` from T0 at 1,000 events a minute, the last 10 with 42 bad each:
 * 100,000 events in the 30-day window, 420 bad during the incident (T0+90 min to T0+100 min).
 */
export async function seedBuckets(db: Db): Promise<void> {
  await db.query(
    // A recursive count rather than generate_series, which SQLite lacks.
    `WITH RECURSIVE minutes(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM minutes WHERE g < 99)
     INSERT INTO sli_buckets (slo, start_ms, good, total)
     SELECT 'api-availability', $1::bigint + g * 60000, CASE WHEN g >= 90 THEN 958 ELSE 1000 END, 1000
     FROM minutes`,
    [T0],
  );
}

/** A resolved SEV2 on api (impact T0+90 → T0+100 min) with a timeline: declared, a corrected note, resolved. */
export async function seedIncident(db: Db, overrides: { severity?: string } = {}): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO incidents (title, severity, status, summary, services, roles, tags, declared_by,
       started_ms, detected_ms, declared_ms, resolved_ms)
     VALUES ('API returned 500 errors', $1, 'resolved', 'Bad config deploy.', '["api"]',
       '{"commander":"alice"}', '["config","deploy"]', 'alice', $2, $3, $4, $5) RETURNING id`,
    [overrides.severity ?? 'SEV2', T0 + 90 * MIN, T0 + 91 * MIN, T0 + 92 * MIN, T0 + 100 * MIN],
  );
  const id = row?.id as number;
  const event = async (minute: number, kind: string, details: object, corrects: number | null = null) => {
    const [e] = await db.query<{ id: number }>(
      `INSERT INTO incident_events (incident_id, at_ms, kind, actor, details, corrects)
       VALUES ($1, $2, $3, 'alice', $4, $5) RETURNING id`,
      [id, T0 + minute * MIN, kind, JSON.stringify(details), corrects],
    );
    return e?.id as number;
  };
  await event(92, 'declared', { severity: 'SEV2' });
  const note = await event(95, 'note', { text: 'Rolled back v41' });
  await event(97, 'correction', { text: 'it was v42' }, note);
  await event(100, 'status_changed', { from: 'monitoring', to: 'resolved' });
  return id;
}

/** The app over `db` with the postmortem model, a fake clock and read/write tokens. */
export async function postmortemApp(db: Db, nowMs: number) {
  const clock = new FakeClock(nowMs);
  const model = postmortemModel();
  const engine = new SloEngine(model);
  await restoreInstances({ db, engine, slos: model.slos, nowMs });
  const ctx: AppContext = createAppContext({
    db,
    clock,
    logger: silentLogger,
    engine,
    publicUrl: 'http://nines.test',
    linkSecret: 'test-link-secret-0123456789',
    env: {},
  });
  const app = withResponseChecks(
    createApp({
      ctx,
      metrics: createMetrics(),
      verifyToken: createTokenVerifier(db, clock),
      reloadConfig: async () => ({ rebuilt: [], removed: [] }),
      readiness: async () => ({ ok: true, checks: {} }),
    }),
  );
  const write = (await createToken({ db, clock, name: 'editor', scopes: ['write'] })).token;
  const call = (method: string, path: string, body?: unknown) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${write}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
    );
  return { ctx, clock, call };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../app.ts';
import { createToken, createTokenVerifier } from '../../auth/index.ts';
import { createAppContext } from '../../context/index.ts';
import { FakeClock } from '../../core/clock.ts';
import { DAY_MS, MINUTE_MS } from '../../core/duration.ts';
import { silentLogger } from '../../core/logger.ts';
import { SloEngine } from '../../engine/index.ts';
import type { OncallHealth } from '../../reports/index.ts';
import { emptyModel } from '../../specs/index.ts';
import type { Db } from '../../storage/index.ts';
import { createMetrics } from '../../telemetry/metrics.ts';
import { withResponseChecks } from '../../testing/response-contract.ts';
import { openTestDb } from '../../testing/test-engines.ts';
import { type ApiRoutes, apiRoutes } from '../api-route.ts';
import { authenticate } from '../auth.ts';
import { handleError } from '../errors.ts';
import { requestId } from '../request-id.ts';
import { reportRange, reportRoutes } from './reports.ts';

const NOW = '2026-03-09T12:00:00.000Z';
const nowMs = Date.parse(NOW);
const source = { file: 'oncall.yaml', line: 1, col: 1 };

let db: Db;
let app: ApiRoutes;
let token: string;

/** The report routes behind the same error handling and token check as in the app. */
beforeAll(async () => {
  db = await openTestDb();
  const clock = new FakeClock(NOW);
  const model = {
    ...emptyModel(),
    persons: [{ name: 'ana', timeZone: 'Europe/Paris', contacts: [], origin: 'nines' as const, source }],
  };
  const engine = new SloEngine(model);
  // The report reads only db, clock and model.
  const ctx = createAppContext({
    db,
    clock,
    logger: silentLogger,
    engine,
  });
  app = apiRoutes();
  app.onError(handleError(silentLogger));
  app.use(requestId());
  app.use('/api/v1/*', authenticate(createTokenVerifier(db, clock)));
  app.route(
    '/api/v1',
    reportRoutes({
      ctx,
      metrics: createMetrics(),
      verifyToken: createTokenVerifier(db, clock),
      reloadConfig: async () => ({ rebuilt: [], removed: [] }),
      readiness: async () => ({ ok: true, checks: {} }),
    }),
  );
  withResponseChecks(app);
  token = (await createToken({ db, clock, name: 'reader', scopes: ['read'] })).token;
  // Saturday 2026-03-07 at 12:00 in Paris, acknowledged after 4 minutes.
  const createdMs = nowMs - 2 * DAY_MS - 60 * MINUTE_MS;
  await db.query(
    `INSERT INTO pages (id, group_key, status, severity, summary, level, created_ms, acknowledged_ms)
     VALUES (1, 'g1', 'acknowledged', 'P1', 'checkout down', 1, $1, $2)`,
    [createdMs, createdMs + 4 * MINUTE_MS],
  );
  await db.query(
    `INSERT INTO deliveries (page_id, idempotency_key, recipient, channel, contact, message, status, next_attempt_ms, created_ms)
     VALUES (1, 'k1', 'person:ana', 'webhook', '{}', '{}', 'sent', $1, $1)`,
    [createdMs],
  );
});
afterAll(() => db.close());

function get(query: string, bearer: string | null = token): Promise<Response> {
  const headers: Record<string, string> = bearer === null ? {} : { authorization: `Bearer ${bearer}` };
  return Promise.resolve(app.request(`/api/v1/reports/oncall${query}`, { headers }));
}

describe('GET /api/v1/reports/oncall', () => {
  it('reports the week before now by default', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    const body = (await response.json()) as OncallHealth;
    expect(body.from).toBe('2026-03-02T12:00:00.000Z');
    expect(body.to).toBe(NOW);
    expect(body.totals).toMatchObject({
      pages: 1,
      acknowledged: 1,
      mttaSeconds: 240,
      pagesOutsideBusinessHours: 1,
    });
    expect(body.perPerson).toEqual([
      { person: 'ana', pages: 1, outsideBusinessHours: 1, acknowledged: 1, mttaSeconds: 240 },
    ]);
  });

  it('reads from and to as RFC 3339 or epoch milliseconds', async () => {
    const response = await get(`?from=2026-03-08T00:00:00Z&to=${nowMs}`);
    const body = (await response.json()) as OncallHealth;
    expect(body.from).toBe('2026-03-08T00:00:00.000Z');
    expect(body.totals.pages).toBe(0);
    expect(body.totals.escalationRate).toBeNull();
  });

  it('refuses a malformed time with a 400 naming the parameter', async () => {
    const response = await get('?to=yesterday');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details[0]?.path).toBe('to');
  });

  it('refuses a range that is empty or longer than 92 days', async () => {
    expect((await get('?from=2026-03-09T12:00:00Z')).status).toBe(400);
    const tooLong = await get('?from=2025-12-01T00:00:00Z&to=2026-03-09T00:00:00Z');
    expect(tooLong.status).toBe(400);
    const body = (await tooLong.json()) as { error: { message: string } };
    expect(body.error.message).toContain('92 days');
  });

  it('needs a token', async () => {
    expect((await get('', null)).status).toBe(401);
  });
});

describe('reportRange', () => {
  it('accepts exactly 92 days', () => {
    const to = Date.parse('2026-04-01T00:00:00Z');
    expect(reportRange({ from: String(to - 92 * DAY_MS), to: String(to) }, 0)).toEqual({
      fromMs: to - 92 * DAY_MS,
      toMs: to,
    });
  });
});

describe('the on-call report in the OpenAPI document', () => {
  it('documents the range parameters and the error responses', () => {
    const { paths } = openApiDocument(app) as {
      paths: Record<string, { get: { parameters: Array<{ name: string }>; responses: object } }>;
    };
    const oncallReport = paths['/api/v1/reports/oncall'] as (typeof paths)[string];
    expect(oncallReport.get.parameters.map((p) => p.name)).toEqual(['from', 'to']);
    expect(Object.keys(oncallReport.get.responses)).toEqual(['200', '400', '401', '403', '503']);
  });
});

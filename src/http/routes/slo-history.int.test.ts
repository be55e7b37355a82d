import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../../core/duration.ts';
import { evaluateSlos } from '../../engine/index.ts';
import { expectJson } from '../../testing/paging-fixtures.ts';
import { makeSlo } from '../../testing/slo-fixtures.ts';
import { createTestApp, START, type TestApp, testModel } from '../../testing/test-app.ts';
import { testEngines } from '../../testing/test-engines.ts';

const startMs = Date.parse(START);
const iso = (ms: number) => new Date(ms).toISOString();

/** `api-availability`: 99.9 %, the workbook's page conditions, one custom ticket condition, two exclusions. */
function historyModel() {
  const base = testModel();
  const slo = makeSlo({
    name: 'api-availability',
    service: 'checkout',
    exclusions: [
      {
        kind: 'once',
        name: 'db-migration',
        startMs: Date.parse('2026-03-02T10:00:00Z'),
        endMs: Date.parse('2026-03-02T10:30:00Z'),
      },
      {
        kind: 'recurring',
        name: 'daily-restart',
        rrule: 'FREQ=DAILY',
        startMs: Date.parse('2026-03-01T11:00:00Z'),
        durationMs: 15 * MINUTE_MS,
        timeZone: 'UTC',
      },
      {
        kind: 'once',
        startMs: Date.parse('2026-03-03T00:00:00Z'),
        endMs: Date.parse('2026-03-03T01:00:00Z'),
      },
    ],
  });
  slo.alerting = {
    ...slo.alerting,
    ticket: {
      enabled: true,
      conditions: [{ longWindowMs: DAY_MS, shortWindowMs: 2 * 3_600_000, burnRate: 3 }],
    },
    noDataAfterMs: DAY_MS,
  };
  return { ...base, slos: [...base.slos, slo] };
}

interface History {
  objective: number;
  points: Array<{ burnRates: Record<string, number | null> }>;
  alertWindows: Array<{ severity: string; longWindow: string; shortWindow: string; burnRate: number }>;
  alerts: Array<{ severity: string; firedAt: string; resolvedAt: string | null }>;
  exclusions: Array<{ start: string; end: string; reason?: string }>;
}

describe.each(await testEngines())(
  'GET /api/v1/slos/{name}/history on $name: what the chart draws around the points',
  (engine) => {
    let t: TestApp;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      t = await createTestApp({
        model: historyModel(),
        openDb: async () => {
          const opened = await engine.open();
          dispose = opened.dispose;
          return opened.db;
        },
      });
      // Every event bad 10 minutes before START: burn 1 / (1 − 0.999) = 1000 over every window holding it.
      const events = [{ slo: 'api-availability', time: startMs - 10 * MINUTE_MS, good: 0, total: 100 }];
      await expectJson(
        await t.call('POST', '/api/v1/sli-events', { token: t.tokens.write, body: { events } }),
        202,
      );
      await evaluateSlos({ ctx: t.ctx });
      // 40 minutes later the 5m and 30m windows are empty, so both page conditions fail: the page resolves,
      // while the 2h window still holds the bad minute and the ticket keeps firing.
      t.clock.set(startMs + 40 * MINUTE_MS);
      await evaluateSlos({ ctx: t.ctx });
    });
    afterAll(() => dispose());

    const history = (query: string) =>
      t
        .call('GET', `/api/v1/slos/api-availability/history?${query}`)
        .then((r) => expectJson<History>(r, 200));

    it('gives the objective and the alert thresholds, named like the burnRates keys', async () => {
      const body = await history(`from=${startMs - 3 * 3_600_000}&to=${startMs + 3_600_000}&step=10m`);
      expect(body.objective).toBe(99.9);
      expect(body.alertWindows).toEqual([
        { severity: 'page', longWindow: '1h', shortWindow: '5m', burnRate: 14.4 },
        { severity: 'page', longWindow: '6h', shortWindow: '30m', burnRate: 6 },
        { severity: 'ticket', longWindow: '1d', shortWindow: '2h', burnRate: 3 },
      ]);
      const keys = Object.keys(body.points[0]?.burnRates ?? {});
      for (const window of body.alertWindows)
        expect(keys).toEqual(expect.arrayContaining([window.longWindow, window.shortWindow]));
    });

    it('lists the alert episodes that fired during the range, resolved or not', async () => {
      const body = await history(`from=${startMs - 3 * 3_600_000}&to=${startMs + 3_600_000}&step=10m`);
      expect(body.alerts).toEqual([
        { severity: 'page', firedAt: START, resolvedAt: iso(startMs + 40 * MINUTE_MS) },
        { severity: 'ticket', firedAt: START, resolvedAt: null },
      ]);
      // A range after the page resolved shows only the ticket; one before anything fired shows nothing.
      const later = await history(`from=${startMs + 41 * MINUTE_MS}&to=${startMs + 50 * MINUTE_MS}&step=1m`);
      expect(later.alerts.map((a) => a.severity)).toEqual(['ticket']);
      const before = await history(`from=${startMs - 3_600_000}&to=${startMs - 1}&step=10m`);
      expect(before.alerts).toEqual([]);
    });

    it('lists the exclusions overlapping the range, each occurrence with its name', async () => {
      // 09:00 to 13:00 on 03-02: the migration and that day's restart; the 03-03 exclusion is outside.
      const body = await history(`from=${startMs - 3 * 3_600_000}&to=${startMs + 3_600_000}&step=10m`);
      expect(body.exclusions).toEqual([
        { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T10:30:00.000Z', reason: 'db-migration' },
        { start: '2026-03-02T11:00:00.000Z', end: '2026-03-02T11:15:00.000Z', reason: 'daily-restart' },
      ]);
      // Into the next day, by start: its unnamed exclusion (no reason) and its restart.
      const days = await history('from=2026-03-02T10:15:00Z&to=2026-03-04T00:00:00Z&step=1h');
      expect(days.exclusions).toEqual([
        { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T10:30:00.000Z', reason: 'db-migration' },
        { start: '2026-03-02T11:00:00.000Z', end: '2026-03-02T11:15:00.000Z', reason: 'daily-restart' },
        { start: '2026-03-03T00:00:00.000Z', end: '2026-03-03T01:00:00.000Z' },
        { start: '2026-03-03T11:00:00.000Z', end: '2026-03-03T11:15:00.000Z', reason: 'daily-restart' },
      ]);
    });
  },
);

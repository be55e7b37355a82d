import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { SloEngine } from '../engine/index.ts';
import { SliSeries } from '../slo/index.ts';
import { emptyModel } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { makeService } from '../testing/alerting-fixtures.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { loadReliability } from './load-reliability.ts';

const at = (iso: string): number => Date.parse(iso);
// 33 days: October whole (31 d = 44,640 min) and Nov 1–2 (2 d = 2,880 min); 47,520 min in all.
const FROM = at('2026-10-01T00:00:00Z');
const TO = at('2026-11-03T00:00:00Z');

/** api has two SLOs, web one (all 99 % over 30 rolling days); db has none. */
function engine(): SloEngine {
  const sloEngine = new SloEngine({
    ...emptyModel(),
    services: ['api', 'web', 'db'].map((name) => makeService(name)),
  });
  for (const [name, owner] of [
    ['api-availability', 'api'],
    ['api-latency', 'api'],
    ['web-availability', 'web'],
  ] as const) {
    const slo = makeSlo({ name, service: owner, objective: 99 });
    const series = new SliSeries({ slo, nowMs: TO });
    sloEngine.putInstance({
      slo,
      spec: name,
      labels: {},
      series,
      alertState: undefined,
      evaluation: undefined,
      sourceError: undefined,
    });
  }
  return sloEngine;
}

async function seed(db: Queryable): Promise<void> {
  const buckets: Array<[string, string, number, number]> = [
    ['api-availability', '2026-09-30T23:59:00Z', 0, 1000], // before the range: budget window only
    ['api-availability', '2026-10-15T12:00:00Z', 980, 1000],
    ['api-availability', '2026-10-31T23:59:00Z', 950, 1000], // last minute of October
    ['api-availability', '2026-11-01T00:00:00Z', 999, 1000], // first minute of November
    ['api-availability', '2026-11-03T00:00:00Z', 0, 1000], // at `to`: left out
    ['api-latency', '2026-10-15T12:00:00Z', 1000, 1000], // the same minute as api-availability's
    ['api-latency', '2026-10-20T12:00:00Z', 1970, 2000],
    ['web-availability', '2026-10-25T12:00:00Z', 950, 950],
    ['web-availability', '2026-11-02T12:00:00Z', 45, 50],
  ];
  for (const [slo, iso, good, total] of buckets) {
    await db.query('INSERT INTO sli_buckets (slo, start_ms, good, total) VALUES ($1, $2, $3, $4)', [
      slo,
      at(iso),
      good,
      total,
    ]);
  }
  const incidents: Array<[number, string, string[], string[], string | null, string | null]> = [
    // id, severity, services, [started, detected, declared], acknowledged, resolved
    [
      1,
      'SEV1',
      ['api'],
      ['2026-10-31T23:50Z', '2026-10-31T23:55Z', '2026-10-31T23:56Z'],
      null,
      '2026-11-01T00:25Z',
    ],
    [
      2,
      'SEV2',
      ['api', 'web'],
      ['2026-10-01T10:00Z', '2026-10-01T10:02Z', '2026-10-01T10:03Z'],
      '2026-10-01T10:06Z',
      '2026-10-01T11:02Z',
    ],
    [3, 'SEV3', ['web'], ['2026-11-02T12:00Z', '2026-11-02T12:10Z', '2026-11-02T12:12Z'], null, null],
    [
      4,
      'SEV1',
      ['api'],
      ['2026-09-30T10:00Z', '2026-09-30T10:00Z', '2026-09-30T10:00Z'],
      null,
      '2026-09-30T11:00Z',
    ],
    [5, 'SEV2', ['api'], ['2026-11-02T23:00Z', '2026-11-02T23:30Z', '2026-11-03T00:00Z'], null, null],
  ];
  for (const [id, severity, services, [started, detected, declared], acked, resolved] of incidents) {
    await db.query(
      `INSERT INTO incidents (id, title, severity, status, services, declared_by, started_ms, detected_ms,
         declared_ms, acknowledged_ms, resolved_ms)
       VALUES ($1, 'outage', $2, $3, $4, 'alice', $5, $6, $7, $8, $9)`,
      [
        id,
        severity,
        resolved ? 'resolved' : 'investigating',
        JSON.stringify(services),
        at(started as string),
        at(detected as string),
        at(declared as string),
        acked ? at(acked) : null,
        resolved ? at(resolved) : null,
      ],
    );
  }
  // Incident 1 has no ack of its own: its pages' first ack (23:58) counts. Incident 2's own ack wins.
  const pages: Array<[number, number, string]> = [
    [1, 1, '2026-11-01T00:05:00Z'],
    [2, 1, '2026-10-31T23:58:00Z'],
    [3, 2, '2026-10-01T10:04:00Z'],
  ];
  for (const [id, incidentId, acked] of pages) {
    await db.query(
      `INSERT INTO pages (id, group_key, status, severity, summary, created_ms, acknowledged_ms, incident_id)
       VALUES ($1, $2, 'acknowledged', 'P0', 'down', $3, $3, $4)`,
      [id, `g${id}`, at(acked), incidentId],
    );
  }
  const postmortems: Array<[number, string, boolean]> = [
    [1, 'final', true],
    [2, 'in_review', true],
    [3, 'draft', false],
    [4, 'final', true], // incident 4 is before the range
  ];
  for (const [incidentId, status, required] of postmortems) {
    await db.query(
      `INSERT INTO postmortems (id, incident_id, status, required, title, document, created_ms, updated_ms, updated_by)
       VALUES ($1, $1, $2, $3, 'pm', '{}', 0, 0, 'alice')`,
      [incidentId, status, required],
    );
  }
  // postmortem, status, created, due, completed; the target is 30 days (Oct 1 12:00 + 30 d = Oct 31 12:00).
  const items: Array<[number, string, string, string, string | null]> = [
    [1, 'done', '2026-11-01T01:00Z', '2026-11-15T00:00Z', '2026-11-02T01:00Z'], // a: on time
    [1, 'open', '2026-11-01T01:00Z', '2026-11-02T00:00Z', null], // b: overdue, target not reached
    [2, 'done', '2026-10-01T12:00Z', '2026-10-15T00:00Z', '2026-10-29T12:00Z'], // c: 28 d, on time
    [2, 'done', '2026-10-01T12:00Z', '2026-10-15T00:00Z', '2026-11-02T12:00Z'], // d: 32 d, late
    [2, 'in_progress', '2026-10-01T12:00Z', '2026-10-15T00:00Z', null], // e: overdue, past target
    [2, 'wont_do', '2026-10-01T12:00Z', '2026-10-15T00:00Z', null], // f
    [3, 'open', '2026-11-02T13:00Z', '2026-11-16T00:00Z', null], // g
    [4, 'open', '2026-09-30T12:00Z', '2026-10-01T00:00Z', null], // out of range
  ];
  for (const [postmortemId, status, created, due, completed] of items) {
    await db.query(
      `INSERT INTO action_items (postmortem_id, title, owner, due_ms, priority, status, created_ms, created_by,
         completed_ms)
       VALUES ($1, 'fix', 'bob', $2, 'P1', $3, $4, 'alice', $5)`,
      [postmortemId, at(due), status, at(created), completed ? at(completed) : null],
    );
  }
}

describe.each(await testEngines())('loadReliability on $name', (testEngine) => {
  // The report only reads, so one seeded database serves every case.
  let opened: Awaited<ReturnType<typeof testEngine.open>>;
  beforeAll(async () => {
    opened = await testEngine.open();
    await seed(opened.db);
  });
  afterAll(() => opened?.dispose());

  function report(service?: string) {
    const sloEngine = engine();
    const ctx = { db: opened.db, engine: sloEngine, model: sloEngine.model, clock: new FakeClock(TO) };
    return loadReliability({ ctx, fromMs: FROM, toMs: TO, service });
  }

  it('reports availability per service and UTC month from every SLO of the service', async () => {
    const result = await report();
    expect(result).toMatchObject({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      service: null,
      generatedAt: '2026-11-03T00:00:00.000Z',
    });
    // Downtime counts only the minutes with data: 33 days of 47,520 min had data in 4 (api) and 2 (web).
    const none = { availability: null, downtimeMinutes: null, events: 0, minutesWithData: 0, coverage: 0 };
    expect(result.services).toEqual([
      {
        service: 'api',
        // (980 + 950 + 1,000 + 1,970 + 999) / 6,000 = 5,899 / 6,000; 101/6,000 of 4 minutes = 0.067333 min.
        availability: expect.closeTo(5_899 / 6_000, 10),
        downtimeMinutes: expect.closeTo(0.067333, 6),
        events: 6000,
        minutesWithData: 4,
        coverage: expect.closeTo(4 / 47_520, 12),
        months: [
          // Oct 15 12:00 (both SLOs: one minute), Oct 20 12:00 and Oct 31 23:59 (last minute of October):
          // 4,900 / 5,000 = 0.98; 2 % of 3 minutes = 0.06 min, 3 of 44,640 min with data.
          {
            month: '2026-10',
            availability: 0.98,
            downtimeMinutes: expect.closeTo(0.06, 10),
            events: 5000,
            minutesWithData: 3,
            coverage: expect.closeTo(3 / 44_640, 12),
          },
          // Nov 1 00:00 in November: 999 / 1,000; 0.1 % of 1 minute, 1 of 2,880 min.
          {
            month: '2026-11',
            availability: 0.999,
            downtimeMinutes: expect.closeTo(0.001, 10),
            events: 1000,
            minutesWithData: 1,
            coverage: expect.closeTo(1 / 2_880, 12),
          },
        ],
      },
      {
        service: 'db',
        ...none,
        months: [
          { month: '2026-10', ...none },
          { month: '2026-11', ...none },
        ],
      },
      {
        service: 'web',
        // 995 / 1,000 = 0.995; 0.5 % of 2 minutes = 0.01 min.
        availability: expect.closeTo(0.995, 10),
        downtimeMinutes: expect.closeTo(0.01, 10),
        events: 1000,
        minutesWithData: 2,
        coverage: expect.closeTo(2 / 47_520, 12),
        months: [
          {
            month: '2026-10',
            availability: 1,
            downtimeMinutes: 0,
            events: 950,
            minutesWithData: 1,
            coverage: expect.closeTo(1 / 44_640, 12),
          },
          // 45 / 50 = 0.9; 10 % of 1 minute = 0.1 min.
          {
            month: '2026-11',
            availability: 0.9,
            downtimeMinutes: expect.closeTo(0.1, 10),
            events: 50,
            minutesWithData: 1,
            coverage: expect.closeTo(1 / 2_880, 12),
          },
        ],
      },
    ]);
  });

  it('counts incidents declared in [from, to) and their mean times', async () => {
    expect((await report()).incidents).toEqual({
      total: 3,
      open: 1,
      bySeverity: { SEV1: 1, SEV2: 1, SEV3: 1, SEV4: 0 },
      // Detection: 5, 2 and 10 min -> 17/3 min = 340 s.
      mttdSeconds: 340,
      // Incident 1: page ack 23:58 - 23:55 = 3 min; incident 2: own ack 10:06 - 10:02 = 4 min -> 210 s.
      mttaSeconds: 210,
      // Resolution after detection: 30 and 60 min -> 45 min.
      mttrSeconds: 2700,
      // Onsets Oct 1 10:00, Oct 31 23:50, Nov 2 12:00: (32 d 2 h = 2,772,000 s) / 2 gaps.
      mtbfSeconds: 1_386_000,
      byMonth: [
        { month: '2026-10', incidents: 2, mttrSeconds: 2700 },
        { month: '2026-11', incidents: 1, mttrSeconds: null },
      ],
    });
  });

  it('sums the error budget each incident consumed per SLO of its services', async () => {
    expect((await report()).errorBudget).toEqual([
      // Incident 1 [Oct 31 23:50, Nov 1 00:25): 50 + 1 bad over 1 % of the window's 3,000 events (30)
      // = 170 %; incident 2: no bad events in its hour, budget 1 % of Sep 30's 1,000 -> 0 %.
      { slo: 'api-availability', service: 'api', consumedPercent: expect.closeTo(170, 6), incidents: 2 },
      // Incident 3 [Nov 2 12:00, now): 5 bad over 1 % of 1,000 window events (10) = 50 %; no data before
      // incident 2.
      { slo: 'web-availability', service: 'web', consumedPercent: expect.closeTo(50, 6), incidents: 1 },
      // Incident 1 saw no latency misses (0 of a 30-event budget); incident 2's window had no data.
      { slo: 'api-latency', service: 'api', consumedPercent: 0, incidents: 1 },
    ]);
  });

  it('reports postmortem and action item completion of the incidents in the range', async () => {
    const result = await report();
    // Incidents 1 (final) and 2 (in review) required one; 3's is voluntary; 4's is out of the range.
    expect(result.postmortems).toEqual({
      total: 3,
      required: 2,
      drafted: 1,
      final: 1,
      completionPercent: 50,
    });
    expect(result.actionItems).toEqual({
      total: 7,
      done: 3,
      doneWithinTarget: 2,
      open: 3,
      // b (due Nov 2) and e (due Oct 15); g is due Nov 16.
      overdue: 2,
      wontDo: 1,
      // a and c on time; d, e and f (dropped) past the target; b and g are younger than 30 days: 2 / 5.
      assessed: 5,
      completionPercent: 40,
      targetDays: 30,
      targetPercent: 90,
    });
  });

  it('filters everything by service: its incidents, its SLOs only', async () => {
    const api = await report('api');
    expect(api.service).toBe('api');
    expect(api.services.map((figures) => figures.service)).toEqual(['api']);
    expect(api.incidents).toMatchObject({
      total: 2,
      open: 0,
      // (5 + 2) / 2 min; (3 + 4) / 2 min; (30 + 60) / 2 min.
      mttdSeconds: 210,
      mttaSeconds: 210,
      mttrSeconds: 2700,
      // Oct 1 10:00 -> Oct 31 23:50 = 30 d 13 h 50 min.
      mtbfSeconds: 2_641_800,
    });
    expect(api.errorBudget.map(({ slo, incidents }) => ({ slo, incidents }))).toEqual([
      { slo: 'api-availability', incidents: 2 },
      { slo: 'api-latency', incidents: 1 },
    ]);
    expect(api.actionItems).toMatchObject({
      total: 6,
      open: 2,
      overdue: 2,
      // The same five items judged as above: 2 / 5.
      assessed: 5,
      completionPercent: 40,
    });

    const web = await report('web');
    // Incident 2 counts for web only through web's SLO: api's are left out.
    expect(web.errorBudget).toEqual([
      { slo: 'web-availability', service: 'web', consumedPercent: expect.closeTo(50, 6), incidents: 1 },
    ]);
    // Oct 1 10:00 -> Nov 2 12:00 = 32 d 2 h, one gap.
    expect(web.incidents).toMatchObject({ total: 2, open: 1, mtbfSeconds: 2_772_000 });
    expect(web.postmortems).toEqual({ total: 2, required: 1, drafted: 1, final: 0, completionPercent: 0 });
    // c on time; d, e and f (dropped) past the target -> 1 / 4.
    expect(web.actionItems.completionPercent).toBe(25);
  });

  it('refuses a service neither the catalog nor any SLO names', async () => {
    await expect(report('nope')).rejects.toMatchObject({
      code: 'not_found',
      message: 'no service named "nope"',
    });
  });
});

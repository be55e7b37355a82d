import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../core/duration.ts';
import { emptyModel, type Model } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';
import { makePerson } from '../testing/alerting-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { loadOncallHealth } from './load-oncall-health.ts';

const at = (iso: string): number => Date.parse(iso);
const FROM = at('2026-03-02T08:00:00Z'); // Monday
const TO = at('2026-03-04T08:00:00Z');
const source = { file: 'oncall.yaml', line: 1, col: 1 };

/** ana and bob take daily turns at 08:00 UTC, ana first; cy only appears through overrides. */
function model(): Model {
  return {
    ...emptyModel(),
    persons: [
      makePerson('ana', { timeZone: 'Europe/Paris', contacts: [] }),
      makePerson('bob', { timeZone: 'UTC', contacts: [] }),
      makePerson('cy', { timeZone: 'UTC', contacts: [] }),
    ],
    schedules: [
      {
        name: 'primary',
        layers: [
          {
            name: 'daily',
            participants: ['ana', 'bob'],
            turn: { every: 1, unit: 'days' },
            start: '2026-03-02T08:00',
            timeZone: 'UTC',
            restrictions: [],
          },
        ],
        origin: 'nines',
        source,
      },
    ],
  };
}

async function insertPage(
  db: Queryable,
  page: { id: number; severity: string; createdIso: string; level?: number; ackAfterMinutes?: number },
): Promise<void> {
  const createdMs = at(page.createdIso);
  const ackMs = page.ackAfterMinutes === undefined ? null : createdMs + page.ackAfterMinutes * MINUTE_MS;
  await db.query(
    `INSERT INTO pages (id, group_key, status, severity, summary, level, created_ms, acknowledged_ms)
     VALUES ($1, $2, 'resolved', $3, 'something broke', $4, $5, $6)`,
    [page.id, `group-${page.id}`, page.severity, page.level ?? 1, createdMs, ackMs],
  );
}

let deliveryCount = 0;
async function insertDelivery(
  db: Queryable,
  pageId: number,
  recipient: string,
  atIso: string,
  status: 'sent' | 'failed' | 'pending' = 'sent',
): Promise<void> {
  deliveryCount += 1;
  await db.query(
    `INSERT INTO deliveries (page_id, idempotency_key, recipient, channel, contact, message, status, next_attempt_ms, created_ms)
     VALUES ($1, $2, $3, 'webhook', '{}', '{}', $5, $4, $4)`,
    [pageId, `key-${deliveryCount}`, recipient, at(atIso), status],
  );
}

async function insertAlert(
  db: Queryable,
  alert: {
    fingerprint: string;
    labels: Record<string, string>;
    service: string | null;
    firstIso: string;
    lastIso: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO alerts (source, fingerprint, group_key, status, labels, annotations, summary, severity, service,
       starts_ms, first_seen_ms, last_seen_ms)
     VALUES ('alertmanager', $1, 'g', 'firing', $2, '{}', 'Disk full', 'P2', $3, $4, $4, $5)`,
    [alert.fingerprint, JSON.stringify(alert.labels), alert.service, at(alert.firstIso), at(alert.lastIso)],
  );
}

async function insertOverride(
  db: Queryable,
  override: { id: string; person: string; startIso: string; endIso: string; deletedIso?: string },
): Promise<void> {
  await db.query(
    `INSERT INTO schedule_overrides (id, schedule, person, start_ms, end_ms, created_ms, created_by, deleted_ms)
     VALUES ($1, 'primary', $2, $3, $4, $5, 'token:admin', $6)`,
    [
      override.id,
      override.person,
      at(override.startIso),
      at(override.endIso),
      FROM - HOUR_MS,
      override.deletedIso ? at(override.deletedIso) : null,
    ],
  );
}

async function seed(db: Queryable): Promise<void> {
  // Monday 10:00 in Paris; acknowledged after 3 minutes.
  await insertPage(db, { id: 1, severity: 'P1', createdIso: '2026-03-02T09:00:00Z', ackAfterMinutes: 3 });
  await insertDelivery(db, 1, 'person:ana', '2026-03-02T09:00:00Z');
  await insertDelivery(db, 1, 'person:ana', '2026-03-02T09:00:01Z');
  await insertDelivery(db, 1, 'team:payments', '2026-03-02T09:00:00Z');
  // Monday 21:00 UTC, escalated to ana at 21:10 (22:10 in Paris); a snooze then reset `level` to 0.
  await insertPage(db, {
    id: 2,
    severity: 'P0',
    createdIso: '2026-03-02T21:00:00Z',
    level: 0,
    ackAfterMinutes: 15,
  });
  await insertDelivery(db, 2, 'person:bob', '2026-03-02T21:00:00Z');
  await insertDelivery(db, 2, 'person:ana', '2026-03-02T21:10:00Z');
  for (const level of [1, 2]) {
    await db.query(
      `INSERT INTO page_events (page_id, at_ms, kind, actor, details) VALUES (2, $1, 'escalated', 'nines', $2)`,
      [at('2026-03-02T21:00:00Z') + (level - 1) * 10 * MINUTE_MS, JSON.stringify({ level })],
    );
  }
  // Not counted: a P3, a page before the range, a page at its (exclusive) end.
  await insertPage(db, { id: 3, severity: 'P3', createdIso: '2026-03-03T09:00:00Z' });
  await insertDelivery(db, 3, 'person:ana', '2026-03-03T09:00:00Z');
  await insertPage(db, { id: 4, severity: 'P1', createdIso: '2026-03-02T07:00:00Z', level: 2 });
  await insertDelivery(db, 4, 'person:ana', '2026-03-02T08:30:00Z');
  await insertPage(db, { id: 5, severity: 'P1', createdIso: '2026-03-04T08:00:00Z' });
  await insertDelivery(db, 5, 'person:bob', '2026-03-04T08:00:00Z');

  await insertOverride(db, {
    id: 'ov1',
    person: 'bob',
    startIso: '2026-03-02T20:00:00Z',
    endIso: '2026-03-02T22:00:00Z',
  });
  // Deleted an hour in: cy covered only 10:00 to 11:00.
  const cut = {
    startIso: '2026-03-03T10:00:00Z',
    endIso: '2026-03-03T12:00:00Z',
    deletedIso: '2026-03-03T11:00:00Z',
  };
  await insertOverride(db, { id: 'ov2', person: 'cy', ...cut });
  // Deleted before it began: never applied.
  const never = {
    startIso: '2026-03-03T14:00:00Z',
    endIso: '2026-03-03T16:00:00Z',
    deletedIso: '2026-03-02T09:00:00Z',
  };
  await insertOverride(db, { id: 'ov3', person: 'cy', ...never });

  const window = { firstIso: '2026-03-02T09:00:00Z', lastIso: '2026-03-02T10:00:00Z' };
  await insertAlert(db, {
    fingerprint: 'a1',
    labels: { alertname: 'HighLatency' },
    service: 'api',
    ...window,
  });
  // Firing since before the range, still seen in it.
  const before = { firstIso: '2026-03-01T09:00:00Z', lastIso: '2026-03-02T09:00:00Z' };
  await insertAlert(db, {
    fingerprint: 'a2',
    labels: { alertname: 'HighLatency' },
    service: 'api',
    ...before,
  });
  await insertAlert(db, {
    fingerprint: 'a3',
    labels: { alertname: 'HighLatency' },
    service: 'web',
    ...window,
  });
  await insertAlert(db, { fingerprint: 'a4', labels: {}, service: null, ...window });
  const old = { firstIso: '2026-03-01T09:00:00Z', lastIso: '2026-03-02T07:59:59Z' };
  await insertAlert(db, { fingerprint: 'a5', labels: { alertname: 'Old' }, service: 'api', ...old });
  const later = { firstIso: '2026-03-04T08:00:00Z', lastIso: '2026-03-04T09:00:00Z' };
  await insertAlert(db, { fingerprint: 'a6', labels: { alertname: 'Later' }, service: 'api', ...later });
}

describe.each(await testEngines())('loadOncallHealth on $name', (engine) => {
  // The report only reads, so one seeded database serves every case.
  let opened: Awaited<ReturnType<typeof engine.open>>;
  beforeAll(async () => {
    opened = await engine.open();
    await seed(opened.db);
  });
  afterAll(() => opened?.dispose());

  function report() {
    return loadOncallHealth({
      ctx: { db: opened.db, model: model() },
      fromMs: FROM,
      toMs: TO,
    });
  }

  it('reads P0–P2 pages created in [from, to), with escalation from the page history', async () => {
    const { totals } = await report();
    expect(totals).toEqual({
      pages: 2,
      acknowledged: 2,
      // (3 min + 15 min) / 2
      mttaSeconds: 540,
      escalationRate: 0.5,
      // Page 2 reached bob at 21:00 UTC and ana at 22:10 in Paris.
      pagesOutsideBusinessHours: 1,
      overloadedShifts: 0,
    });
  });

  it('measures people from their first notification, ignoring team channels', async () => {
    const { perPerson } = await report();
    expect(perPerson).toEqual([
      // 3 min for page 1; 21:10 -> 21:15 for page 2.
      { person: 'ana', pages: 2, outsideBusinessHours: 1, acknowledged: 2, mttaSeconds: 240 },
      { person: 'bob', pages: 1, outsideBusinessHours: 1, acknowledged: 1, mttaSeconds: 900 },
      { person: 'cy', pages: 0, outsideBusinessHours: 0, acknowledged: 0, mttaSeconds: null },
    ]);
  });

  it('builds shifts from the rotation and overrides, a deleted one counting until its deletion', async () => {
    const { perShift } = await report();
    expect(perShift.map(({ person, start, end, pages }) => ({ person, start, end, pages }))).toEqual([
      { person: 'ana', start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T20:00:00.000Z', pages: 1 },
      { person: 'bob', start: '2026-03-02T20:00:00.000Z', end: '2026-03-02T22:00:00.000Z', pages: 1 },
      // ana's 21:10 escalation came during bob's override, not during her shift.
      { person: 'ana', start: '2026-03-02T22:00:00.000Z', end: '2026-03-03T08:00:00.000Z', pages: 0 },
      { person: 'bob', start: '2026-03-03T08:00:00.000Z', end: '2026-03-03T10:00:00.000Z', pages: 0 },
      { person: 'cy', start: '2026-03-03T10:00:00.000Z', end: '2026-03-03T11:00:00.000Z', pages: 0 },
      { person: 'bob', start: '2026-03-03T11:00:00.000Z', end: '2026-03-04T08:00:00.000Z', pages: 0 },
    ]);
  });

  it('ranks alerts seen in the range by name and service, named by summary without an alertname', async () => {
    const { noisiestAlerts } = await report();
    expect(noisiestAlerts).toEqual([
      { alertname: 'HighLatency', service: 'api', count: 2 },
      { alertname: 'Disk full', service: null, count: 1 },
      { alertname: 'HighLatency', service: 'web', count: 1 },
    ]);
  });
});

describe.each(await testEngines())('who the on-call report credits on $name', (engine) => {
  it('credited an acknowledgement to a person whose e-mail had failed, and to everyone notified', async () => {
    const opened = await engine.open();
    try {
      const { db } = opened;
      const ackedBy = async (id: number, createdIso: string, by: string) => {
        await insertPage(db, { id, severity: 'P1', createdIso, ackAfterMinutes: 5 });
        await db.query('UPDATE pages SET acknowledged_by = $2 WHERE id = $1', [id, by]);
      };
      // Page 1: ana's e-mail failed; bob, notified two minutes later, acknowledged it.
      await ackedBy(1, '2026-03-02T09:00:00Z', 'bob');
      await insertDelivery(db, 1, 'person:ana', '2026-03-02T09:00:00Z', 'failed');
      await insertDelivery(db, 1, 'person:bob', '2026-03-02T09:02:00Z');
      // Page 2: both were notified; bob acknowledged it, so it is not ana's acknowledgement.
      await ackedBy(2, '2026-03-02T10:00:00Z', 'bob');
      await insertDelivery(db, 2, 'person:ana', '2026-03-02T10:00:00Z');
      await insertDelivery(db, 2, 'person:bob', '2026-03-02T10:01:00Z');
      // Page 3: acknowledged through a team channel's link, which names nobody: ana, notified, is credited.
      await ackedBy(3, '2026-03-02T11:00:00Z', 'ack-link');
      await insertDelivery(db, 3, 'person:ana', '2026-03-02T11:00:00Z');
      const { perPerson, totals } = await loadOncallHealth({
        ctx: { db, model: model() },
        fromMs: FROM,
        toMs: TO,
      });
      expect(totals.acknowledged).toBe(3);
      expect(perPerson).toEqual([
        // ana: pages 2 and 3 reached her; only page 3's acknowledgement (5 min after) is credited to her.
        { person: 'ana', pages: 2, outsideBusinessHours: 0, acknowledged: 1, mttaSeconds: 300 },
        // bob: pages 1 (acked 3 min after his notification) and 2 (4 min after).
        { person: 'bob', pages: 2, outsideBusinessHours: 0, acknowledged: 2, mttaSeconds: 210 },
      ]);
    } finally {
      await opened.dispose();
    }
  });
});

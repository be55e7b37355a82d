import { afterEach, describe, expect, it } from 'vitest';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { type Logger, silentLogger } from '../core/logger.ts';
import { SloEngine, type SloInstance } from '../engine/index.ts';
import { type ChannelSenders, createChannelSenders, DeliveryError } from '../notify/index.ts';
import type { AlertTransition } from '../slo/index.ts';
import { emptyModel, type Model, type Schedule } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { makeAlert, makePerson, makeService, makeTeam } from '../testing/alerting-fixtures.ts';
import { makeSlo } from '../testing/slo-fixtures.ts';
import { recordingLogger } from '../testing/test-app.ts';
import { testEngines } from '../testing/test-engines.ts';
import { deliverNotifications, newDeliverySlots } from './deliver-notifications.ts';
import { escalateDuePages } from './escalate-pages.ts';
import { ingestAlerts } from './ingest-alerts.ts';
import { actOnPage } from './page-actions.ts';
import { sloIntake } from './slo-intake.ts';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const SEC = 1_000;
const source = { file: 't.yaml', line: 1, col: 1 };

const weekly = (name: string, who: string): Schedule => ({
  name,
  layers: [
    {
      name: 'l',
      participants: [who],
      turn: { every: 1, unit: 'weeks' },
      start: '2026-01-05T09:00',
      timeZone: 'UTC',
      restrictions: [],
    },
  ],
  origin: 'nines',
  source,
});

function model(repeat = 0): Model {
  return {
    ...emptyModel(),
    persons: [makePerson('ana'), makePerson('bo')],
    teams: [
      makeTeam('payments', {
        contacts: [{ kind: 'webhook', url: 'http://127.0.0.1:9/team' }],
        escalationPolicy: 'default',
      }),
    ],
    services: [
      makeService('payment', { owner: 'payments', tier: 1 }),
      makeService('order', { owner: 'payments', dependsOn: ['payment'] }),
    ],
    schedules: [weekly('primary', 'ana'), weekly('secondary', 'bo')],
    escalationPolicies: [
      {
        name: 'default',
        repeat,
        levels: [
          { ackTimeoutMs: 10 * SEC, targets: [{ kind: 'schedule', name: 'primary' }] },
          { ackTimeoutMs: 10 * SEC, targets: [{ kind: 'schedule', name: 'secondary' }] },
        ],
        origin: 'nines',
        source,
      },
    ],
  };
}

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()?.();
});

const paymentDown = makeAlert({
  fingerprint: 'pay-1',
  groupKey: 'am:pay',
  labels: { alertname: 'PaymentDown', service: 'payment', severity: 'critical' },
  sourceSeverity: 'critical',
  summary: 'payment is down',
});

describe.each(await testEngines())('paging on $name', (engine) => {
  async function setup(m: Model = model(), logger: Logger = silentLogger) {
    const opened = await engine.open();
    disposers.push(opened.dispose);
    const clock = new FakeClock(T0);
    const ctx: AppContext = createAppContext({
      db: opened.db,
      clock,
      logger,
      engine: new SloEngine(m),
      env: {},
      publicUrl: 'http://nines.test',
      linkSecret: 'test-link-secret-0123456789abcdef',
    });
    return { ctx, clock, db: opened.db };
  }
  const recipients = async (db: Db) =>
    (await db.query<{ recipient: string }>('SELECT recipient FROM deliveries ORDER BY id')).map(
      (r) => r.recipient,
    );

  it('escalates on the ack timeout, to the next level, and stops when acknowledged', async () => {
    const { ctx, clock, db } = await setup();
    const [outcome] = await ingestAlerts({ ctx, alerts: [paymentDown] });
    expect(outcome).toMatchObject({ outcome: 'paged' });
    await escalateDuePages({ ctx });
    expect(await recipients(db)).toEqual(['person:ana']);
    clock.advance(9_999);
    await escalateDuePages({ ctx });
    expect(await recipients(db)).toEqual(['person:ana']);
    clock.advance(1);
    await escalateDuePages({ ctx });
    expect(await recipients(db)).toEqual(['person:ana', 'person:bo']);
    const pageId = outcome && 'pageId' in outcome ? (outcome.pageId as number) : 0;
    const acked = await actOnPage({ ctx, pageId, input: { action: 'ack' }, actor: 'bo' });
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledged_by: 'bo', next_action_ms: null });
    clock.advance(3_600_000);
    expect(await escalateDuePages({ ctx })).toBe(0);
    expect(await recipients(db)).toEqual(['person:ana', 'person:bo']);
  });

  it('repeats the policy, then stops; a re-sent alert never pages twice', async () => {
    const { ctx, clock, db } = await setup(model(1));
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    expect(await db.query('SELECT id FROM pages')).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      await escalateDuePages({ ctx });
      clock.advance(10 * SEC);
    }
    // Level 1, level 2, (repeat) level 1, level 2, then exhausted: four notifications.
    expect(await recipients(db)).toEqual(['person:ana', 'person:bo', 'person:ana', 'person:bo']);
    const kinds = await db.query<{ kind: string }>(
      "SELECT kind FROM page_events WHERE kind LIKE 'escalat%' ORDER BY id",
    );
    expect(kinds.map((k) => k.kind)).toEqual([
      'escalated',
      'escalated',
      'escalated',
      'escalated',
      'escalation_exhausted',
    ]);
  });

  it('a snoozed page triggers again from level 1 when the snooze ends', async () => {
    const { ctx, clock, db } = await setup();
    const [outcome] = await ingestAlerts({ ctx, alerts: [paymentDown] });
    const pageId = (outcome as { pageId: number }).pageId;
    await escalateDuePages({ ctx });
    await actOnPage({ ctx, pageId, input: { action: 'snooze', durationMs: 30 * 60_000 }, actor: 'ana' });
    clock.advance(30 * 60_000 - 1);
    await escalateDuePages({ ctx });
    expect(await recipients(db)).toEqual(['person:ana']);
    clock.advance(1);
    await escalateDuePages({ ctx });
    expect(await recipients(db)).toEqual(['person:ana', 'person:ana']);
    const [page] = await db.query<{ status: string; round: number }>('SELECT status, round FROM pages');
    expect(page).toEqual({ status: 'triggered', round: 1 });
  });

  it('attaches a dependent service alert to its upstream page, and resolves the page with its alerts', async () => {
    const { ctx, db } = await setup();
    const [paged] = await ingestAlerts({ ctx, alerts: [paymentDown] });
    const orderErrors = makeAlert({
      fingerprint: 'ord-1',
      groupKey: 'am:ord',
      labels: { alertname: 'OrderErrors', service: 'order', severity: 'critical' },
      sourceSeverity: 'critical',
    });
    const [attached] = await ingestAlerts({ ctx, alerts: [orderErrors] });
    expect(attached).toMatchObject({
      outcome: 'attached_upstream',
      upstream: 'payment',
      pageId: (paged as { pageId: number }).pageId,
    });
    expect(await db.query('SELECT id FROM pages')).toHaveLength(1);
    await ingestAlerts({ ctx, alerts: [{ ...paymentDown, status: 'resolved' }] });
    expect((await db.query<{ status: string }>('SELECT status FROM pages'))[0]?.status).toBe('triggered');
    await ingestAlerts({ ctx, alerts: [{ ...orderErrors, status: 'resolved' }] });
    expect((await db.query<{ status: string }>('SELECT status FROM pages'))[0]?.status).toBe('resolved');
  });

  it('a P3 notifies the team channel and wakes nobody; a silenced alert is recorded, not paged', async () => {
    const { ctx, db } = await setup({
      ...model(),
      silences: [
        {
          name: 'db-migration',
          matchers: [{ label: 'alertname', op: '=', value: 'DiskSlow' }],
          startMs: T0 - SEC,
          endMs: T0 + 3_600_000,
          origin: 'nines',
          source,
        },
      ],
    });
    const warning = makeAlert({
      fingerprint: 'w',
      groupKey: 'am:w',
      labels: { alertname: 'Latency', service: 'payment', severity: 'warning' },
    });
    await ingestAlerts({ ctx, alerts: [warning] });
    expect(await escalateDuePages({ ctx })).toBe(0);
    expect(await recipients(db)).toEqual(['team:payments']);
    const silenced = makeAlert({
      fingerprint: 's',
      groupKey: 'am:s',
      labels: { alertname: 'DiskSlow', service: 'payment', severity: 'critical' },
    });
    expect(await ingestAlerts({ ctx, alerts: [silenced] })).toEqual([
      { alert: 'alertmanager:s', outcome: 'suppressed', reason: 'silence:db-migration' },
    ]);
    expect(
      await db.query<{ suppressed_by: string }>("SELECT suppressed_by FROM alerts WHERE fingerprint = 's'"),
    ).toEqual([{ suppressed_by: 'silence:db-migration' }]);
  });

  it('retries a failing channel with backoff and falls back to the team when it gives up', async () => {
    const { ctx, clock, db } = await setup();
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await escalateDuePages({ ctx });
    let calls = 0;
    const failing = (retryable: boolean): ChannelSenders => ({
      webhook: {
        async send({ target }) {
          calls++;
          if (target.kind === 'webhook' && target.url.endsWith('/team')) return;
          throw new DeliveryError('status 503', { retryable });
        },
      },
      slack: { send: async () => {} },
      email: { send: async () => {} },
    });
    await deliverNotifications({ ctx, channels: failing(true) });
    const [retry] = await db.query<{ status: string; attempts: number; next_attempt_ms: number }>(
      'SELECT status, attempts, next_attempt_ms FROM deliveries',
    );
    expect(retry?.status).toBe('pending');
    expect(retry?.attempts).toBe(1);
    // First retry: base 5 s minus at most 25 % jitter.
    expect(retry?.next_attempt_ms).toBeGreaterThanOrEqual(T0 + 3_750);
    expect(retry?.next_attempt_ms).toBeLessThanOrEqual(T0 + 5_000);
    clock.advance(5_000);
    await deliverNotifications({ ctx, channels: failing(false) });
    const rows = await db.query<{ recipient: string; status: string }>(
      'SELECT recipient, status FROM deliveries ORDER BY id',
    );
    expect(rows).toEqual([
      { recipient: 'person:ana', status: 'failed' },
      { recipient: 'team:payments', status: 'pending' },
    ]);
    await deliverNotifications({ ctx, channels: failing(false) });
    expect(
      (
        await db.query<{ status: string }>("SELECT status FROM deliveries WHERE recipient = 'team:payments'")
      )[0]?.status,
    ).toBe('sent');
    expect(calls).toBe(3);
  });

  it('two delivery workers running at once send each notification once (claims)', async () => {
    const { ctx, db } = await setup();
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await escalateDuePages({ ctx });
    const sent: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: ChannelSenders = {
      webhook: {
        async send({ idempotencyKey }) {
          sent.push(idempotencyKey);
          await gate;
        },
      },
      slack: { send: async () => {} },
      email: { send: async () => {} },
    };
    const first = deliverNotifications({ ctx, channels: slow });
    const second = deliverNotifications({ ctx, channels: slow });
    // Both runs have claimed (or found nothing) before either send finishes.
    await new Promise((resolve) => setImmediate(resolve));
    while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
    release();
    expect((await first) + (await second)).toBe(1);
    expect(sent).toHaveLength(1);
    expect((await db.query<{ status: string }>('SELECT status FROM deliveries'))[0]?.status).toBe('sent');
  });

  it('a receiver that never answered held back every later delivery, even to a healthy one', async () => {
    const m = model();
    m.persons = [
      makePerson('ana', { contacts: [{ kind: 'webhook', url: 'http://hung.test/ana' }] }),
      makePerson('bo', { contacts: [{ kind: 'webhook', url: 'http://healthy.test/bo' }] }),
    ];
    const { ctx, clock, db } = await setup(m);
    const delivered: string[] = [];
    let hungStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      hungStarted = resolve;
    });
    const channels: ChannelSenders = {
      webhook: {
        send({ target, signal }) {
          if (target.kind === 'webhook' && target.url.startsWith('http://hung.test')) {
            hungStarted();
            // Never answers: the attempt ends only when the worker is shut down.
            return new Promise((_, reject) => {
              signal.addEventListener('abort', () =>
                reject(new DeliveryError('cancelled', { retryable: true })),
              );
            });
          }
          delivered.push(target.kind === 'webhook' ? target.url : target.kind);
          return Promise.resolve();
        },
      },
      slack: { send: async () => {} },
      email: { send: async () => {} },
    };
    const shutdown = new AbortController();
    const slots = newDeliverySlots();
    const job = () => deliverNotifications({ ctx, channels, signal: shutdown.signal, slots });

    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await escalateDuePages({ ctx });
    const firstRun = job();
    await started;
    // The job's run returns once ana's attempt is started, not when the receiver answers.
    const afterStart = new Promise((resolve) => setImmediate(() => resolve('waiting on the hung receiver')));
    expect(await Promise.race([firstRun.then(() => 'returned'), afterStart])).toBe('returned');

    // Nobody acknowledges: level 2 (bo, a healthy receiver) is due 10 s later and is sent by the next run.
    clock.advance(10 * SEC);
    await escalateDuePages({ ctx });
    const before = new Set(slots.inflight);
    expect(await job()).toBe(1);
    await Promise.all([...slots.inflight].filter((task) => !before.has(task)));
    expect(delivered).toEqual(['http://healthy.test/bo']);
    expect(
      await db.query<{ recipient: string; status: string }>(
        'SELECT recipient, status FROM deliveries ORDER BY id',
      ),
    ).toEqual([
      { recipient: 'person:ana', status: 'pending' },
      { recipient: 'person:bo', status: 'sent' },
    ]);
    // ana's attempt is still in flight and is not claimed again while it is.
    expect(await job()).toBe(0);
    shutdown.abort();
    await Promise.all(slots.inflight);
    expect(slots.ids.size).toBe(0);
  });

  it('a receiver got at most its slots per job run, however fast it answered', async () => {
    const m = model();
    m.persons = [
      makePerson('ana', {
        contacts: Array.from({ length: 10 }, (_, i) => ({
          kind: 'webhook' as const,
          url: `http://healthy.test/ana/${i}`,
        })),
      }),
      makePerson('bo'),
    ];
    const { ctx, db } = await setup(m);
    const sent: string[] = [];
    const channels: ChannelSenders = {
      webhook: {
        async send({ target }) {
          if (target.kind === 'webhook') sent.push(target.url);
        },
      },
      slack: { send: async () => {} },
      email: { send: async () => {} },
    };
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await escalateDuePages({ ctx });
    const slots = newDeliverySlots({ total: 10, perReceiver: 2 });
    // One run of the job: two at a time, each freed slot taken again at once, until nothing is due.
    await deliverNotifications({ ctx, channels, slots });
    while (slots.inflight.size > 0) await Promise.all(slots.inflight);
    expect(sent).toHaveLength(10);
    expect(
      (await db.query<{ n: number }>("SELECT count(*) AS n FROM deliveries WHERE status = 'sent'"))[0]?.n,
    ).toBe(10);
  });

  it('a receiver holds at most its own slots; other receivers keep theirs', async () => {
    const m = model();
    m.persons = [
      makePerson('ana', {
        contacts: Array.from({ length: 6 }, (_, i) => ({
          kind: 'webhook' as const,
          url: `http://hung.test/ana/${i}`,
        })),
      }),
      makePerson('bo'),
    ];
    m.teams = [
      makeTeam('payments', {
        contacts: [{ kind: 'webhook', url: 'http://healthy.test/team' }],
        escalationPolicy: 'default',
      }),
    ];
    const { ctx } = await setup(m);
    const hung: string[] = [];
    const channels: ChannelSenders = {
      webhook: {
        send({ target, signal }) {
          if (target.kind === 'webhook') hung.push(target.url);
          return new Promise((_, reject) => {
            signal.addEventListener('abort', () =>
              reject(new DeliveryError('cancelled', { retryable: true })),
            );
          });
        },
      },
      slack: { send: async () => {} },
      email: { send: async () => {} },
    };
    const shutdown = new AbortController();
    const slots = newDeliverySlots({ total: 10, perReceiver: 4 });
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await escalateDuePages({ ctx });
    // Six contacts on one receiver: four are attempted, two wait for a free slot.
    expect(await deliverNotifications({ ctx, channels, signal: shutdown.signal, slots })).toBe(4);
    expect(hung).toHaveLength(4);
    expect(slots.perReceiver.get('webhook:http://hung.test')).toBe(4);
    shutdown.abort();
    await Promise.all(slots.inflight);
  });

  it('one SLO opened a P1 page and a separate P3 page', async () => {
    const { ctx, db } = await setup();
    const instance = {
      slo: makeSlo({ name: 'order-availability', service: 'order' }),
      spec: 'order-availability',
      labels: {},
    } as unknown as SloInstance;
    const transition = (severity: 'page' | 'ticket', atMs: number): AlertTransition => ({
      severity,
      state: 'firing',
      atMs,
      burnRates: { '5m': 15, '30m': 15, '1h': 15, '2h': 9, '6h': 4, '1d': 2, '3d': 1 },
      condition: { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
      reason: null,
    });
    const intake = sloIntake(ctx);
    const pagesNow = () =>
      db.query<{ id: number; severity: string; status: string }>(
        'SELECT id, severity, status FROM pages ORDER BY id',
      );
    // The slow burn first: a ticket, the team's channel hears (P3), nobody is paged.
    await db.transaction((tx) => intake(tx, [{ instance, transition: transition('ticket', T0) }]));
    const [ticketPage] = await pagesNow();
    expect(ticketPage).toMatchObject({ severity: 'P3', status: 'triggered' });
    // Then the fast burn of the same SLO: it joins that page, which becomes P1 and starts escalating.
    await db.transaction((tx) => intake(tx, [{ instance, transition: transition('page', T0) }]));
    expect(await pagesNow()).toEqual([{ id: ticketPage?.id, severity: 'P1', status: 'triggered' }]);
    expect(await escalateDuePages({ ctx })).toBe(1);
    expect(await recipients(db)).toContain('person:ana');
    // A ticket for an SLO whose P1 page is open joins it too, and the page stays P1.
    await db.transaction((tx) =>
      intake(tx, [
        { instance, transition: { ...transition('ticket', T0), state: 'resolved' } },
        { instance, transition: transition('ticket', T0) },
      ]),
    );
    expect(await pagesNow()).toEqual([{ id: ticketPage?.id, severity: 'P1', status: 'triggered' }]);
    const events = await db.query<{ kind: string; details: unknown }>(
      "SELECT kind, details FROM page_events WHERE kind = 'severity_raised'",
    );
    expect(events).toEqual([
      {
        kind: 'severity_raised',
        details: { from: 'P3', to: 'P1', alert: 'slo:slo:order-availability:page' },
      },
    ]);
  });

  it('a P1 page to someone reachable only by e-mail without SMTP failed silently, seen only in page show', async () => {
    const m = model();
    m.persons = [
      makePerson('ana', { contacts: [{ kind: 'email', address: 'ana@example.com' }] }),
      makePerson('bo', { contacts: [] }),
    ];
    m.teams = [makeTeam('payments', { contacts: [], escalationPolicy: 'default' })];
    const logger = recordingLogger();
    const { ctx, clock, db } = await setup(m, logger);
    await ingestAlerts({ ctx, alerts: [paymentDown] });
    await escalateDuePages({ ctx });
    // No SMTP server: the e-mail cannot be attempted; it fails for good at once, and the team has no
    // other contact to fall back to. Both are raised: the page's history and a warning in the log.
    await deliverNotifications({ ctx, channels: createChannelSenders({}) });
    // Level 2 goes to bo, who has no contacts at all: raised as well, and the escalation goes on.
    clock.advance(10 * SEC);
    await escalateDuePages({ ctx });
    const events = await db.query<{ kind: string; details: Record<string, unknown> | null }>(
      'SELECT kind, details FROM page_events ORDER BY id',
    );
    expect(events.map((e) => e.kind)).toEqual([
      'triggered',
      'escalated',
      'delivery_failed',
      'fallback_unavailable',
      'unreachable',
      'escalated',
    ]);
    expect(events[2]?.details).toMatchObject({
      recipient: 'person:ana',
      channel: 'email',
      reason: 'e-mail is not configured (no SMTP server)',
    });
    expect(events[4]?.details).toEqual({ level: 2, recipients: ['person:bo'], reason: 'no contacts' });
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'notification failed for good',
      'no team contact to fall back to',
      'page recipients have no contacts',
    ]);
  });
});

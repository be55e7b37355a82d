import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveRuntimeConfig } from '../config/config.ts';
import { type AppContext, createAppContext } from '../context/index.ts';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { newProbeSchedule, SloEngine } from '../engine/index.ts';
import type { ChannelSenders } from '../notify/index.ts';
import { ingestAlerts, newDeliverySlots } from '../paging/index.ts';
import { analysesJudge, newRolloutRunner } from '../rollouts/index.ts';
import { emptyModel, type Model } from '../specs/index.ts';
import type { Db } from '../storage/index.ts';
import { makeAlert, makePerson, makeService, makeTeam } from '../testing/alerting-fixtures.ts';
import { countingDb } from '../testing/counting-db.ts';
import { openTestSqlite } from '../testing/test-engines.ts';
import type { Job } from './every.ts';
import { jobs, startJobs } from './jobs.ts';

const source = { file: 't.yaml', line: 1, col: 1 };

/** ana is on call for payment; her contact is a webhook the test's sender records. */
function pagingModel(): Model {
  return {
    ...emptyModel(),
    persons: [makePerson('ana')],
    teams: [makeTeam('payments', { escalationPolicy: 'default' })],
    services: [makeService('payment', { owner: 'payments', tier: 1 })],
    escalationPolicies: [
      {
        name: 'default',
        repeat: 0,
        levels: [{ ackTimeoutMs: 600_000, targets: [{ kind: 'person', name: 'ana' }] }],
        origin: 'nines',
        source,
      },
    ],
  };
}

describe('the due-driven jobs (escalate, deliver, canary-analyses, rollouts)', () => {
  const counter = { statements: 0 };
  const sent: string[] = [];
  let ctx: AppContext;
  let db: Db;
  let started: Job[] = [];

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    db = await openTestSqlite();
    ctx = createAppContext({
      db: countingDb(db, counter),
      clock: new FakeClock('2026-11-20T12:00:00Z'),
      logger: silentLogger,
      engine: new SloEngine(pagingModel()),
      publicUrl: 'http://nines.test',
      linkSecret: 'test-link-secret-0123456789abcdef',
    });
    const record = { send: async (input: { target: { kind: string } }) => void sent.push(input.target.kind) };
    const deps = {
      ctx,
      config: resolveRuntimeConfig({}),
      channels: { email: record, slack: record, webhook: record } as unknown as ChannelSenders,
      probes: newProbeSchedule(),
      deliveries: newDeliverySlots(),
      rollouts: newRolloutRunner({ judge: analysesJudge }),
      tick: async () => {},
    };
    started = startJobs(
      deps,
      jobs.filter((job) => job.due),
    );
    await vi.advanceTimersByTimeAsync(0); // the first run of each, and its read of what is due next
  });
  afterEach(async () => {
    for (const job of started) await job.stop();
    vi.useRealTimers();
    await db.close();
    sent.length = 0;
  });

  it('run no statement at all while nothing is due', async () => {
    counter.statements = 0;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(counter.statements).toBe(0);
  });

  it('escalate a new page and send its notification at once, not at their next look', async () => {
    await ingestAlerts({
      ctx,
      alerts: [
        makeAlert({
          fingerprint: 'pay-1',
          groupKey: 'am:pay',
          labels: { alertname: 'PaymentDown', service: 'payment', severity: 'critical' },
          sourceSeverity: 'critical',
          summary: 'payment is down',
        }),
      ],
    });
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['webhook']);
    const [delivery] = await db.query<{ status: string }>('SELECT status FROM deliveries');
    expect(delivery?.status).toBe('sent');
  });
});

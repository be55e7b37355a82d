import { nextAnalysisDueMs, runDueAnalyses } from '../analyses/index.ts';
import type { RuntimeConfig } from '../config/config.ts';
import type { AppContext, WakeTopic } from '../context/index.ts';
import { collectGarbage } from '../core/collect-garbage.ts';
import {
  type ProbeSchedule,
  pollPrometheus,
  pruneStorage,
  readPrometheusTails,
  runDueProbes,
} from '../engine/index.ts';
import { remindStatusUpdates } from '../incidents/index.ts';
import type { ChannelSenders } from '../notify/index.ts';
import {
  type DeliverySlots,
  deliverNotifications,
  escalateDuePages,
  nextDeliveryDueMs,
  nextEscalationDueMs,
} from '../paging/index.ts';
import { notifyOverdueActionItems } from '../postmortems/index.ts';
import { nextRolloutDueMs, type RolloutRunner, runDueRollouts } from '../rollouts/index.ts';
import { every, type Job, whenDue } from './every.ts';

/** What the jobs run with, beyond the app context. */
export interface JobDeps {
  ctx: AppContext;
  config: RuntimeConfig;
  channels: ChannelSenders;
  probes: ProbeSchedule;
  /** The deliveries in flight; a shutdown waits for them. */
  deliveries: DeliverySlots;
  /** The rollouts this node drives; a shutdown stops them. */
  rollouts: RolloutRunner;
  /** One evaluation tick, with its metrics and transition callbacks (`evaluationTick`). */
  tick(): Promise<unknown>;
}

/**
 * A background job: a verb run every `intervalMs`, never overlapping itself; or, with `due`, run when its
 * work is due (read after each run), when a writer wakes `due.topic`, and at most every `intervalMs`.
 */
export interface JobSpec {
  name: string;
  intervalMs(config: RuntimeConfig): number;
  run(deps: JobDeps, signal: AbortSignal): Promise<unknown>;
  due?: { topic: WakeTopic; nextDueMs(deps: JobDeps): Promise<number | null> };
}

/**
 * How long a due-driven job sleeps at most. On PostgreSQL another node may create due work this one hears
 * no wake for (a page its alert opened, a delivery it queued): a slow look finds it. On SQLite this process
 * is the only writer of due work (the data directory is locked; the CLI writes only tokens), so every
 * piece of it comes with a wake and the look is a mere backstop.
 */
export const LOOK_EVERY_MS = { postgres: 15_000, sqlite: 3_600_000 } as const;

const everySecond = () => 1_000;

/** A poll that stored this many buckets (SLO minutes) was a backfill: a full collection follows it. */
const COLLECT_AFTER_BUCKETS = 100_000;

/** Every background job of a server, in the order they start. */
export const jobs: readonly JobSpec[] = [
  {
    name: 'evaluate',
    intervalMs: (c) => c.evalIntervalMs,
    run: (d) => d.tick(),
    // Every interval, and at once when data that may fire a catastrophic tier arrives (SloEngine).
    due: { topic: 'evaluate', nextDueMs: async (d) => d.ctx.clock.now() + d.config.evalIntervalMs },
  },
  {
    name: 'prometheus',
    intervalMs: (c) => c.evalIntervalMs,
    // Settled steps first, then the tails past them (what a near-total outage pages on before it settles).
    run: async (d, signal) => {
      const stored = await pollPrometheus({ ctx: d.ctx, env: d.ctx.env, signal });
      if (stored >= COLLECT_AFTER_BUCKETS) {
        // A backfill's garbage would otherwise stay in the process for hours (collect-garbage.ts).
        collectGarbage();
        d.ctx.logger.info({ buckets: stored }, 'prometheus backfill stored; memory collected');
      }
      await readPrometheusTails({ ctx: d.ctx, env: d.ctx.env, signal });
    },
  },
  {
    name: 'probes',
    intervalMs: everySecond,
    run: (d, signal) => runDueProbes({ ctx: d.ctx, schedule: d.probes, signal }),
  },
  { name: 'prune', intervalMs: () => 3_600_000, run: (d) => pruneStorage({ ctx: d.ctx }) },
  {
    name: 'escalate',
    intervalMs: everySecond,
    run: (d) => escalateDuePages({ ctx: d.ctx }),
    due: { topic: 'escalate', nextDueMs: (d) => nextEscalationDueMs(d.ctx.db) },
  },
  {
    name: 'deliver',
    intervalMs: everySecond,
    run: (d, signal) =>
      deliverNotifications({ ctx: d.ctx, channels: d.channels, signal, slots: d.deliveries }),
    due: { topic: 'deliver', nextDueMs: (d) => nextDeliveryDueMs(d.ctx.db) },
  },
  {
    name: 'canary-analyses',
    intervalMs: everySecond,
    run: (d, signal) => runDueAnalyses({ ctx: d.ctx, signal }),
    due: { topic: 'canary-analyses', nextDueMs: (d) => nextAnalysisDueMs(d.ctx.db) },
  },
  {
    name: 'rollouts',
    intervalMs: everySecond,
    run: (d) => runDueRollouts({ ctx: d.ctx, runner: d.rollouts }),
    due: { topic: 'rollouts', nextDueMs: (d) => nextRolloutDueMs(d.ctx.db, d.rollouts.owner) },
  },
  { name: 'incident-cadence', intervalMs: () => 5_000, run: (d) => remindStatusUpdates({ ctx: d.ctx }) },
  { name: 'action-items', intervalMs: () => 60_000, run: (d) => notifyOverdueActionItems({ ctx: d.ctx }) },
];

/** Starts `specs` (all jobs by default); a failed run is logged and the job goes on. */
export function startJobs(deps: JobDeps, specs: readonly JobSpec[] = jobs): Job[] {
  return specs.map((spec) => {
    const run = async (signal: AbortSignal) => {
      await spec.run(deps, signal);
    };
    const onError = (error: unknown) =>
      deps.ctx.logger.error({ err: error, job: spec.name }, 'job run failed');
    return spec.due
      ? startDueJob(deps, spec, spec.due, { run, onError })
      : every(spec.intervalMs(deps.config), run, onError);
  });
}

/** A due-driven job, woken by its topic's wakes and nudged by every change made through this server's API. */
function startDueJob(
  deps: JobDeps,
  spec: JobSpec,
  due: NonNullable<JobSpec['due']>,
  calls: { run(signal: AbortSignal): Promise<void>; onError(error: unknown): void },
): Job {
  const { ctx } = deps;
  const job = whenDue({
    ...calls,
    nextDueMs: () => due.nextDueMs(deps),
    nowMs: () => ctx.clock.now(),
    minGapMs: spec.intervalMs(deps.config),
    lookEveryMs: LOOK_EVERY_MS[ctx.db.engine],
  });
  const unsubscribe = [ctx.wakeups.onWake(due.topic, job.wake), ctx.live.onStorageChange(job.nudge)];
  return {
    async stop() {
      for (const off of unsubscribe) off();
      await job.stop();
    },
  };
}

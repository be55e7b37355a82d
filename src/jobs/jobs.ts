import { runDueAnalyses } from '../analyses/index.ts';
import type { RuntimeConfig } from '../config/config.ts';
import type { AppContext } from '../context/index.ts';
import { type ProbeSchedule, pollPrometheus, pruneStorage, runDueProbes } from '../engine/index.ts';
import { remindStatusUpdates } from '../incidents/index.ts';
import type { ChannelSenders } from '../notify/index.ts';
import { type DeliverySlots, deliverNotifications, escalateDuePages } from '../paging/index.ts';
import { notifyOverdueActionItems } from '../postmortems/index.ts';
import { type RolloutRunner, runDueRollouts } from '../rollouts/index.ts';
import { every, type Job } from './every.ts';

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

/** A background job: a verb run every `intervalMs`, never overlapping itself. */
export interface JobSpec {
  name: string;
  intervalMs(config: RuntimeConfig): number;
  run(deps: JobDeps, signal: AbortSignal): Promise<unknown>;
}

const everySecond = () => 1_000;

/** Every background job of a server, in the order they start. */
export const jobs: readonly JobSpec[] = [
  { name: 'evaluate', intervalMs: (c) => c.evalIntervalMs, run: (d) => d.tick() },
  {
    name: 'prometheus',
    intervalMs: (c) => c.evalIntervalMs,
    run: (d, signal) => pollPrometheus({ ctx: d.ctx, env: d.ctx.env, signal }),
  },
  {
    name: 'probes',
    intervalMs: everySecond,
    run: (d, signal) => runDueProbes({ ctx: d.ctx, schedule: d.probes, signal }),
  },
  { name: 'prune', intervalMs: () => 3_600_000, run: (d) => pruneStorage({ ctx: d.ctx }) },
  { name: 'escalate', intervalMs: everySecond, run: (d) => escalateDuePages({ ctx: d.ctx }) },
  {
    name: 'deliver',
    intervalMs: everySecond,
    run: (d, signal) =>
      deliverNotifications({ ctx: d.ctx, channels: d.channels, signal, slots: d.deliveries }),
  },
  {
    name: 'canary-analyses',
    intervalMs: everySecond,
    run: (d, signal) => runDueAnalyses({ ctx: d.ctx, signal }),
  },
  {
    name: 'rollouts',
    intervalMs: everySecond,
    run: (d) => runDueRollouts({ ctx: d.ctx, runner: d.rollouts }),
  },
  { name: 'incident-cadence', intervalMs: () => 5_000, run: (d) => remindStatusUpdates({ ctx: d.ctx }) },
  { name: 'action-items', intervalMs: () => 60_000, run: (d) => notifyOverdueActionItems({ ctx: d.ctx }) },
];

/** Starts `specs` (all jobs by default); a failed run is logged and the job goes on. */
export function startJobs(deps: JobDeps, specs: readonly JobSpec[] = jobs): Job[] {
  return specs.map((spec) =>
    every(
      spec.intervalMs(deps.config),
      async (signal) => {
        await spec.run(deps, signal);
      },
      (error) => deps.ctx.logger.error({ err: error, job: spec.name }, 'job run failed'),
    ),
  );
}

import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createTokenVerifier } from './auth/index.ts';
import type { RuntimeConfig } from './config/config.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { NinesError } from './core/errors.ts';
import { createLogger, type Logger } from './core/logger.ts';
import {
  applyModel,
  evaluateSlos,
  newProbeSchedule,
  pollPrometheus,
  pruneStorage,
  restoreInstances,
  runDueProbes,
  SloEngine,
} from './engine/index.ts';
import { acknowledgeIncidentOfPage, autoDeclareFromPages, remindStatusUpdates } from './incidents/index.ts';
import { every, type Job } from './jobs/every.ts';
import { createChannelSenders, type SmtpSettings } from './notify/index.ts';
import {
  deliverNotifications,
  escalateDuePages,
  linkSigningSecret,
  type PagingContext,
  sloIntake,
} from './paging/index.ts';
import { draftPostmortem, notifyOverdueActionItems } from './postmortems/index.ts';
import type { AlertTransition } from './slo/index.ts';
import { loadConfigDir, type Model } from './specs/index.ts';
import { openStorage } from './storage/index.ts';
import { createMetrics } from './telemetry/metrics.ts';

export interface StartOptions {
  config: RuntimeConfig;
  clock?: Clock;
  logger?: Logger;
  /** Where `{env: NAME}` secrets are read; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Start the background jobs (evaluation, polling, probes). Tests that drive ticks by hand turn this off. */
  jobs?: boolean;
  /** Called after each stored alert transition (the demo prints them). */
  onAlertTransition?: (slo: string, transition: AlertTransition) => void;
}

export interface NinesHandle {
  url: string;
  port: number;
  ctx: PagingContext;
  /** Re-reads the config directory; throws invalid_config (and keeps the running model) when it is invalid. */
  reload(): Promise<{ rebuilt: string[]; removed: string[] }>;
  /** Runs one evaluation tick now. */
  tick(): ReturnType<typeof evaluateSlos>;
  close(): Promise<void>;
}

/** Loads a config directory, refusing it with every problem listed when it is invalid. */
export async function loadValidModel(dir: string): Promise<Model> {
  const { model, problems } = await loadConfigDir(dir);
  if (problems.length > 0) {
    throw new NinesError(
      'invalid_config',
      `${problems.length} problem(s) in ${dir}`,
      problems.map((p) => ({ path: `${p.file}:${p.line}:${p.col}`, message: p.message })),
    );
  }
  return model;
}

/** SMTP settings from `NINES_SMTP_URL` (`smtp://user:pass@host:587`, `smtps://` for implicit TLS). */
export function smtpSettings(config: RuntimeConfig): SmtpSettings | undefined {
  if (!config.smtpUrl) return undefined;
  const url = new URL(config.smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    startTls:
      url.searchParams.get('starttls') === 'never'
        ? 'never'
        : url.searchParams.get('starttls') === 'always'
          ? 'always'
          : 'auto',
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    from: config.smtpFrom,
  };
}

/** The composition root: config -> storage -> engine -> HTTP -> jobs. */
export async function startNines(options: StartOptions): Promise<NinesHandle> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const env = options.env ?? process.env;
  const model = await loadValidModel(config.configDir);
  const db = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const metrics = createMetrics();
  const engine = new SloEngine(model);
  // publicUrl is completed once the port is known (when not configured).
  const ctx: PagingContext = {
    db,
    clock,
    logger,
    engine,
    env,
    publicUrl: config.publicUrl ?? '',
    linkSecret: await linkSigningSecret(db),
  };
  ctx.hooks = {
    pageOpened: autoDeclareFromPages(ctx),
    pageAcknowledged: acknowledgeIncidentOfPage,
    incidentResolved: (tx, incidentId) => draftPostmortem({ ctx, incidentId, tx }).then(() => {}),
  };
  await restoreInstances({ db, engine, slos: model.slos, nowMs: clock.now() });
  const channels = createChannelSenders({ smtp: smtpSettings(config) });
  const intake = sloIntake(ctx);

  const tick = async () => {
    const report = await evaluateSlos({ ctx, onTransitions: intake });
    metrics.evaluationDuration.observe(report.evaluateMs / 1000);
    metrics.sloCount.set(report.evaluated);
    for (const { slo, transition } of report.transitions) {
      metrics.alertTransitions.inc({ severity: transition.severity, state: transition.state });
      options.onAlertTransition?.(slo, transition);
    }
    return report;
  };
  let reloading: Promise<{ rebuilt: string[]; removed: string[] }> | undefined;
  const reload = async () => {
    // Reloads run one at a time; a second request waits for the first and then reloads again.
    while (reloading) await reloading.catch(() => {});
    reloading = (async () => {
      try {
        const next = await loadValidModel(config.configDir);
        const result = await applyModel({ ctx, model: next });
        metrics.configReloads.inc({ result: 'applied' });
        logger.info({ rebuilt: result.rebuilt.length, removed: result.removed.length }, 'config reloaded');
        return result;
      } catch (error) {
        metrics.configReloads.inc({ result: 'refused' });
        throw error;
      } finally {
        reloading = undefined;
      }
    })();
    return reloading;
  };
  const readiness = async () => {
    try {
      await db.query('SELECT 1');
      return { ok: true, checks: { storage: 'ok', config: 'loaded' } };
    } catch (error) {
      return { ok: false, checks: { storage: `unreachable: ${(error as Error).message}`, config: 'loaded' } };
    }
  };
  const app = createApp({
    ctx,
    metrics,
    verifyToken: createTokenVerifier(db, clock),
    reloadConfig: reload,
    readiness,
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;
  if (!config.publicUrl) ctx.publicUrl = url;

  const jobs: Job[] = [];
  const probes = newProbeSchedule();
  if (options.jobs !== false) {
    const onError = (name: string) => (error: unknown) =>
      logger.error({ err: error, job: name }, 'job run failed');
    jobs.push(every(config.evalIntervalMs, () => tick().then(() => {}), onError('evaluate')));
    jobs.push(
      every(
        config.evalIntervalMs,
        async (signal) => {
          await pollPrometheus({ ctx, env, signal });
        },
        onError('prometheus'),
      ),
    );
    jobs.push(every(1_000, (signal) => runDueProbes({ ctx, schedule: probes, signal }), onError('probes')));
    jobs.push(every(3_600_000, () => pruneStorage({ ctx }).then(() => {}), onError('prune')));
    jobs.push(every(1_000, () => escalateDuePages({ ctx }).then(() => {}), onError('escalate')));
    jobs.push(
      every(
        1_000,
        (signal) => deliverNotifications({ ctx, channels, signal }).then(() => {}),
        onError('deliver'),
      ),
    );
    jobs.push(every(5_000, () => remindStatusUpdates({ ctx }).then(() => {}), onError('incident-cadence')));
    jobs.push(every(60_000, () => notifyOverdueActionItems({ ctx }).then(() => {}), onError('action-items')));
  }
  logger.info({ url, engine: db.engine, slos: engine.instances.size }, 'nines started');

  return {
    url,
    port,
    ctx,
    reload,
    tick,
    async close() {
      await Promise.all(jobs.map((job) => job.stop()));
      await Promise.allSettled(probes.inflight);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

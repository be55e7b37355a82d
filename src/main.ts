import { createServer } from 'node:http';
import { getRequestListener, type ServerType } from '@hono/node-server';
import { createApp, type Readiness } from './app.ts';
import { createTokenVerifier } from './auth/index.ts';
import type { RuntimeConfig } from './config/config.ts';
import { type AppContext, createAppContext } from './context/index.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { NinesError } from './core/errors.ts';
import { createLogger, type Logger } from './core/logger.ts';
import type { TickReport } from './engine/index.ts';
import { applyModel, newProbeSchedule, restoreInstances, SloEngine } from './engine/index.ts';
import { domainHooks } from './hooks.ts';
import { answerDirectly } from './http/answer-directly.ts';
import { evaluationTick } from './jobs/evaluation-tick.ts';
import { startJobs } from './jobs/jobs.ts';
import { createChannelSenders, type SmtpSettings } from './notify/index.ts';
import { linkSigningSecret, newDeliverySlots } from './paging/index.ts';
import { analysesJudge, newRolloutRunner, rolloutPlanProblems, stopRolloutRunner } from './rollouts/index.ts';
import type { AlertTransition } from './slo/index.ts';
import { contactWarnings, formatLocation, loadConfigDir, type Model } from './specs/index.ts';
import { type Db, openStorage } from './storage/index.ts';
import { createMetrics, type Metrics } from './telemetry/metrics.ts';

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
  ctx: AppContext;
  /** Re-reads the config directory; throws invalid_config (and keeps the running model) when it is invalid. */
  reload(): Promise<{ rebuilt: string[]; removed: string[] }>;
  /** Runs one evaluation tick now. */
  tick(): Promise<TickReport>;
  close(): Promise<void>;
}

/**
 * Loads a config directory, refusing it with every problem listed when it is invalid. With a logger, it
 * logs the loader's warnings and, for a valid config, the people and teams a page could not reach (at start
 * and on every reload, so a contact removed later is said as well).
 */
export async function loadValidModel(
  dir: string,
  logger?: Pick<Logger, 'warn'>,
  options: { smtpConfigured?: boolean } = {},
): Promise<Model> {
  const loaded = await loadConfigDir(dir);
  const { model, warnings } = loaded;
  // The plans' analyses are checked by the analyses module, against the whole catalog.
  const problems = loaded.problems.length > 0 ? loaded.problems : rolloutPlanProblems(model, analysesJudge);
  for (const warning of warnings) logger?.warn({ at: formatLocation(warning) }, warning.message);
  if (problems.length > 0) {
    throw new NinesError(
      'invalid_config',
      `${problems.length} problem(s) in ${dir}`,
      problems.map((p) => ({ path: `${p.file}:${p.line}:${p.col}`, message: p.message })),
    );
  }
  if (logger) {
    for (const warning of contactWarnings(model, { smtpConfigured: options.smtpConfigured ?? false })) {
      logger.warn({ at: formatLocation(warning) }, `${warning.message} (a page could not reach someone)`);
    }
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

/** The composition root: config -> storage -> context -> HTTP -> jobs. */
export async function startNines(options: StartOptions): Promise<NinesHandle> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const model = await loadValidModel(config.configDir, logger, {
    smtpConfigured: config.smtpUrl !== undefined,
  });
  // The server holds the data directory; CLI commands open the same file beside it.
  const db = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, exclusive: true });
  const metrics = createMetrics();
  const engine = new SloEngine(model);
  const ctx = createAppContext({
    db,
    clock: options.clock ?? systemClock,
    logger,
    engine,
    env: options.env ?? process.env,
    // Completed once the port is known (when not configured).
    publicUrl: config.publicUrl,
    linkSecret: await linkSigningSecret(db),
  });
  ctx.hooks = domainHooks(ctx);
  wakeEvaluationOnNearTotalFailure(ctx);
  await restoreInstances({ db, engine, slos: model.slos, nowMs: ctx.clock.now() });
  const tick = evaluationTick({ ctx, metrics, onAlertTransition: options.onAlertTransition });
  const reload = configReloader({ ctx, config, metrics });
  const app = createApp({
    ctx,
    metrics,
    verifyToken: createTokenVerifier(db, ctx.clock),
    reloadConfig: reload,
    readiness: () => storageReadiness(db),
    consoleDir: config.consoleDir,
  });

  // The public status page is answered from its prepared bytes before the router (answer-directly.ts).
  const listener = getRequestListener(app.fetch, { hostname: config.host });
  const server: ServerType = createServer(answerDirectly({ ctx, metrics }, listener));
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;
  if (!config.publicUrl) ctx.publicUrl = url;

  const probes = newProbeSchedule();
  const channels = createChannelSenders({ smtp: smtpSettings(config) });
  const deliveries = newDeliverySlots();
  const rollouts = newRolloutRunner({ judge: analysesJudge, commandsDir: config.rolloutCommandsDir });
  const running =
    options.jobs === false ? [] : startJobs({ ctx, config, channels, probes, deliveries, rollouts, tick });
  logger.info({ url, engine: db.engine, slos: engine.instances.size }, 'nines started');

  return {
    url,
    port,
    ctx,
    reload,
    tick,
    async close() {
      // Live event streams never end by themselves: the server could not close while one is open.
      ctx.live.stop();
      await Promise.all(running.map((job) => job.stop()));
      await Promise.allSettled(probes.inflight);
      await Promise.allSettled(deliveries.inflight);
      await stopRolloutRunner(rollouts, db).catch((error) =>
        logger.warn({ err: error }, 'rollout leases not released'),
      );
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

/** Re-reads the config directory, one reload at a time; an invalid config is refused and the running one kept. */
function configReloader(options: {
  ctx: AppContext;
  config: RuntimeConfig;
  metrics: Metrics;
}): () => Promise<{ rebuilt: string[]; removed: string[] }> {
  const { ctx, config, metrics } = options;
  let reloading: Promise<{ rebuilt: string[]; removed: string[] }> | undefined;
  return async () => {
    // A second request waits for the first and then reloads again.
    while (reloading) await reloading.catch(() => {});
    reloading = (async () => {
      try {
        const next = await loadValidModel(config.configDir, ctx.logger, {
          smtpConfigured: config.smtpUrl !== undefined,
        });
        const result = await applyModel({ ctx, model: next });
        metrics.configReloads.inc({ result: 'applied' });
        ctx.logger.info(
          { rebuilt: result.rebuilt.length, removed: result.removed.length },
          'config reloaded',
        );
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
}

async function storageReadiness(db: Db): Promise<Readiness> {
  try {
    await db.query('SELECT 1');
    return { ok: true, checks: { storage: 'ok', config: 'loaded' } };
  } catch (error) {
    return { ok: false, checks: { storage: `unreachable: ${(error as Error).message}`, config: 'loaded' } };
  }
}

/** At most once a second: a burst of failing pushes from many SLOs is one early evaluation, not many. */
const EARLY_EVALUATION_GAP_MS = 1_000;

/**
 * Data that may fire a catastrophic tier (`mayFireCatastrophic`) is evaluated at once rather than at the
 * next tick: with pushes or remote-write a full outage pages within seconds of the data arriving.
 */
function wakeEvaluationOnNearTotalFailure(ctx: AppContext): void {
  let nextAllowedMs = Number.NEGATIVE_INFINITY;
  ctx.engine.onNearTotalFailure = () => {
    const atMs = Math.max(ctx.clock.now(), nextAllowedMs);
    nextAllowedMs = atMs + EARLY_EVALUATION_GAP_MS;
    ctx.wakeups.wake('evaluate', atMs);
  };
}

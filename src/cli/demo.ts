import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../auth/index.ts';
import { packageRoot, resolveRuntimeConfig } from '../config/config.ts';
import { systemClock } from '../core/clock.ts';
import { HOUR_MS, parseDuration } from '../core/duration.ts';
import { createLogger } from '../core/logger.ts';
import { utcClockTime } from '../core/time-format.ts';
import {
  DEMO_PRIMARY_SCHEDULE,
  demoSignInPerson,
  demoTimeline,
  eventFedSlos,
  formatTimeline,
  paymentBadRelease,
  paymentPoolLeak,
  prefillHistory,
  type SinkDelivery,
  startCanary,
  startFleet,
  startResponder,
  startWebhookSink,
  watchGate,
  writeDemoConfig,
} from '../demo/index.ts';
import { startNines } from '../main.ts';
import { liveOverrides } from '../oncall/index.ts';
import { type AlertTransition, oldestUsefulMs } from '../slo/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { untilStopped } from './serve.ts';

const demoConfigDir = join(packageRoot(), 'examples', 'demo');

function durationFlag(value: unknown, flag: string, fallbackMs: number | undefined): number | undefined {
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(String(value));
  if (ms === undefined) throw new UsageError(`--${flag} must be a duration such as 90s or 5m`);
  return ms;
}

function describeTransition(slo: string, t: AlertTransition): string {
  const burn = (key: '5m' | '1h' | '6h') => (t.burnRates[key] === null ? '-' : t.burnRates[key]?.toFixed(1));
  const what = t.state === 'firing' ? 'FIRING  ' : 'resolved';
  const label = t.severity === 'no_data' ? 'no-data alert' : `${t.severity} alert`;
  return `${utcClockTime(t.atMs)}  ${what} ${label} on ${slo}  (burn 5m ${burn('5m')}, 1h ${burn('1h')}, 6h ${burn('6h')})${t.reason ? ` ${t.reason}` : ''}`;
}

/** The scripted responders' delays (responder.ts defaults), which the printed timeline uses too. */
const IDENTIFY_AFTER_MS = 60_000;
const RESOLVE_AFTER_MS = 30_000;
/** When the release pipeline starts the bad canary of payment 2.4.0. */
const CANARY_AFTER_MS = 10_000;

function portFlag(value: unknown, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--${flag} must be a port number from 0 (any free port) to 65535, got "${value}"`);
  return port;
}

function describeDelivery(delivery: SinkDelivery): string {
  if (delivery.path.startsWith('/router/')) {
    // The rollout plan's traffic router: what Nines asked of it, and the key a real router dedupes on.
    const { service, version, weight, rollback } = delivery.body as {
      service?: string;
      version?: string;
      weight?: number;
      rollback?: boolean;
    };
    const what = rollback
      ? `roll back ${service} ${version}: all traffic to the baseline`
      : `send ${weight} % of ${service} traffic to ${version}`;
    return `${utcClockTime(Date.now())}  → traffic router: ${what} (Idempotency-Key ${delivery.idempotencyKey ?? '-'})`;
  }
  const who = delivery.path.replace(/^\/(person|team)\//, (_m, kind: string) =>
    kind === 'team' ? 'team ' : '',
  );
  const { kind, severity, service, summary, level, pageId, reference } = delivery.body;
  const step = level ? ` (escalation level ${level})` : '';
  const about = reference ?? `page ${pageId}`;
  const what = kind === 'page' ? about : `${kind} for ${about}`;
  return `${utcClockTime(Date.now())}  → ${who} notified: ${what} [${severity}] ${service ?? '-'}: ${summary}${step}`;
}

export const command = defineCommand({
  usage: 'nines demo [--port N] [--sink-port N] [--data-dir DIR] [--failure-after 60s] [--duration D]',
  summary:
    'Starts the server on the embedded database with examples/demo, prints the console URL, an admin token\nacting as the payments on-call person and the timeline of the run, prefills 30 days of healthy history\nand runs a simulated fleet. After --failure-after, payment leaks database connections for 6 minutes: a\npage-level burn alert fires and declares an incident, which scripted responders run (roles, public\nupdates on /status) to resolution and a drafted postmortem, about 12 minutes after the start.\nNotifications go to a local sink on --sink-port (NINES_DEMO_SINK_PORT; default any free port) under a\nsecret path, and are printed. Stops on Ctrl-C or after --duration.',
  options: {
    port: { type: 'string' },
    'sink-port': { type: 'string' },
    'data-dir': { type: 'string' },
    'failure-after': { type: 'string' },
    duration: { type: 'string' },
  },
  async run({ values, io }) {
    const failureAfterMs = durationFlag(values['failure-after'], 'failure-after', 60_000) as number;
    const durationMs = durationFlag(values.duration, 'duration', undefined);
    const sinkPort = portFlag(values['sink-port'] ?? io.env.NINES_DEMO_SINK_PORT ?? '0', 'sink-port');
    const dataDir = (values['data-dir'] as string | undefined) ?? mkdtempSync(join(tmpdir(), 'nines-demo-'));
    // Only this run's notifications are shown: the sink answers under a secret path it alone knows, and
    // the demo's contacts are rewritten to it. A port someone else holds is refused, not shared.
    const sink = await startWebhookSink({ port: sinkPort, onDelivery: (d) => io.out(describeDelivery(d)) });
    const configDir = join(dataDir, 'demo-config');
    writeDemoConfig({ fromDir: demoConfigDir, toDir: configDir, sinkBaseUrl: sink.baseUrl });
    const config = resolveRuntimeConfig(
      { ...io.env, NINES_DATABASE_URL: undefined },
      {
        configDir,
        dataDir,
        port: (values.port as string | undefined) ?? io.env.NINES_PORT ?? '8080',
        evalIntervalMs: '5s',
      },
    );
    const logger = createLogger({ level: io.env.NINES_LOG_LEVEL ?? 'warn' });
    const nines = await startNines({
      config,
      logger,
      onAlertTransition: (slo, t) => io.out(describeTransition(slo, t)),
    });
    const person = demoSignInPerson({
      model: nines.ctx.model,
      overrides: await liveOverrides(nines.ctx.db, DEMO_PRIMARY_SCHEDULE, systemClock.now()),
      nowMs: systemClock.now(),
    });
    // The console signs in with this token; what it does is recorded under the on-call person.
    const { token } = await createToken({
      db: nines.ctx.db,
      clock: systemClock,
      name: 'demo-admin',
      scopes: ['admin'],
      person,
    });
    io.out(
      [
        `Nines demo running at ${nines.url}  (data in ${dataDir})`,
        `Console: ${nines.url}/  (sign in with the token below)`,
        `Admin token: ${token}  (acts as ${person ?? 'no one'}, on call now for ${DEMO_PRIMARY_SCHEDULE})`,
        '',
        `  curl -H "Authorization: Bearer ${token}" ${nines.url}/api/v1/slos`,
        `  node bin/nines.js slo status --server ${nines.url} --token ${token}`,
        '',
        `On-call notifications go to this run's webhook sink on 127.0.0.1:${sink.port} and are printed here.`,
        'Prefilling 30 days of history: every error budget starts near 95 %, but payment-availability near',
        '14 %: twelve days ago payment 2.3.0 failed 29 % of payments for an hour (the deploy gate warns)...',
      ].join('\n'),
    );
    const slos = eventFedSlos(nines.ctx.model.slos);
    const target = { baseUrl: nines.url, token };
    const untilMs = systemClock.now();
    const specOf = new Map(nines.ctx.model.slos.map((slo) => [slo.name, slo]));
    const history = await prefillHistory({
      ...target,
      slos,
      untilMs,
      pastIncident: paymentBadRelease({ untilMs }),
      // What each SLO still accepts an hour from now (a calendar SLO refuses hours before its period).
      oldestMs: (slo) => {
        const spec = specOf.get(slo.name);
        return spec ? oldestUsefulMs(spec, untilMs + HOUR_MS) : untilMs;
      },
    });
    const scenario = paymentPoolLeak({ startAfterMs: failureAfterMs });
    const timeline = demoTimeline({
      startMs: history.untilMs,
      scenario,
      identifyAfterMs: IDENTIFY_AFTER_MS,
      resolveAfterMs: RESOLVE_AFTER_MS,
      canaryAfterMs: CANARY_AFTER_MS,
    });
    io.out(
      [
        `History stored: ${history.eventsAccepted} events. Fleet traffic starts now (Ctrl-C to stop).`,
        'Timeline of this run (UTC; each alert step within a minute or so):',
        ...formatTimeline(timeline),
      ].join('\n'),
    );
    const fleet = startFleet({
      ...target,
      slos,
      clock: systemClock,
      startMs: history.untilMs,
      scenario,
      log: {
        ...logger,
        info: (_obj: object, msg?: string) => msg && io.out(`${utcClockTime(Date.now())}  fleet: ${msg}`),
      } as typeof logger,
    });
    const responder = startResponder({
      ...target,
      clock: systemClock,
      schedules: { commander: DEMO_PRIMARY_SCHEDULE, communications: 'payments-secondary' },
      identifyAfterMs: IDENTIFY_AFTER_MS,
      resolveAfterMs: RESOLVE_AFTER_MS,
      say: (line) => io.out(line),
      log: logger,
    });
    // Ten seconds in, the release pipeline ships payment 2.4.0 as a canary; the judge rejects it.
    const canary = startCanary({
      ...target,
      clock: systemClock,
      startMs: history.untilMs + CANARY_AFTER_MS,
      say: (line) => io.out(line),
      log: logger,
    });
    // What a pipeline deploying payment would hear: warn now, block once the leak exhausts the budget.
    const gate = watchGate({
      ...target,
      service: 'payment',
      clock: systemClock,
      say: (line) => io.out(line),
      log: logger,
    });
    const stopped =
      durationMs === undefined ? untilStopped() : new Promise((resolve) => setTimeout(resolve, durationMs));
    await stopped;
    await fleet.stop();
    await responder.stop();
    await gate.stop();
    await canary.stop();
    await nines.close();
    await sink.close();
    const stats = fleet.stats();
    io.out(`Demo stopped: ${stats.eventsAccepted} events pushed in ${stats.ticks} ticks.`);
    return EXIT_OK;
  },
});

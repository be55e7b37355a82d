import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken } from '../auth/index.ts';
import { resolveRuntimeConfig } from '../config/config.ts';
import { systemClock } from '../core/clock.ts';
import { parseDuration } from '../core/duration.ts';
import { createLogger } from '../core/logger.ts';
import { utcClockTime } from '../core/time-format.ts';
import {
  eventFedSlos,
  paymentPoolLeak,
  prefillHistory,
  type SinkDelivery,
  startFleet,
  startResponder,
  startWebhookSink,
} from '../demo/index.ts';
import { startNines } from '../main.ts';
import type { AlertTransition } from '../slo/index.ts';
import { defineCommand, EXIT_OK, UsageError } from './command.ts';
import { untilStopped } from './serve.ts';

const demoConfigDir = fileURLToPath(new URL('../../examples/demo/', import.meta.url));

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

/** The webhook sink port the demo config's contacts point at (examples/demo/oncall.yaml). */
const SINK_PORT = 9099;

function describeDelivery(delivery: SinkDelivery): string {
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
  usage: 'nines demo [--port N] [--data-dir DIR] [--failure-after 60s] [--duration D]',
  summary:
    'Starts the server on the embedded database with examples/demo, prints the URL and an admin token,\nprefills 6 h of history and runs a simulated fleet. After --failure-after, payment leaks database\nconnections for 6 minutes: a page-level burn alert fires and declares an incident, which scripted\nresponders run (roles, public updates on /status) to resolution and a drafted postmortem. Stops on\nCtrl-C or after --duration.',
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'failure-after': { type: 'string' },
    duration: { type: 'string' },
  },
  async run({ values, io }) {
    const failureAfterMs = durationFlag(values['failure-after'], 'failure-after', 60_000) as number;
    const durationMs = durationFlag(values.duration, 'duration', undefined);
    const dataDir = (values['data-dir'] as string | undefined) ?? mkdtempSync(join(tmpdir(), 'nines-demo-'));
    const config = resolveRuntimeConfig(
      { ...io.env, NINES_DATABASE_URL: undefined },
      {
        configDir: demoConfigDir,
        dataDir,
        port: (values.port as string | undefined) ?? io.env.NINES_PORT ?? '8080',
        evalIntervalMs: '5s',
      },
    );
    const logger = createLogger({ level: io.env.NINES_LOG_LEVEL ?? 'warn' });
    const sink = await startWebhookSink({
      port: SINK_PORT,
      onDelivery: (d) => io.out(describeDelivery(d)),
    }).catch((error: Error) => {
      io.err(
        `warning: the webhook sink could not listen on 127.0.0.1:${SINK_PORT} (${error.message}); notifications will be retried`,
      );
      return undefined;
    });
    const nines = await startNines({
      config,
      logger,
      onAlertTransition: (slo, t) => io.out(describeTransition(slo, t)),
    });
    const { token } = await createToken({
      db: nines.ctx.db,
      clock: systemClock,
      name: 'demo-admin',
      scopes: ['admin'],
    });
    io.out(
      [
        `Nines demo running at ${nines.url}  (data in ${dataDir})`,
        `Admin token: ${token}`,
        '',
        `  curl -H "Authorization: Bearer ${token}" ${nines.url}/api/v1/slos`,
        `  node bin/nines.js slo status --server ${nines.url} --token ${token}`,
        '',
        `On-call notifications go to the webhook sink on 127.0.0.1:${SINK_PORT} and are printed here.`,
        `Prefilling 6 h of history; payment's connection pool starts leaking ${Math.round(failureAfterMs / 1000)} s after that.`,
      ].join('\n'),
    );
    const slos = eventFedSlos(nines.ctx.model.slos);
    const target = { baseUrl: nines.url, token };
    const history = await prefillHistory({ ...target, slos, untilMs: systemClock.now() });
    io.out(`History stored: ${history.eventsAccepted} events. Fleet traffic starts now (Ctrl-C to stop).`);
    const fleet = startFleet({
      ...target,
      slos,
      clock: systemClock,
      startMs: history.untilMs,
      scenario: paymentPoolLeak({ startAfterMs: failureAfterMs }),
      log: {
        ...logger,
        info: (_obj: object, msg?: string) => msg && io.out(`${utcClockTime(Date.now())}  fleet: ${msg}`),
      } as typeof logger,
    });
    const responder = startResponder({
      ...target,
      clock: systemClock,
      schedules: { commander: 'payments-primary', communications: 'payments-secondary' },
      say: (line) => io.out(line),
      log: logger,
    });
    const stopped =
      durationMs === undefined ? untilStopped() : new Promise((resolve) => setTimeout(resolve, durationMs));
    await stopped;
    await fleet.stop();
    await responder.stop();
    await nines.close();
    await sink?.close();
    const stats = fleet.stats();
    io.out(`Demo stopped: ${stats.eventsAccepted} events pushed in ${stats.ticks} ticks.`);
    return EXIT_OK;
  },
});

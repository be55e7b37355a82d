import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../../src/testing/nines-process.ts';
import { freePort } from '../../src/testing/prometheus.ts';

// `nines demo` as a user runs it: the server starts on the embedded database, prints its URL, an admin
// token and the timeline of the run, every budget starts healthy, and the scripted payment
// connection-pool leak fires a page-level burn alert whose notifications reach this run's sink only.

const bin = join(import.meta.dirname, '../../bin/nines.js');

describe('nines demo', () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('prints URL, token and timeline, starts healthy, and pages on payment within two minutes of the failure', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      [
        bin,
        'demo',
        '--port',
        String(port),
        '--failure-after',
        '2s',
        '--duration',
        '180s',
        '--data-dir',
        scratchDir('demo'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const seen = (pattern: RegExp, timeoutMs: number) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            clearTimeout(timer);
            child?.stdout?.off('data', check);
            resolve(match);
          }
        };
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        child?.stdout?.on('data', check);
        check();
      });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));

    const [, token] = await seen(/Admin token: (nines_\S+)/, 60_000);
    const [, url] = await seen(/running at (http:\/\/127\.0\.0\.1:\d+)/, 1_000);
    const [, sinkPort] = await seen(/webhook sink on 127\.0\.0\.1:(\d+)/, 1_000);
    // The console is the way in, and its token acts as the person the demo's page reaches first.
    expect(output).toContain(`Console: ${url}/`);
    const [, signedIn] = await seen(/acts as (\w+), on call now for payments-primary/, 1_000);
    const me = (await (
      await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      person: string;
      scopes: string[];
    };
    expect(me).toMatchObject({ person: signedIn, scopes: ['admin'] });
    expect(['charlie', 'mallory', 'niaj']).toContain(signedIn);
    await seen(/History stored: \d+ events/, 60_000);
    // The timeline says when each phase comes, the postmortem last (failure after 2 s: 11:32 in).
    await seen(
      /\+11:32 {2}\d\d:\d\d:\d\d {2}all clear: the incident resolves and its postmortem is drafted/,
      5_000,
    );
    expect(output).toMatch(/\+0:02 {2}\d\d:\d\d:\d\d {2}payment's database connections start leaking/);

    // Every budget starts healthy (30 days of normal traffic at burn 0.05 leave about 95 %) but payment's
    // availability: its 2.3.0 release failed 29 % of payments for an hour twelve days ago, 80.6 % of the
    // budget, so about 14.4 % is left ("warning"), and the deploy gate warns a feature change.
    const budgets = async () => {
      const answer = await fetch(`${url}/api/v1/slos`, { headers: { authorization: `Bearer ${token}` } });
      const { slos } = (await answer.json()) as {
        slos: Array<{ name: string; status: string; errorBudget: { remaining: number | null } }>;
      };
      return slos;
    };
    await expect
      .poll(async () => (await budgets()).every((slo) => slo.errorBudget.remaining !== null), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(true);
    for (const slo of await budgets()) {
      if (slo.name === 'payment-availability') {
        expect(slo.status).toBe('warning');
        // About 14 % by hand (src/demo/scenario.ts); the baseline's share follows the time-of-day curve,
        // so the figure drifts with the hour the demo starts at (11.7 % seen at 18:00 UTC).
        expect(slo.errorBudget.remaining).toBeGreaterThan(0.1);
        expect(slo.errorBudget.remaining).toBeLessThan(0.17);
        continue;
      }
      expect(slo.status, slo.name).toBe('healthy');
      expect(slo.errorBudget.remaining, slo.name).toBeGreaterThan(0.9);
    }
    await seen(
      /deploy gate, payment \(feature change\): WARN, least budget left 1\d\.\d % — .*payment-availability/,
      15_000,
    );

    // Ten seconds in, the release pipeline ships payment 2.4.0 through its rollout plan; the pods' metrics
    // show 13× the baseline's errors, the analysis fails its first interval, and the plan's rollback
    // reaches the traffic router: the deploy ends rolled back, on its timeline, with no page.
    await seen(/→ traffic router: send 5 % of payment traffic to 2\.4\.0/, 30_000);
    const [, deployId] = await seen(/deploy #(\d+) ended rolled_back \(rollout #\d+ rolled_back\)/, 90_000);
    expect(output).toMatch(/→ traffic router: roll back payment 2\.4\.0/);
    expect(output).toMatch(/canary analysis #\d+: FAIL .*errors is higher in the canary/);
    const deploy = (await (
      await fetch(`${url}/api/v1/deploys/${deployId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { outcome: string; version: string; events: Array<{ kind: string }> };
    expect(deploy).toMatchObject({ outcome: 'rolled_back', version: '2.4.0' });
    const kinds = deploy.events.map((e) => e.kind);
    for (const kind of ['started', 'rollout.started', 'analysis.finished', 'rollout.rollback', 'finished'])
      expect(kinds, kind).toContain(kind);
    const pages = (await (
      await fetch(`${url}/api/v1/pages`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { pages: unknown[] };
    expect(JSON.stringify(pages)).not.toMatch(/rollout/i);

    // Another program's notification sent to the sink's port is refused and never printed as ours.
    const foreign = await fetch(`http://127.0.0.1:${sinkPort}/person/charlie`, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'page',
        severity: 'P0',
        service: 'payment',
        summary: 'FOREIGN NOTIFICATION',
      }),
    });
    expect(foreign.status).toBe(404);
    const response = await fetch(`${url}/api/v1/services/payment`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const payment = (await response.json()) as { owner: string; tier: number; dependents: string[] };
    expect(payment.tier).toBe(1);
    expect(payment.dependents).toContain('order');

    await seen(/FIRING\s+page alert on payment-availability/, 150_000);
    // The page reaches whoever is on call for payments this week, through the demo's webhook sink.
    await seen(/→ (charlie|mallory|niaj) notified: page \d+ \[P0\] payment: payment-availability/, 30_000);
    const status = await fetch(`${url}/api/v1/slos/payment-availability`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const slo = (await status.json()) as {
      alerts: Array<{ severity: string }>;
      burnRates: Record<string, number>;
    };
    expect(slo.alerts.map((a) => a.severity)).toContain('page');
    expect(slo.burnRates['5m']).toBeGreaterThan(14.4);
    expect(output).not.toMatch(
      /FIRING\s+page alert on (auth|product|inventory|pricing|notification|recommendation)-/,
    );

    // The P0 page declares a SEV1 incident; the scripted responders take it and post a public update.
    const [, incidentId] = await seen(/incident #(\d+) \[SEV1\] .*commander (charlie|mallory|niaj)/, 30_000);
    expect(output).toContain(`${url}/incidents/${incidentId}`);
    const incident = (await (
      await fetch(`${url}/api/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      severity: string;
      services: string[];
      blastRadius: string[];
      updates: Array<{ status: string }>;
    };
    // A pipeline asking now is held: the SEV1 on payment blocks feature changes.
    await seen(/deploy gate, payment \(feature change\): BLOCK, .*SEV1/, 15_000);
    expect(incident.severity).toBe('SEV1');
    expect(incident.services).toEqual(['payment']);
    expect(incident.blastRadius).toContain('order');
    expect(incident.updates.map((u) => u.status)).toEqual(['investigating']);
    const page = await (await fetch(`${url}/status`)).text();
    expect(page).toContain('We are investigating failed payments when placing orders.');
    expect(page).not.toContain('payment-availability');
    expect(output).not.toContain('FOREIGN NOTIFICATION');
  }, 240_000);

  it('refuses a sink port another program holds, saying so, instead of showing its notifications', async () => {
    const holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as { port: number };
    try {
      const demo = spawn(
        process.execPath,
        [
          bin,
          'demo',
          '--port',
          String(await freePort()),
          '--sink-port',
          String(port),
          '--data-dir',
          scratchDir('demo'),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let errors = '';
      demo.stderr?.on('data', (chunk) => (errors += chunk));
      const [code] = (await once(demo, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(errors).toContain(`error: the notification sink cannot listen on 127.0.0.1:${port}`);
      expect(errors).toContain('--sink-port or NINES_DEMO_SINK_PORT');
    } finally {
      holder.close();
    }
  }, 60_000);
});

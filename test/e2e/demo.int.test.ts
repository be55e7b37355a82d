import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../../src/testing/nines-process.ts';
import { freePort } from '../../src/testing/prometheus.ts';

// `nines demo` as a user runs it: the server starts on the embedded database, prints its URL and an
// admin token, and the scripted payment connection-pool leak fires a page-level burn alert.

const bin = join(import.meta.dirname, '../../bin/nines.js');

describe('nines demo', () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('prints URL and token, serves the SLOs, and pages on payment within two minutes of the failure', async () => {
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
    await seen(/History stored: \d+ events/, 60_000);
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
    const incident = (await (
      await fetch(`${url}/api/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      severity: string;
      services: string[];
      blastRadius: string[];
      updates: Array<{ status: string }>;
    };
    expect(incident.severity).toBe('SEV1');
    expect(incident.services).toEqual(['payment']);
    expect(incident.blastRadius).toContain('order');
    expect(incident.updates.map((u) => u.status)).toEqual(['investigating']);
    const page = await (await fetch(`${url}/status`)).text();
    expect(page).toContain('We are investigating failed payments when placing orders.');
    expect(page).not.toContain('payment-availability');
  }, 240_000);
});

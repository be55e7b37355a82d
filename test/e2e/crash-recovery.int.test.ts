import { afterAll, describe, expect, it } from 'vitest';
import {
  coreCatalog,
  nines,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';

// Kill -9 at any time: every acknowledged event is counted exactly once after restart, and alert
// states are as they were. The server runs as a real child process on the embedded database.

const config = {
  'catalog.yaml': coreCatalog,
  'slos.yaml': `
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: api-availability }
spec:
  service: api
  objective: 99
  window: 30d
  indicator: { events: {} }
`,
};

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

async function push(url: string, token: string, body: unknown) {
  const response = await fetch(`${url}/api/v1/sli-events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { accepted?: number; duplicate?: boolean },
  };
}

async function sloStatus(url: string, token: string) {
  const response = await fetch(`${url}/api/v1/slos/api-availability`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as {
    sli: { good: number | null; total: number | null };
    alerts: Array<{ severity: string; since: string }>;
    evaluatedAt: string | null;
  };
}

/** Waits for an evaluation that happened after `afterMs`, so the status reflects everything stored before. */
async function freshStatus(url: string, token: string, afterMs: number) {
  return waitFor(async () => {
    const status = await sloStatus(url, token);
    return status.evaluatedAt && Date.parse(status.evaluatedAt) > afterMs ? status : undefined;
  });
}

describe('kill -9', () => {
  const configDir = writeConfig(config);
  const dataDir = scratchDir('data');
  const env = { NINES_EVAL_INTERVAL: '1s' };

  it('loses no acknowledged event, counts none twice, and keeps a firing page', async () => {
    const created = await nines(['token', 'create', '--scopes', 'write', '--data-dir', dataDir]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();

    let server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const batches = Array.from({ length: 40 }, (_, i) => ({
      batchId: `batch-${i}`,
      // Each batch: 100 requests, all failing. 0 good out of 100: a full outage for the page alert.
      events: [{ slo: 'api-availability', time: Date.now(), good: 0, total: 100 }],
    }));
    const acknowledged: string[] = [];
    const pushing = (async () => {
      for (const batch of batches) {
        const answer = await push(server.url, token, batch).catch(() => undefined);
        if (!answer) return;
        if (answer.status === 202) acknowledged.push(batch.batchId);
        if (acknowledged.length === 20) void server.kill9();
      }
    })();
    await pushing;
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(acknowledged.length).toBeLessThan(40);

    server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const afterRestart = await freshStatus(server.url, token, Date.now());
    // Every acknowledged batch survived; at most the one in flight at the kill may also have been stored.
    const total = afterRestart.sli.total ?? 0;
    expect(total).toBeGreaterThanOrEqual(acknowledged.length * 100);
    expect(total).toBeLessThanOrEqual((acknowledged.length + 1) * 100);

    // The client resends everything with the same batch ids: the stored ones are not counted again.
    for (const batch of batches) expect((await push(server.url, token, batch)).status).toBe(202);
    const resent = await freshStatus(server.url, token, Date.now());
    expect(resent.sli).toEqual({ good: 0, total: 4000, ratio: 0 });
    const page = resent.alerts.find((a) => a.severity === 'page');
    expect(page).toBeDefined();

    // Kill again while the page fires: after restart it is still firing, since the same moment.
    await server.kill9();
    server = await startServer({ configDir, dataDir, env });
    servers.push(server);
    const again = await freshStatus(server.url, token, Date.now());
    expect(again.alerts.find((a) => a.severity === 'page')?.since).toBe(page?.since);
    expect(again.sli.total).toBe(4000);
  });
});

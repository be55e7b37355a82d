import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';
import {
  POSTGRES_BIN_DIR,
  type PrivatePostgres,
  privatePostgresAvailable,
  startPrivatePostgres,
} from '../../src/testing/fault-postgres.ts';
import {
  eventSlos,
  faultLoad,
  lossAndDuplication,
  pushAll,
  reportFault,
  resendUntilAcknowledged,
  sliBatches,
  storedTotals,
} from '../../src/testing/faults.ts';
import {
  coreCatalog,
  createToken,
  type ServerProcess,
  scratchDir,
  startServer,
  waitFor,
  writeConfig,
} from '../../src/testing/nines-process.ts';
import { componentsRequired } from '../../src/testing/test-engines.ts';

// PostgreSQL restarted under push load. The machine's shared PostgreSQL is left alone: the test runs its
// own cluster (initdb into a temporary folder) and stops it (`pg_ctl stop -m fast`) while pushes are in
// flight, then starts it again. Nines must stay up, answer 503 (never 202) while the database is gone,
// become ready again by itself, and hold every batch exactly once after the client resends.

const available = privatePostgresAvailable();
if (componentsRequired() && !available) {
  throw new Error(`a private PostgreSQL cluster needs ${POSTGRES_BIN_DIR}/initdb and runuser`);
}

const SLOS = ['checkout-availability', 'checkout-latency'];
const config = {
  'catalog.yaml': coreCatalog,
  'slos.yaml': eventSlos(SLOS, 99.5),
};

describe.skipIf(!available)('PostgreSQL restarted mid-load', () => {
  let cluster: PrivatePostgres | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it('loses nothing, doubles nothing, and recovers without a Nines restart', async () => {
    cluster = await startPrivatePostgres();
    const env = {
      NINES_DATABASE_URL: cluster.url,
      NINES_TOKEN: '',
      NINES_SERVER: '',
      NINES_EVAL_INTERVAL: '1s',
    };
    const token = await createToken(['--scopes', 'write'], env);
    server = await startServer({ configDir: writeConfig(config), dataDir: scratchDir('unused'), env });
    const url = server.url;
    const pgCluster = cluster;

    const count = faultLoad(300, 3000);
    const batches = sliBatches('pg-restart', count, SLOS);
    let outage: Promise<{ downMs: number; recoveryMs: number }> | undefined;
    const load = await pushAll({
      url: () => url,
      token,
      batches,
      inFlight: 4,
      afterAck: (acknowledged) => {
        if (acknowledged !== Math.floor(count / 3)) return;
        outage ??= (async () => {
          const stoppedAt = performance.now();
          await pgCluster.stop('fast');
          // Nines notices: not ready while the database is gone.
          await waitFor(async () => ((await fetch(`${url}/readyz`)).status === 503 ? true : undefined));
          await pgCluster.start();
          const back = performance.now();
          await waitFor(async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000, 'readyz');
          return { downMs: back - stoppedAt, recoveryMs: performance.now() - back };
        })();
      },
    });
    const figures = await (outage as Promise<{ downMs: number; recoveryMs: number }>);
    expect(server.child.exitCode).toBeNull();
    // Refused while down: 503 (unavailable), never a 202 that was not stored, never a 500.
    expect([...load.refusals.keys()].filter((status) => status !== '503')).toEqual([]);
    expect(load.unacknowledged.length).toBeGreaterThan(0);

    await resendUntilAcknowledged({ url, token, batches: load.unacknowledged });
    const db = await openStorage({ databaseUrl: cluster.url });
    const stored = await storedTotals(db, SLOS).finally(() => db.close());
    const { lost, duplicated, goodMatches } = lossAndDuplication(stored, count, SLOS.length);
    reportFault('postgres-restart', {
      lost,
      duplicated,
      recovery: `${Math.round(figures.recoveryMs)}ms`,
      databaseDown: `${Math.round(figures.downMs)}ms`,
      batches: count,
      refused: load.unacknowledged.length,
    });
    expect({ lost, duplicated, goodMatches }).toEqual({ lost: 0, duplicated: 0, goodMatches: true });
  }, 180_000);
});

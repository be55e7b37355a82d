import { createInterface } from 'node:readline';
import { encodeWriteRequest } from '../../src/testing/write-requests.ts';
import { fleetShards, roundRequest } from './remote-write-fleet.ts';

// The load process of the remote-write bench (a child of remote-write.ts, so its CPU is not the server's):
// builds every request body once, snappy-compressed, then on each command line from stdin
// `{"url","token","run"}` POSTs run `run`'s bodies with IN_FLIGHT requests at a time and answers one JSON
// line. Run k sends rounds [k·rounds, (k+1)·rounds): timestamps rise per series across runs, as
// Prometheus' receiver requires.

export interface LoadOptions {
  shards: number;
  seriesPerRequest: number;
  roundsPerRun: number;
  runs: number;
  inFlight: number;
  /** Timestamp of round 0; round r is `firstTimestampMs + r`. */
  firstTimestampMs: number;
}

export interface LoadCommand {
  url: string;
  token: string;
  run: number;
}

export interface LoadResult {
  requests: number;
  samples: number;
  elapsedMs: number;
  failed: number;
  firstFailure?: string;
}

function buildBodies(options: LoadOptions): Uint8Array[] {
  const shards = fleetShards(options.shards, options.seriesPerRequest);
  const bodies: Uint8Array[] = [];
  for (let round = 0; round < options.roundsPerRun * options.runs; round++) {
    for (const shard of shards) {
      bodies.push(encodeWriteRequest(roundRequest(shard, round + 1, options.firstTimestampMs + round)));
    }
  }
  return bodies;
}

async function send(bodies: Uint8Array[], command: LoadCommand, options: LoadOptions): Promise<LoadResult> {
  const perRun = options.roundsPerRun * options.shards;
  const mine = bodies.slice(command.run * perRun, (command.run + 1) * perRun);
  const result: LoadResult = { requests: 0, samples: 0, elapsedMs: 0, failed: 0 };
  let next = 0;
  // A series' previous sample is in the body `shards` earlier: send only once that one is answered, so
  // each receiver sees every series' samples in order (Prometheus refuses out-of-order ones).
  const answered: Promise<void>[] = [];
  const marks = mine.map(() => {
    let mark = () => {};
    answered.push(new Promise<void>((resolve) => (mark = resolve)));
    return mark;
  });
  const worker = async () => {
    for (let index = next++; index < mine.length; index = next++) {
      if (index >= options.shards) await answered[index - options.shards];
      const response = await fetch(command.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${command.token}`,
          'content-type': 'application/x-protobuf',
          'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0',
        },
        body: mine[index],
      });
      const text = await response.text();
      result.requests++;
      if (response.status >= 200 && response.status < 300) {
        result.samples += options.seriesPerRequest;
      } else {
        result.failed++;
        result.firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
      }
      marks[index]?.();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  result.elapsedMs = performance.now() - started;
  return result;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
  const started = performance.now();
  const bodies = buildBodies(options);
  const bytes = bodies.reduce((sum, body) => sum + body.length, 0);
  process.stdout.write(
    `${JSON.stringify({ ready: true, bodies: bodies.length, bytes, buildMs: performance.now() - started })}\n`,
  );
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const result = await send(bodies, JSON.parse(line) as LoadCommand, options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

await main();

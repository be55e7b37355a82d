// The alert-intake load generator, run as its own process so its CPU is not the server's: builds every
// request body first (500 alerts each, half of them repeats of earlier alerts), then sends them with a
// fixed number in flight and prints one JSON line: alerts sent, seconds, statuses that were not 2xx.
// Usage: node alert-intake-load.mjs '<json job>'   job: { url, token?, shape: 'v2'|'webhook', requests,
//   perRequest, inFlight, seed }
import { Agent, request } from 'node:http';

const job = JSON.parse(process.argv[2] ?? '{}');
const STARTS_AT = '2026-12-01T00:00:00Z';
const SERVICES = 5;
const GROUPS = 50;

/** A small deterministic PRNG (mulberry32): every run sends the same alerts. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Alert n belongs to the group of the request that first sent it; a request carries one group (as
// Alertmanager's webhook does), so its repeats are earlier alerts of that group, sent exactly as before.
const groupOf = [];

function labelsOf(n) {
  return {
    alertname: `Bench${groupOf[n]}`,
    instance: `host-${n}.${job.seed}`,
    service: `svc-${n % SERVICES}`,
    severity: 'warning',
  };
}

const annotationsOf = (n) => ({ summary: `bench alert ${n}`, description: `host ${n} is slow` });

/** Request i (group i % GROUPS): `half` new alerts, then repeats drawn from that group's alerts so far. */
function alertNumbers(i, random, sent) {
  const half = job.perRequest / 2;
  const group = i % GROUPS;
  const fresh = Array.from({ length: half }, (_, k) => i * half + k);
  for (const n of fresh) groupOf[n] = group;
  sent[group] ??= [];
  const seen = sent[group];
  seen.push(...fresh);
  const repeats = Array.from(
    { length: job.perRequest - half },
    () => seen[Math.floor(random() * seen.length)],
  );
  return [...fresh, ...repeats];
}

function v2Body(numbers) {
  return numbers.map((n) => ({
    labels: labelsOf(n),
    annotations: annotationsOf(n),
    startsAt: STARTS_AT,
    generatorURL: 'http://prometheus/graph',
  }));
}

function webhookBody(i, numbers) {
  return {
    version: '4',
    groupKey: `{}:{alertname="Bench${i % GROUPS}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'nines',
    groupLabels: { alertname: `Bench${i % GROUPS}` },
    commonLabels: { severity: 'warning' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: numbers.map((n) => ({
      status: 'firing',
      labels: labelsOf(n),
      annotations: annotationsOf(n),
      startsAt: STARTS_AT,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus/graph',
      fingerprint: `${job.seed}-${n.toString(16).padStart(12, '0')}`,
    })),
  };
}

const random = rng(job.seed);
const sent = [];
const bodies = Array.from({ length: job.requests }, (_, i) => {
  const numbers = alertNumbers(i, random, sent);
  return Buffer.from(JSON.stringify(job.shape === 'v2' ? v2Body(numbers) : webhookBody(i, numbers)));
});

const agent = new Agent({ keepAlive: true, maxSockets: job.inFlight });
const target = new URL(job.url);
const headers = { 'content-type': 'application/json' };
if (job.token) headers.authorization = `Bearer ${job.token}`;

function send(body) {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
const failures = [];
const started = performance.now();
async function client() {
  for (let i = next++; i < bodies.length; i = next++) {
    const { status, text } = await send(bodies[i]);
    if (status < 200 || status > 299) failures.push(`${status}: ${text.slice(0, 300)}`);
  }
}
await Promise.all(Array.from({ length: job.inFlight }, client));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
process.stdout.write(
  `${JSON.stringify({ alerts: job.requests * job.perRequest, seconds, failed: failures.length, firstFailure: failures[0] })}\n`,
);

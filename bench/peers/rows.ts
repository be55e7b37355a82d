import { mean, spread } from '../stats.ts';
import { type OutageFigures, type Pipeline, PUSH_INTERVAL_MS, ROUND_OFFSET_MS } from './outage.ts';
import { type SteadyFigures, steadyCosts } from './steady.ts';

// The steady and outage comparisons as docs/performance.md rows and sections (run.ts writes the file).

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
/** CPU-seconds per second, three significant digits (they span 0.0001 to 1). */
const cps = (value: number) => value.toPrecision(3);
const hours = (ms: number) => `${Number((ms / 3_600_000).toFixed(2))} h`;
const ratio = (value: number, rulesCost: number) =>
  rulesCost > 0 ? value.toFixed(3) : 'n/a (rules cost within noise)';

/** One-line summary for the console. */
export function steadyLine(f: SteadyFigures): string {
  const c = steadyCosts(f);
  return (
    `steady N=${f.slos}: rules ${cps(c.rules)} CPU-s/s; polled ${cps(c.polled)} (Nines ${cps(f.cpu.ninesPolled)}; ` +
    `ratio ${ratio(c.polledRatio, c.rules)}, target ≤ 0.05); remote-write ${cps(c.remoteWrite)} (Nines ` +
    `${cps(f.cpu.ninesRw)}; ratio ${ratio(c.remoteWriteRatio, c.rules)}, target ≤ 0.02; remote_write to a 204 ` +
    `sink alone ${cps(c.remoteWriteFloor)}, ratio ${ratio(c.remoteWriteFloorRatio, c.rules)}); ` +
    `Nines RSS polled ${mb(f.rssBytes.ninesPolled)}, remote-write ${mb(f.rssBytes.ninesRw)}`
  );
}

/** The summary table's rows for one N. */
export function steadyRows(f: SteadyFigures): string[] {
  const c = steadyCosts(f);
  const peer = `Prometheus evaluating the exported rules every 30 s: ${cps(c.rules)} CPU-s/s above scraping`;
  const notSteady =
    f.ready.polled < f.slos || f.ready.remoteWrite < f.slos
      ? ` (not steady: data for ${f.ready.polled} polled, ${f.ready.remoteWrite} remote-write of ${f.slos})`
      : '';
  const rssTarget = f.slos === 1000 ? ' (target ≤ 150 MB)' : '';
  return [
    `| steady CPU, ${f.slos} SLOs, Nines polling Prometheus (${hours(f.historyMs)} of history) | ${peer} | ` +
      `${cps(c.polled)} CPU-s/s (Nines ${cps(f.cpu.ninesPolled)} + Prometheus ${cps(f.cpu.promPolled - f.cpu.promScrape)})${notSteady} | ` +
      `${ratio(c.polledRatio, c.rules)} (target ≤ 0.05) |`,
    `| steady CPU, ${f.slos} SLOs, Nines fed by remote-write | same | ` +
      `${cps(c.remoteWrite)} CPU-s/s (Nines ${cps(f.cpu.ninesRw)} + Prometheus ${cps(f.cpu.promRw - f.cpu.promScrape)}) | ` +
      `${ratio(c.remoteWriteRatio, c.rules)} (target ≤ 0.02) |`,
    `| remote_write's own cost, ${f.slos} SLOs: Prometheus remote-writing to a receiver that only answers 204 | same | ` +
      `${cps(c.remoteWriteFloor)} CPU-s/s above scraping | ${ratio(c.remoteWriteFloorRatio, c.rules)} (no receiver does better) |`,
    `| memory, ${f.slos} SLOs | Prometheus ${mb(f.rssBytes.promScrape)} scraping, ${mb(f.rssBytes.promRules)} with the rules | ` +
      `Nines polling ${mb(f.rssBytes.ninesPolled)}, fed by remote-write ${mb(f.rssBytes.ninesRw)}${rssTarget} | — |`,
  ];
}

/** Every process of every N, as measured. */
export function steadySection(all: SteadyFigures[]): string {
  const rows = all.map((f) => {
    const cell = (role: keyof SteadyFigures['cpu']) => `${cps(f.cpu[role])} / ${mb(f.rssBytes[role])}`;
    const ready = `${f.readySeconds.polled?.toFixed(0) ?? `— (${f.ready.polled})`} / ${f.readySeconds.remoteWrite?.toFixed(0) ?? `— (${f.ready.remoteWrite})`}`;
    return (
      `| ${f.slos} | ${hours(f.historyMs)} | ${f.windowMs / 1000} s | ${cell('promScrape')} | ${cell('promRules')} | ` +
      `${cell('promPolled')} | ${cell('promRw')} | ${cell('promRwSink')} | ${cell('ninesPolled')} | ${cell('ninesRw')} | ${ready} | ` +
      `${f.rules.count} rules, ${f.rules.lastEvaluationSeconds.toFixed(2)} s a cycle${f.rules.errors ? `, ${f.rules.errors} failing` : ''} |`
    );
  });
  return `## Steady CPU and RSS: how it was measured

Same run, same data: one synthetic fleet process (bench/peers/fleet.ts) serves \`http_requests_total{service,code}\`
for N services (10 req/s each, 0.05 % errors) and five Prometheus servers scrape it every 15 s at the same
time, each from a copy of the same backfilled history (\`promtool tsdb create-blocks-from openmetrics\`, the
fleet's counters from the history's start, one sample every 15 s): one only scrapes (the baseline), one
evaluates the rules \`nines rules prometheus\` exports for the N SLOs every 30 s, one is polled by a Nines,
one remote-writes to a second Nines (\`remoteWrite: true\`), one remote-writes to a receiver in the bench
process that reads each request and answers 204 (the floor: what remote_write costs Prometheus whoever
receives). Both remote-writing Prometheus servers send no metadata (\`metadata_config: {send: false}\`, as
docs/config-reference.md advises). Each SLO is 99.9 %/30 d with
\`sum(rate(http_requests_total{service="svc-i",code="500"}[{{.window}}]))\` over the same without \`code\`.
Both Nines run \`nines serve\` on the embedded database. The window starts after both Nines had data for
every SLO (the polled one backfills what Prometheus holds first) and a 60-s warm-up (a backfill's garbage is
still being collected for a minute or more after it); CPU-seconds come from
/proc/PID/stat at the window's ends, RSS is the largest /proc/PID/status VmRSS read every 5 s. The eight
processes share the machine's CPUs: CPU-seconds count only work done, but a busy machine runs
everyone's timers late, so figures move from run to run. Costs: rules = Prometheus with rules − scraping only; polled = Nines + (Prometheus polled −
scraping only); remote-write = Nines + (Prometheus remote-writing − scraping only). Prometheus' CPU
varies run to run by more than a polled Nines adds to it at small N, so those differences can be
negative.

History: 72 h of 15 s history at 200 SLOs, as in the issue's original comparison; 24 h at 1,000 and 3 h
at 10,000 to keep \`npm run bench:peers\` under 20 minutes (column "history"; \`NINES_BENCH_HISTORY_HOURS\`
sets it). With less history Prometheus' rules over the 1 d and 3 d windows read fewer samples, so at 1,000
and 10,000 the rules' cost here is, if anything, lower than in production; the polled
Nines' backfill (before the window) is shorter too. The remote-write-fed Nines gets no history: remote_write
sends only what Prometheus scrapes after it starts.

| N | history | window | Prometheus scraping only (CPU-s/s / RSS) | + rules | polled by Nines | remote-writing | remote-writing to a 204 sink | Nines polling | Nines fed by remote-write | data for every SLO, s after all started (polled / remote-write) | rules |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

const labels: Record<Pipeline, string> = {
  prometheus: 'Prometheus + rules + Alertmanager',
  polled: 'Nines polling Prometheus',
  remoteWrite: 'Nines fed by remote-write',
  push: 'Nines fed by pushes',
};

const secondsOf = (f: OutageFigures, pipeline: Pipeline) =>
  f.rounds.map((r) => r.seconds[pipeline]).filter((s): s is number => s !== undefined);

const range = (values: number[]) => (values.length === 0 ? 'no page' : `${spread(values, 1)} s`);

/** The summary table's outage rows. */
export function outageRows(f: OutageFigures): string[] {
  const peer = secondsOf(f, 'prometheus');
  const polled = secondsOf(f, 'polled');
  const polledRatio = peer.length && polled.length ? (mean(polled) / mean(peer)).toFixed(2) : 'n/a';
  const peerCell = `${labels.prometheus}: ${range(peer)}`;
  return [
    `| full outage → first page, Prometheus-fed (99.9 %/30 d, 100 req/s, ${hours(f.historyMs)} of healthy history) | ${peerCell} | ${range(polled)} | ${polledRatio} (target ≤ 0.5) |`,
    `| full outage → first page, fed by remote-write | same | ${range(secondsOf(f, 'remoteWrite'))} | target ≤ 15 s |`,
    `| full outage → first page, fed by pushes (every ${PUSH_INTERVAL_MS / 1000} s) | same | ${range(secondsOf(f, 'push'))} | target ≤ 15 s |`,
  ];
}

export function outageSection(f: OutageFigures): string {
  const rows = f.rounds.map(
    (r, i) =>
      `| ${i + 1} | ${(['prometheus', 'polled', 'remoteWrite', 'push'] as const).map((p) => r.seconds[p]?.toFixed(1) ?? 'no page').join(' | ')} |`,
  );
  return `## Outage → first page: how it was measured

One fleet service at 100 req/s, healthy for ${hours(f.historyMs)} of backfilled history and then live, turns
every request into a 500 at a known instant (the fleet process switches and answers with the instant). Four
pipelines watch it at the same time, each ending at a webhook receiver in the bench that records the first
arrival: (1) Prometheus scraping every 15 s, evaluating the rules \`nines rules prometheus\` exports every
30 s, sending to Alertmanager (group_wait 30 s, group_interval 5 m: the defaults; grouped by alert name and
service; no cluster); (2) Nines polling that Prometheus; (3) Nines fed by that Prometheus' remote_write;
(4) Nines fed by a client pushing its counts to \`POST /api/v1/sli-events\` every ${PUSH_INTERVAL_MS / 1000} s
(the push history is one event per minute). One Nines process holds (2)–(4) as three SLOs, each paging a
Person's webhook through a schedule and an escalation policy. Each outage takes a fresh service, so
nothing a round left open (a page, an Alertmanager group) changes another; outages start
${ROUND_OFFSET_MS / 1000} s apart, so they overlap and fall at different phases of the scrape, evaluation
and tick cycles. Seconds from the outage's start to the first page:

| outage | ${labels.prometheus} | ${labels.polled} | ${labels.remoteWrite} | ${labels.push} |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

import { readFileSync } from 'node:fs';

// `node --import tsx bench/profile-window.ts FILE.cpuprofile SECONDS [SKIP_END_SECONDS]`: where a
// process' main thread spent the last SECONDS of a `node --cpu-prof` profile (ending SKIP_END_SECONDS
// before it stopped), self and total time per function. A bench server's profile (NINES_BENCH_CPU_PROF)
// covers its backfill too; its steady window is the end. Profile with `--cpu-prof-interval=1000` or more
// (NINES_BENCH_NODE_ARGS): at the default the profiler's own thread costs more than a steady Nines does.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, lastText, skipText = '0'] = process.argv.slice(2);
if (!file || !lastText) {
  process.stderr.write('usage: profile-window.ts FILE.cpuprofile SECONDS [SKIP_END_SECONDS]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const name = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
};
const endUs = profile.endTime - Number(skipText) * 1e6;
const startUs = endUs - Number(lastText) * 1e6;
const self = new Map<string, number>();
const total = new Map<string, number>();
let inWindow = 0;
let atUs = profile.startTime;
profile.samples.forEach((id, i) => {
  atUs += profile.timeDeltas[i] ?? 0;
  if (atUs < startUs || atUs > endUs) return;
  inWindow++;
  const leaf = byId.get(id);
  if (!leaf) return;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const node = byId.get(at);
    if (!node || seen.has(name(node))) continue;
    seen.add(name(node));
    total.set(name(node), (total.get(name(node)) ?? 0) + 1);
  }
});
const intervalMs = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
const top = (counts: Map<string, number>, count: number) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, n]) => `${((n * 100) / inWindow).toFixed(1).padStart(5)} %  ${key}`)
    .join('\n');
process.stdout.write(
  `${inWindow} samples, about ${((inWindow * intervalMs) / 1000).toFixed(1)} s at ${intervalMs.toFixed(2)} ms\n` +
    `--- self\n${top(self, 30)}\n--- total\n${top(total, 60)}\n`,
);

import { detailText } from './event-text.ts';
import { duration, num } from './format.ts';

/** Words for a deploy's history and figures (the deploy pages). Pure: tested in deploy-text.test.ts. */

type Details = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const numeric = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** "rolled_back" → "rolled back". */
export function words(value: string): string {
  return value.replaceAll('_', ' ');
}

/** One sentence per kind a deploy's history holds; a kind it does not know reads generically. */
const sentences: Record<string, (d: Details, actor: string) => string> = {
  started: (d, actor) =>
    `Started by ${actor}: ${str(d.version) ?? 'a version'} to ${str(d.environment) ?? 'an environment'}` +
    `${str(d.strategy) ? ` (${str(d.strategy)})` : ''}.`,
  finished: (d, actor) => `Finished by ${actor}: ${words(str(d.outcome) ?? 'ended')}.`,
  'analysis.started': (d, actor) => `${analysis(d)} started by ${actor}.`,
  'analysis.interval': (d) =>
    `${analysis(d)}, interval ${numeric(d.index) ?? '?'}: ${str(d.verdict) ?? 'judged'}` +
    `${numeric(d.score) === undefined ? '' : `, score ${num(numeric(d.score))}`}.`,
  'analysis.finished': (d) =>
    `${analysis(d)} finished: ${str(d.status) ?? 'ended'}` +
    `${numeric(d.score) === undefined ? '' : `, score ${num(numeric(d.score))}`}` +
    `${str(d.reason) ? ` (${str(d.reason)})` : ''}.`,
};

function analysis(d: Details): string {
  const id = numeric(d.analysisId);
  return id === undefined ? 'Canary analysis' : `Canary analysis ${id}`;
}

/** Rollout kinds (`rollout.*`) by their last word, so a new step kind still reads well. */
function rolloutSentence(kind: string, d: Details, actor: string): string {
  const what = words(kind.slice('rollout.'.length).replaceAll('.', ' '));
  const step = numeric(d.step) ?? numeric(d.index);
  const weight = numeric(d.weight);
  const parts = [
    `Rollout ${what}`,
    step === undefined ? '' : ` at step ${step}`,
    weight === undefined ? '' : ` (${num(weight)} % of traffic)`,
    ` by ${actor}`,
  ];
  const rest = detailText(
    Object.fromEntries(Object.entries(d).filter(([k]) => !['step', 'index', 'weight'].includes(k))),
  );
  return `${parts.join('')}${rest ? `: ${rest}` : ''}.`;
}

/** The sentence for one entry of a deploy's history. */
export function deployEventSentence(event: { kind: string; actor: string; details: Details }): string {
  const known = sentences[event.kind];
  if (known) return known(event.details, event.actor);
  if (event.kind.startsWith('rollout.')) return rolloutSentence(event.kind, event.details, event.actor);
  const facts = detailText(event.details);
  return `${words(event.kind)} by ${event.actor}${facts ? ` (${facts})` : ''}.`;
}

/** How long a deploy ran: finished − started, or "running for …" up to `nowMs`. */
export function deployDuration(startedAt: string, finishedAt: string | null, nowMs: number): string {
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return '—';
  if (finishedAt === null) return `running for ${duration(Math.max(0, (nowMs - start) / 1000))}`;
  const end = Date.parse(finishedAt);
  return Number.isNaN(end) ? '—' : duration(Math.max(0, (end - start) / 1000));
}

/** The state a deploy is in, as a status word: its outcome, or running. */
export function deployState(outcome: string | null): string {
  return outcome ?? 'running';
}

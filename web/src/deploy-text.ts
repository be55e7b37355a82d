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

const weightText = (d: Details) => (numeric(d.weight) === undefined ? '' : ` (${num(numeric(d.weight))} %)`);
const reasonText = (d: Details) => (str(d.reason) ? `: ${str(d.reason)}` : '');

/** The rollout kinds the rollouts module writes; other `rollout.*` kinds read by their words. */
const rolloutSentences: Record<string, (d: Details, actor: string) => string> = {
  'rollout.started': (d, actor) => {
    const id = numeric(d.rolloutId);
    return (
      `Rollout${id === undefined ? '' : ` ${id}`} of plan ${str(d.plan) ?? '?'} started by ${actor}` +
      `${str(d.change) ? ` for a ${str(d.change)} change` : ''}${str(d.gate) ? `; the gate said ${str(d.gate)}` : ''}.`
    );
  },
  'rollout.step': (d) => `Rollout step ${numeric(d.step) ?? '?'}: traffic to ${num(numeric(d.weight))} %.`,
  'rollout.action': (d) => {
    const attempt = numeric(d.attempt);
    const head = `Action ${str(d.action) ?? '?'} at step ${numeric(d.step) ?? '?'}${attempt && attempt > 1 ? ` (attempt ${attempt})` : ''}`;
    if (d.result === 'failed')
      return `${head} failed${str(d.error) ? `: ${str(d.error)}` : ''}${d.final ? ' (no retry left)' : ''}.`;
    if (d.result === 'succeeded') return `${head} succeeded${str(d.detail) ? `: ${str(d.detail)}` : ''}.`;
    return `${head} sent.`;
  },
  'rollout.judged': (d) =>
    `Step ${numeric(d.step) ?? '?'}${weightText(d)} judged ${str(d.status) ?? '?'}` +
    `${numeric(d.analysisId) === undefined ? '' : ` by canary analysis ${numeric(d.analysisId)}`}${reasonText(d)}.`,
  'rollout.rollback': (d) =>
    `Rolling back from step ${numeric(d.step) ?? '?'}${str(d.cause) ? ` (${str(d.cause)} failed)` : ''}${reasonText(d)}.`,
  'rollout.aborted': (d, actor) =>
    `Rollout aborted by ${str(d.by) ?? actor} at step ${numeric(d.step) ?? '?'}${reasonText(d)}.`,
  'rollout.succeeded': (d) => `Rollout succeeded${reasonText(d)}.`,
  'rollout.rolled_back': (d) => `Rollout rolled back${reasonText(d)}.`,
  'rollout.failed': (d) => `Rollout failed${reasonText(d)}.`,
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
  const known = sentences[event.kind] ?? rolloutSentences[event.kind];
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

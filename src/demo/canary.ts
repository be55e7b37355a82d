import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { utcClockTime } from '../core/time-format.ts';
import { type Every, every } from './fleet.ts';
import type { PushTarget } from './push.ts';
import { createRng, type Rng } from './rng.ts';

/** How one version behaves, per pod and per report: its error ratio and its p99 latency. */
export interface VariantProfile {
  errorRatio: number;
  latencyP99Ms: number;
}

/**
 * Payment 2.4.0, the demo's bad canary: a retry loop on card declines makes 13× the baseline's errors
 * and a slower p99. The judge sees it at its first interval: with 4 pods a side reporting every 5 s, the
 * 20-second interval holds 16 values a side, every canary value above every baseline one (the ±30 %
 * noise cannot bridge 0.0003 to 0.004), so the rank-sum interval of the difference excludes 0 and the
 * critical `errors` metric fails the run.
 */
export const paymentCanary = {
  service: 'payment',
  version: '2.4.0',
  plan: 'payment-progressive',
  baseline: { errorRatio: 0.0003, latencyP99Ms: 180 } satisfies VariantProfile,
  canary: { errorRatio: 0.004, latencyP99Ms: 260 } satisfies VariantProfile,
  pods: 4,
};

export interface CanarySample {
  metric: 'errors' | 'latency-p99';
  variant: 'control' | 'experiment';
  at: string;
  value: number;
}

/** One report of every pod of both variants at `atMs`: errors ±30 %, latency ±10 % around the profile. */
export function canaryReport(input: {
  baseline: VariantProfile;
  canary: VariantProfile;
  pods: number;
  atMs: number;
  rng: Rng;
}): CanarySample[] {
  const at = new Date(input.atMs).toISOString();
  const samples: CanarySample[] = [];
  const around = (value: number, spread: number) => value * (1 + spread * (2 * input.rng() - 1));
  for (const [variant, profile] of [
    ['control', input.baseline],
    ['experiment', input.canary],
  ] as const) {
    for (let pod = 0; pod < input.pods; pod++) {
      samples.push({ metric: 'errors', variant, at, value: around(profile.errorRatio, 0.3) });
      samples.push({ metric: 'latency-p99', variant, at, value: around(profile.latencyP99Ms, 0.1) });
    }
  }
  return samples;
}

interface ApiAnalysis {
  id: number;
  status: string;
  reason: string | null;
  score: number | null;
}

interface ApiDeploy {
  id: number;
  outcome: string | null;
  rollout: { id: number; status: string; failure: string | null } | null;
}

export interface CanaryOptions extends PushTarget {
  clock: Clock;
  /** When the pipeline starts the canary deploy. */
  startMs: number;
  say: (line: string) => void;
  log: Logger;
  /** @default 5_000: how often the pods report */
  reportMs?: number;
  /** @default 7 */
  seed?: number;
  every?: Every;
}

/**
 * The demo's release pipeline: at `startMs` it deploys payment 2.4.0 through the `payment-progressive`
 * rollout plan (the gate is asked first), then plays the pods, reporting both versions' metrics to the
 * running step's canary analysis until the rollout ends. The judge rejects the canary, Nines calls the
 * plan's rollback (the traffic router is the demo's sink) and the deploy ends `rolled_back`: a deploy
 * event and a timeline entry, no page.
 */
export function startCanary(options: CanaryOptions): { stop(): Promise<void> } {
  const rng = createRng(options.seed ?? 7);
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await (options.fetch ?? fetch)(`${options.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const at = () => utcClockTime(options.clock.now());
  let deployId: number | undefined;
  let done = false;
  const told = new Set<number>();

  const step = async () => {
    if (done || options.clock.now() < options.startMs) return;
    try {
      if (deployId === undefined) {
        const nowMs = options.clock.now();
        const deploy = await api<ApiDeploy>('POST', '/api/v1/deploys', {
          service: paymentCanary.service,
          version: paymentCanary.version,
          environment: 'production',
          strategy: 'canary',
          actor: 'release-pipeline',
          commits: [{ sha: 'c0ffee2', time: new Date(nowMs - 26 * 3_600_000).toISOString() }],
          rolloutPlan: paymentCanary.plan,
        });
        deployId = deploy.id;
        options.say(
          `${at()}  release pipeline: ${paymentCanary.service} ${paymentCanary.version} deploy #${deploy.id} started through rollout plan ${paymentCanary.plan} (the gate let it through); ${options.baseUrl}/deploys/${deploy.id}`,
        );
        return;
      }
      const { data: analyses } = await api<{ data: ApiAnalysis[] }>(
        'GET',
        `/api/v1/canary/analyses?deploy=${deployId}`,
      );
      for (const analysis of analyses) {
        if (analysis.status === 'running') {
          const samples = canaryReport({ ...paymentCanary, atMs: options.clock.now(), rng });
          await api('POST', `/api/v1/canary/analyses/${analysis.id}/samples`, { samples });
        } else if (!told.has(analysis.id)) {
          told.add(analysis.id);
          options.say(
            `${at()}  canary analysis #${analysis.id}: ${analysis.status.toUpperCase()} (score ${analysis.score ?? '-'}) — ${analysis.reason ?? 'no reason given'}`,
          );
        }
      }
      const deploy = await api<ApiDeploy>('GET', `/api/v1/deploys/${deployId}`);
      if (deploy.outcome !== null) {
        done = true;
        options.say(
          `${at()}  deploy #${deployId} ended ${deploy.outcome}${deploy.rollout ? ` (rollout #${deploy.rollout.id} ${deploy.rollout.status})` : ''}: no page for anyone, its timeline says why; ${options.baseUrl}/deploys/${deployId}`,
        );
      }
    } catch (error) {
      options.log.warn({ err: error }, 'demo canary step failed');
    }
  };
  return { stop: (options.every ?? every)(options.reportMs ?? 5_000, step) };
}

// Deploy safety: the progressive rollout plans Nines drives.

import type { Severity } from './alerting.ts';
import type { Origin, SecretRef, SourceLocation } from './common.ts';

/** How an action is performed: an HTTP call or a command from the allow-listed directory. */
export type RolloutActionTarget =
  | {
      kind: 'http';
      /** Templated; placeholders are URL-encoded. */
      url: string;
      method: 'POST' | 'PUT' | 'PATCH' | 'GET' | 'DELETE';
      headers: Record<string, string | SecretRef>;
      /** Templated; JSON-escaped when it is JSON. */
      body?: string;
    }
  | {
      kind: 'command';
      /** File name in NINES_ROLLOUT_COMMANDS_DIR, then templated arguments; run without a shell. */
      command: string[];
    };

/** One action of a plan, with its timeout and how often a failure is retried. */
export type RolloutAction = RolloutActionTarget & { timeoutMs: number; retries: number };

export interface RolloutStepSpec {
  /** Percent of traffic on the new version. */
  weight: number;
  /** How long it bakes; null: the service's tier default (30 min tier 1, 10 min others). */
  bakeMs: number | null;
}

/** Steps of traffic weight a deploy goes through, each judged by a canary analysis. */
export interface RolloutPlan {
  name: string;
  /** Services that may use it; empty: any. */
  services: string[];
  steps: RolloutStepSpec[];
  /** The analysis request each step bakes under (without service, deployId, bakeTime). */
  analysis: Record<string, unknown>;
  actions: { setWeight: RolloutAction; rollback: RolloutAction; promote?: RolloutAction };
  /** Severity of the page a failed rollout opens; none: no page. */
  onFailure: { page: Severity | 'none' };
  origin: Origin;
  source: SourceLocation;
  /** Where `analysis` is written, for the problems found when it is checked against the catalog. */
  analysisSource: SourceLocation;
}

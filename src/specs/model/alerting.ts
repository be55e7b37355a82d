// Alert intake: severities, routes, silences and integrations.

import type { Origin, SecretRef, SourceLocation } from './common.ts';

/** P0–P2 page (response targets 5 / 15 / 30 min), P3 notifies the team channel, P4 is only recorded. */
export type Severity = 'P0' | 'P1' | 'P2' | 'P3' | 'P4';

export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Routes are tried in file order; the first whose matchers all hold decides (unless `continue`). */
export interface AlertRoute {
  name: string;
  matchers: LabelMatcher[];
  service?: string;
  severity?: Severity;
  escalationPolicy?: string;
  origin: Origin;
  source: SourceLocation;
}

/** Suppresses matching alerts (recorded, never lost) during [startMs, endMs): silences and maintenance. */
export interface Silence {
  name: string;
  matchers: LabelMatcher[];
  startMs: number;
  endMs: number;
  comment?: string;
  origin: Origin;
  source: SourceLocation;
}

/** An inbound alert source: its key (PagerDuty `routing_key`) and the labels it adds. */
export interface Integration {
  name: string;
  kind: 'pagerduty' | 'alertmanager';
  /** PagerDuty routing key (32 characters); required for kind pagerduty. */
  routingKey?: string | SecretRef;
  service?: string;
  labels: Record<string, string>;
  origin: Origin;
  source: SourceLocation;
}

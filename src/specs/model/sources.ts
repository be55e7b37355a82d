// Where SLI data comes from: Prometheus data sources and synthetic probes.

import type { Origin, SecretRef, SourceLocation } from './common.ts';

export interface PrometheusDataSource {
  name: string;
  kind: 'prometheus';
  url: string;
  headers: Record<string, string | SecretRef>;
  bearerToken?: SecretRef;
  timeoutMs: number;
  /** Resolution of the SLI buckets read from this source; also the `{{.window}}` of bucket queries. */
  stepMs: number;
  /** Its SLOs of the supported query shape are fed by `POST /api/v1/write` and not polled. */
  remoteWrite?: boolean;
  origin: Origin;
  source: SourceLocation;
}

export type DataSource = PrometheusDataSource;

export interface HttpCheck {
  kind: 'http';
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Accepted status codes; default [200..299] expanded by the loader. */
  expectStatus: number[];
  maxResponseMs?: number;
  bodyContains?: string;
  /** A JSONPath-like selector (`$.status`, `$.checks[0].ok`) and the value it must equal (as JSON). */
  jsonPath?: { path: string; equals: unknown };
  /** Fail when the TLS certificate expires in fewer days than this. */
  minCertDays?: number;
  /** Accept self-signed / untrusted certificates (certificate days are still checked). */
  insecureSkipVerify: boolean;
}

export interface TcpCheck {
  kind: 'tcp';
  host: string;
  port: number;
}

export interface DnsCheck {
  kind: 'dns';
  /** Name to resolve. */
  name: string;
  recordType: 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'MX' | 'NS' | 'SRV';
  /** `host:port` of the resolver to ask; the system resolver when absent. */
  server?: string;
  /** When set, at least one answer must equal one of these. */
  expect?: string[];
}

export type ProbeCheck = HttpCheck | TcpCheck | DnsCheck;

export interface Probe {
  name: string;
  /** Service the probe watches, if any (for display). */
  service?: string;
  intervalMs: number;
  timeoutMs: number;
  /** Extra attempts after a failure before the run counts as bad. */
  retries: number;
  check: ProbeCheck;
  origin: Origin;
  source: SourceLocation;
}

/**
 * The normalised model every config format is read into (our nines.dev/v1 kinds, OpenSLO v1,
 * Sloth prometheus/v1, Backstage). Everything downstream (engine, API, rules export) reads only this.
 * Durations are milliseconds, objectives are percents, times are epoch milliseconds.
 */

/** Where a definition came from, for `file:line:col` messages. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** A secret is never written in config: it names the environment variable that holds it. */
export interface SecretRef {
  env: string;
}

export interface Team {
  name: string;
  displayName?: string;
  description?: string;
  /** People on the team (free-form handles or e-mail addresses). */
  members: string[];
  /** The team's chat channel, e.g. `#payments`. */
  channel?: string;
  /** Where team-wide notifications go (chat webhook, e-mail list); used by escalation `team` targets and P3 alerts. */
  contacts: ContactMethod[];
  /** EscalationPolicy that pages for this team's services unless an AlertRoute says otherwise. */
  escalationPolicy?: string;
  origin: Origin;
  source: SourceLocation;
}

/** How to reach a person or a team. Secrets (webhook URLs with tokens, HMAC keys) are env references. */
export type ContactMethod =
  | { kind: 'email'; address: string }
  | { kind: 'slack'; webhookUrl: string | SecretRef }
  | { kind: 'webhook'; url: string; secret?: SecretRef };

/** Someone who can be on call. */
export interface Person {
  name: string;
  displayName?: string;
  /** IANA zone, for business hours in reports. */
  timeZone: string;
  contacts: ContactMethod[];
  origin: Origin;
  source: SourceLocation;
}

export type Lifecycle = 'experimental' | 'production' | 'deprecated';
export type Tier = 1 | 2 | 3 | 4;

export interface Link {
  title: string;
  url: string;
}

export interface Service {
  name: string;
  displayName?: string;
  description?: string;
  /** Owning team's name (required in nines.dev/v1; imported formats may lack one). */
  owner?: string;
  tier: Tier;
  lifecycle: Lifecycle;
  /** Names of services this one calls (edges of the dependency graph). */
  dependsOn: string[];
  runbook?: string;
  dashboard?: string;
  links: Link[];
  tags: string[];
  origin: Origin;
  source: SourceLocation;
}

export interface PrometheusDataSource {
  name: string;
  kind: 'prometheus';
  url: string;
  headers: Record<string, string | SecretRef>;
  bearerToken?: SecretRef;
  timeoutMs: number;
  /** Resolution of the SLI buckets read from this source; also the `{{.window}}` of bucket queries. */
  stepMs: number;
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

export type BudgetState = 'healthy' | 'caution' | 'warning' | 'critical' | 'exhausted';

export interface ErrorBudgetPolicy {
  name: string;
  /**
   * Percent of budget remaining at or below which each state begins. Defaults (seed 003 §11):
   * caution 50, warning 25, critical 10; exhausted is always <= 0.
   */
  thresholds: { caution: number; warning: number; critical: number };
  /** What each state implies, for people and for deploy gates. */
  actions: Partial<Record<BudgetState, { deploy: 'allow' | 'warn' | 'block'; description?: string }>>;
  origin: Origin;
  source: SourceLocation;
}

export type SloWindow =
  | { kind: 'rolling'; durationMs: number }
  | { kind: 'calendar'; unit: 'week' | 'month' | 'quarter'; timeZone: string };

export type Budgeting =
  | { method: 'occurrences' }
  /** A slice is good when its good/total ratio is at least `sliceTarget` (0..1); slices without data don't count. */
  | { method: 'timeslices'; sliceMs: number; sliceTarget: number };

export type Indicator =
  | {
      kind: 'prometheus';
      /** DataSource name. */
      source: string;
      /** Exactly one of errorQuery / goodQuery; each query contains `{{.window}}`. */
      errorQuery?: string;
      goodQuery?: string;
      totalQuery: string;
      /** Labels that split one spec into one SLO per label-value combination. */
      groupBy: string[];
    }
  | { kind: 'probe'; probe: string }
  | { kind: 'events' };

export type Exclusion =
  | { kind: 'once'; name?: string; startMs: number; endMs: number }
  /** Recurring by an RFC 5545 RRULE evaluated in `timeZone`, starting at `startMs`, each lasting `durationMs`. */
  | {
      kind: 'recurring';
      name?: string;
      rrule: string;
      startMs: number;
      durationMs: number;
      timeZone: string;
    };

/** One multi-window burn-rate condition: burn > burnRate over both windows. */
export interface BurnCondition {
  longWindowMs: number;
  shortWindowMs: number;
  /** Already scaled to the SLO window. */
  burnRate: number;
}

export interface AlertTier {
  enabled: boolean;
  conditions: BurnCondition[];
}

export interface SloAlerting {
  page: AlertTier;
  ticket: AlertTier;
  /** No alert fires while the long window holds fewer events than this. */
  minEvents: number;
  /** A no-data alert fires after the SLO has had no data (or its source failed) this long. */
  noDataAfterMs: number;
  /** Alert name used in exported Prometheus rules (Sloth's `alerting.name`); default ErrorBudgetBurn. */
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type Origin = 'nines' | 'openslo' | 'sloth' | 'backstage';

export interface Slo {
  name: string;
  service: string;
  description?: string;
  /** Percent, e.g. 99.9. */
  objective: number;
  window: SloWindow;
  budgeting: Budgeting;
  indicator: Indicator;
  exclusions: Exclusion[];
  alerting: SloAlerting;
  /** ErrorBudgetPolicy name, if any. */
  policy?: string;
  labels: Record<string, string>;
  origin: Origin;
  source: SourceLocation;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** A time-of-day window on some weekdays, in the layer's time zone; `end` <= `start` crosses midnight. */
export interface Restriction {
  days: Weekday[];
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
}

/** One rotation: participants take turns of a fixed length, handing off at a local time. */
export interface ScheduleLayer {
  name: string;
  /** Person names, in turn order. */
  participants: string[];
  /** Turn length: `hours` are absolute; `days`/`weeks` follow the local calendar (DST-proof handoffs). */
  turn: { every: number; unit: 'hours' | 'days' | 'weeks' };
  /** Start of the first turn, as local wall time `YYYY-MM-DDTHH:MM` in `timeZone` (the handoff time). */
  start: string;
  timeZone: string;
  /** When non-empty, the layer covers only these windows (e.g. business hours for follow-the-sun). */
  restrictions: Restriction[];
}

/**
 * Who is on call: the highest layer that has someone at an instant wins (later layers override
 * earlier ones, as in PagerDuty); stored overrides win over every layer.
 */
export interface Schedule {
  name: string;
  description?: string;
  layers: ScheduleLayer[];
  origin: Origin;
  source: SourceLocation;
}

export type EscalationTarget =
  | { kind: 'schedule'; name: string }
  | { kind: 'person'; name: string }
  | { kind: 'team'; name: string };

export interface EscalationLevel {
  targets: EscalationTarget[];
  /** Time to acknowledge before the next level is notified. */
  ackTimeoutMs: number;
}

export interface EscalationPolicy {
  name: string;
  levels: EscalationLevel[];
  /** How many more times the whole policy runs when the last level times out unacknowledged. */
  repeat: number;
  origin: Origin;
  source: SourceLocation;
}

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

/** Incident severity (seed 003 §04): impact and who is involved; alerts carry P0–P4 instead. */
export type IncidentSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** How often the communications lead owes a status update: reminded at `remindAfterMs`, late after `dueAfterMs`. */
export interface UpdateCadence {
  remindAfterMs: number;
  dueAfterMs: number;
}

/** When a postmortem is required (seed 003 §05); any one criterion suffices. */
export interface PostmortemCriteria {
  severities: IncidentSeverity[];
  /** An SLO of an affected service breached (budget remaining below zero) during the incident. */
  sloBreach: boolean;
  /** The incident consumed more than this percent of some SLO's error budget; null disables it. */
  budgetConsumedPercent: number | null;
  dataLoss: boolean;
}

/**
 * How incidents are run: which pages declare one, the status-update cadence per severity and when a
 * postmortem is required. At most one per installation; `defaultIncidentPolicy` applies without one.
 */
export interface IncidentPolicy {
  name: string;
  /** Page severity that declares an incident automatically, and the incident severity it gets. */
  autoDeclare: Partial<Record<Severity, IncidentSeverity>>;
  /** Severities without an entry owe no periodic update (only the resolution one). */
  updateCadence: Partial<Record<IncidentSeverity, UpdateCadence>>;
  postmortem: PostmortemCriteria;
  /** An action item counts as completed on time when done within this long of its creation (seed 000: 30 days). */
  actionItemTargetMs: number;
  origin: Origin;
  source: SourceLocation;
}

/** One line of the public status page: a service or a group of them, under a public name. */
export interface StatusComponent {
  /** Stable key used in the API and URLs (`[a-z0-9-]`). */
  name: string;
  /** What the public reads; never the internal service names unless the config says so. */
  displayName: string;
  description?: string;
  services: string[];
  /** Optional heading the component is listed under. */
  group?: string;
}

/** The public status page: what is shown, under which names. At most one per installation. */
export interface StatusPage {
  name: string;
  title: string;
  description?: string;
  components: StatusComponent[];
  origin: Origin;
  source: SourceLocation;
}

/** Everything a config directory defines, names unique per kind, references checked. */
export interface Model {
  teams: Team[];
  services: Service[];
  dataSources: DataSource[];
  probes: Probe[];
  policies: ErrorBudgetPolicy[];
  slos: Slo[];
  persons: Person[];
  schedules: Schedule[];
  escalationPolicies: EscalationPolicy[];
  alertRoutes: AlertRoute[];
  silences: Silence[];
  integrations: Integration[];
  incidentPolicies: IncidentPolicy[];
  statusPages: StatusPage[];
}

/** A model with nothing in it; tests and loaders start from here. */
export function emptyModel(): Model {
  return {
    teams: [],
    services: [],
    dataSources: [],
    probes: [],
    policies: [],
    slos: [],
    persons: [],
    schedules: [],
    escalationPolicies: [],
    alertRoutes: [],
    silences: [],
    integrations: [],
    incidentPolicies: [],
    statusPages: [],
  };
}

/** Seed 003's defaults: P0 pages declare a SEV1, P1 a SEV2; updates every 15–30 min for SEV1, 30–60 min for SEV2. */
export function defaultIncidentPolicy(): IncidentPolicy {
  return {
    name: 'default',
    autoDeclare: { P0: 'SEV1', P1: 'SEV2' },
    updateCadence: {
      SEV1: { remindAfterMs: 15 * 60_000, dueAfterMs: 30 * 60_000 },
      SEV2: { remindAfterMs: 30 * 60_000, dueAfterMs: 60 * 60_000 },
      SEV3: { remindAfterMs: 20 * 3_600_000, dueAfterMs: 24 * 3_600_000 },
    },
    postmortem: { severities: ['SEV1', 'SEV2'], sloBreach: true, budgetConsumedPercent: 30, dataLoss: true },
    actionItemTargetMs: 30 * 86_400_000,
    origin: 'nines',
    source: { file: '(default)', line: 0, col: 0 },
  };
}

/** The installation's incident policy: the configured one, or the defaults. */
export function incidentPolicyOf(model: Model): IncidentPolicy {
  return model.incidentPolicies[0] ?? defaultIncidentPolicy();
}

/**
 * SRE Workbook multi-window multi-burn-rate defaults for a 30-day window. Loaders scale `burnRate`
 * by windowMs / 30d (budget share), using nominal lengths for calendar windows: week 7d, month 30d,
 * quarter 90d. Explicitly configured burn rates are used as written.
 */
/** SRE Workbook multi-window multi-burn-rate defaults for a 30-day window. */
export const WORKBOOK_WINDOW_MS = 30 * 86_400_000;
export const defaultPageConditions: readonly BurnCondition[] = [
  { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
  { longWindowMs: 21_600_000, shortWindowMs: 1_800_000, burnRate: 6 },
];
export const defaultTicketConditions: readonly BurnCondition[] = [
  { longWindowMs: 86_400_000, shortWindowMs: 7_200_000, burnRate: 3 },
  { longWindowMs: 259_200_000, shortWindowMs: 21_600_000, burnRate: 1 },
];

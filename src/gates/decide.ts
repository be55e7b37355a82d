import {
  type BudgetState,
  type ChangeKind,
  defaultBlockExemptions,
  defaultDeployActions,
  type ErrorBudgetPolicy,
  type FreezeWindow,
  type Service,
} from '../specs/index.ts';

/**
 * The deploy gate's decision, pure: from the service's SLO states and the policy's deploy action for each,
 * open SEV1/SEV2 incidents on it or on what it depends on, freeze windows in force, its readiness
 * requirements, and admin overrides. Every reason names its source.
 */
export type Decision = 'allow' | 'warn' | 'block';

export interface GateReason {
  /** What caused it: `slo:<name>`, `incident:<id>`, `freeze:<name>`, `readiness:<requirement>`, `override:<id>`. */
  source: string;
  decision: Decision;
  message: string;
}

export interface GateSlo {
  name: string;
  status: BudgetState | 'no_data';
  /** Fraction of the budget left (1 = all of it); null without data. */
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  policy: ErrorBudgetPolicy | undefined;
}

export interface GateIncident {
  id: number;
  title: string;
  severity: string;
  services: string[];
}

export interface GateOverride {
  id: string;
  reason: string;
  createdBy: string;
  expiresMs: number;
  changes: ChangeKind[];
}

export interface GateInput {
  service: Service;
  change: ChangeKind;
  slos: GateSlo[];
  /** Open incidents of SEV1 or SEV2 on the service or a service it depends on (transitively). */
  incidents: GateIncident[];
  /** Freeze windows in force now that hold this service. */
  freezes: FreezeWindow[];
  /** Readiness requirements the service declares and fails, as reasons' messages by requirement. */
  readinessFailures: Array<{ requirement: string; message: string }>;
  /** Active overrides of this service's gate. */
  overrides: GateOverride[];
  /** Formats an instant for messages. */
  formatTime: (ms: number) => string;
}

export interface GateVerdict {
  ok: boolean;
  decision: Decision;
  /** The worst budget state of the service's SLOs; `no_data` when none has data; null without SLOs. */
  state: BudgetState | 'no_data' | null;
  reasons: GateReason[];
  /** The least budget left among its SLOs (fraction); null without data. */
  budgetRemaining: number | null;
  /** Burn rates of the SLO with the least budget left. */
  burnRates: Record<string, number | null>;
  /** The override that turned a block into an allow, if any. */
  overriddenBy: string | null;
}

const stateRank: Record<BudgetState, number> = {
  healthy: 0,
  caution: 1,
  warning: 2,
  critical: 3,
  exhausted: 4,
};
const decisionRank: Record<Decision, number> = { allow: 0, warn: 1, block: 2 };

function worse(a: Decision, b: Decision): Decision {
  return decisionRank[a] >= decisionRank[b] ? a : b;
}

function percent(fraction: number): string {
  return `${(Math.round(fraction * 1000) / 10).toString()} %`;
}

function sloReason(slo: GateSlo, change: ChangeKind): GateReason {
  const source = `slo:${slo.name}`;
  if (slo.status === 'no_data') {
    return {
      source,
      decision: 'allow',
      message: `SLO ${slo.name} has no data: its budget does not hold the deploy`,
    };
  }
  const action = slo.policy?.actions[slo.status];
  const deploy: Decision = action?.deploy ?? defaultDeployActions[slo.status];
  const policyName = slo.policy ? `policy ${slo.policy.name}` : 'the default policy';
  const budget = slo.budgetRemaining === null ? '' : ` (${percent(slo.budgetRemaining)} of its budget left)`;
  const head = `SLO ${slo.name} is ${slo.status}${budget}: ${policyName} says ${deploy}`;
  if (deploy === 'block' && (action?.allow ?? defaultBlockExemptions).includes(change)) {
    return {
      source,
      decision: 'warn',
      message: `${head} for feature changes; a ${change} change is let through`,
    };
  }
  return { source, decision: deploy, message: head };
}

/** The verdict for a change of kind `input.change` to `input.service` now. */
export function decideGate(input: GateInput): GateVerdict {
  const { change } = input;
  const reasons: GateReason[] = input.slos.map((slo) => sloReason(slo, change));
  const exempt = change !== 'feature';

  for (const incident of input.incidents) {
    const where = incident.services.includes(input.service.name)
      ? input.service.name
      : `${incident.services.join(', ')}, which ${input.service.name} depends on`;
    const head = `${incident.severity} incident ${incident.id} "${incident.title}" is open on ${where}`;
    reasons.push({
      source: `incident:${incident.id}`,
      decision: exempt ? 'warn' : 'block',
      message: exempt ? `${head}; a ${change} change is let through` : head,
    });
  }

  for (const freeze of input.freezes) {
    const head = `freeze ${freeze.name} is in force${freeze.reason ? `: ${freeze.reason}` : ''}`;
    const letThrough = freeze.allow.includes(change);
    reasons.push({
      source: `freeze:${freeze.name}`,
      decision: letThrough ? 'warn' : freeze.decision,
      message: letThrough ? `${head}; it lets ${change} changes through` : head,
    });
  }

  for (const failure of input.readinessFailures) {
    reasons.push({
      source: `readiness:${failure.requirement}`,
      decision: change === 'security' ? 'warn' : 'block',
      message: `${input.service.name} is not ready: ${failure.message}`,
    });
  }

  let decision: Decision = reasons.reduce<Decision>((acc, reason) => worse(acc, reason.decision), 'allow');
  let overriddenBy: string | null = null;
  const override = input.overrides.find((o) => o.changes.includes(change));
  if (override && decision !== 'allow') {
    overriddenBy = override.id;
    reasons.push({
      source: `override:${override.id}`,
      decision: 'allow',
      message: `overridden by ${override.createdBy} until ${input.formatTime(override.expiresMs)}: ${override.reason}`,
    });
    decision = 'allow';
  }

  const withData = input.slos.filter((slo) => slo.status !== 'no_data');
  let state: GateVerdict['state'] = null;
  if (input.slos.length > 0) {
    state = withData.length === 0 ? 'no_data' : 'healthy';
    for (const slo of withData) {
      if (stateRank[slo.status as BudgetState] > stateRank[state as BudgetState]) state = slo.status;
    }
  }
  let least: GateSlo | undefined;
  for (const slo of input.slos) {
    if (slo.budgetRemaining === null) continue;
    if (!least || slo.budgetRemaining < (least.budgetRemaining as number)) least = slo;
  }
  return {
    ok: decision !== 'block',
    decision,
    state,
    reasons,
    budgetRemaining: least?.budgetRemaining ?? null,
    burnRates: least?.burnRates ?? {},
    overriddenBy,
  };
}

/** The readiness requirements `service` declares and does not meet. */
export function readinessFailures(
  service: Service,
  hasSlo: boolean,
): Array<{ requirement: string; message: string }> {
  const readiness = service.readiness;
  if (!readiness) return [];
  const failures: Array<{ requirement: string; message: string }> = [];
  if (readiness.resilientCalls) {
    const missing = service.dependsOn.flatMap((dependency) => {
      const call = service.calls?.[dependency];
      const lacks = [
        call?.timeoutMs === undefined ? 'timeout' : null,
        call?.retries === undefined ? 'retries' : null,
        call?.circuitBreaker !== true ? 'circuit breaker' : null,
      ].filter((x): x is string => x !== null);
      return lacks.length === 0 ? [] : [`${dependency} (no ${lacks.join(', no ')})`];
    });
    if (missing.length > 0) {
      failures.push({
        requirement: 'resilientCalls',
        message: `calls to ${missing.join('; ')} are not guarded by a timeout, retries and a circuit breaker`,
      });
    }
  }
  if (readiness.runbook && !service.runbook) {
    failures.push({ requirement: 'runbook', message: 'it declares no runbook' });
  }
  if (readiness.slo && !hasSlo) {
    failures.push({ requirement: 'slo', message: 'no SLO covers it' });
  }
  return failures;
}

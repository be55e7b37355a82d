import { describe, expect, it } from 'vitest';
import type { BudgetState, ChangeKind, ErrorBudgetPolicy, FreezeWindow, Service } from '../specs/index.ts';
import { decideGate, type GateInput, type GateSlo, readinessFailures } from './decide.ts';

const service: Service = {
  name: 'payment',
  owner: 'payments',
  tier: 1,
  lifecycle: 'production',
  dependsOn: ['ledger'],
  links: [],
  tags: [],
  origin: 'nines',
  source: { file: 'x.yaml', line: 1, col: 1 },
};

const slo = (
  status: BudgetState | 'no_data',
  budgetRemaining: number | null,
  policy?: ErrorBudgetPolicy,
): GateSlo => ({
  name: `payment-${status}`,
  status,
  budgetRemaining,
  burnRates: { '1h': 2 },
  policy,
});

const input = (overrides: Partial<GateInput> = {}): GateInput => ({
  service,
  change: 'feature',
  slos: [],
  incidents: [],
  freezes: [],
  readinessFailures: [],
  overrides: [],
  formatTime: (ms) => new Date(ms).toISOString(),
  ...overrides,
});

describe('the deploy gate follows the policy table', () => {
  // Seed 003: healthy and caution deploy freely, warning warns, critical and exhausted block feature work
  // but let reliability fixes and security patches through.
  const table: Array<[BudgetState, ChangeKind, 'allow' | 'warn' | 'block']> = [
    ['healthy', 'feature', 'allow'],
    ['caution', 'feature', 'allow'],
    ['warning', 'feature', 'warn'],
    ['critical', 'feature', 'block'],
    ['exhausted', 'feature', 'block'],
    ['exhausted', 'reliability', 'warn'],
    ['exhausted', 'security', 'warn'],
    ['critical', 'reliability', 'warn'],
    ['warning', 'security', 'warn'],
    ['healthy', 'security', 'allow'],
  ];
  it.each(table)('%s budget, %s change → %s', (state, change, decision) => {
    const verdict = decideGate(input({ change, slos: [slo(state, 0.05)] }));
    expect(verdict.decision).toBe(decision);
    expect(verdict.ok).toBe(decision !== 'block');
    expect(verdict.state).toBe(state);
    expect(verdict.reasons[0]?.source).toBe(`slo:payment-${state}`);
  });

  it('names the SLO, its budget and the policy, and takes the worst SLO', () => {
    const verdict = decideGate(input({ slos: [slo('healthy', 0.9), slo('exhausted', -0.25)] }));
    expect(verdict).toMatchObject({
      ok: false,
      decision: 'block',
      state: 'exhausted',
      budgetRemaining: -0.25,
    });
    expect(verdict.reasons.map((r) => r.message)).toEqual([
      'SLO payment-healthy is healthy (90 % of its budget left): the default policy says allow',
      'SLO payment-exhausted is exhausted (-25 % of its budget left): the default policy says block',
    ]);
  });

  it('follows a policy that says otherwise (no exemptions, block on warning)', () => {
    const strict: ErrorBudgetPolicy = {
      name: 'strict',
      thresholds: { caution: 50, warning: 25, critical: 10 },
      actions: {
        warning: { deploy: 'block', allow: [] },
        exhausted: { deploy: 'block', allow: ['security'] },
      },
      origin: 'nines',
      source: { file: 'p.yaml', line: 1, col: 1 },
    };
    expect(decideGate(input({ slos: [slo('warning', 0.2, strict)] })).decision).toBe('block');
    expect(decideGate(input({ change: 'reliability', slos: [slo('warning', 0.2, strict)] })).decision).toBe(
      'block',
    );
    expect(decideGate(input({ change: 'reliability', slos: [slo('exhausted', 0, strict)] })).decision).toBe(
      'block',
    );
    expect(decideGate(input({ change: 'security', slos: [slo('exhausted', 0, strict)] })).decision).toBe(
      'warn',
    );
  });

  it('does not let an SLO without data hold a deploy, and says so', () => {
    const verdict = decideGate(input({ slos: [slo('no_data', null)] }));
    expect(verdict).toMatchObject({ ok: true, decision: 'allow', state: 'no_data', budgetRemaining: null });
    expect(verdict.reasons[0]?.message).toBe(
      'SLO payment-no_data has no data: its budget does not hold the deploy',
    );
    expect(decideGate(input()).state).toBeNull();
  });
});

describe('incidents, freezes, readiness and overrides', () => {
  const sev1 = { id: 12, title: 'ledger down', severity: 'SEV1', services: ['ledger'] };

  it('blocks feature changes during a SEV1/SEV2 on the service or a dependency, warns for fixes', () => {
    const blocked = decideGate(input({ slos: [slo('healthy', 0.9)], incidents: [sev1] }));
    expect(blocked.decision).toBe('block');
    expect(blocked.reasons[1]).toEqual({
      source: 'incident:12',
      decision: 'block',
      message: 'SEV1 incident 12 "ledger down" is open on ledger, which payment depends on',
    });
    expect(decideGate(input({ change: 'reliability', incidents: [sev1] })).decision).toBe('warn');
  });

  const freeze = (extra: Partial<FreezeWindow> = {}): FreezeWindow => ({
    name: 'year-end',
    reason: 'peak season',
    services: [],
    teams: [],
    windows: [],
    allow: ['security'],
    decision: 'block',
    origin: 'nines',
    source: { file: 'f.yaml', line: 1, col: 1 },
    ...extra,
  });

  it('holds changes in a freeze except the kinds it lets through', () => {
    const held = decideGate(input({ freezes: [freeze()] }));
    expect(held).toMatchObject({ ok: false, decision: 'block' });
    expect(held.reasons).toEqual([
      { source: 'freeze:year-end', decision: 'block', message: 'freeze year-end is in force: peak season' },
    ]);
    expect(decideGate(input({ change: 'security', freezes: [freeze()] })).decision).toBe('warn');
    expect(decideGate(input({ change: 'reliability', freezes: [freeze()] })).decision).toBe('block');
    expect(decideGate(input({ freezes: [freeze({ decision: 'warn' })] })).decision).toBe('warn');
  });

  it('blocks a service that fails its declared readiness requirements', () => {
    const careless: Service = {
      ...service,
      dependsOn: ['ledger', 'fraud'],
      calls: { ledger: { timeoutMs: 2000, retries: 2, circuitBreaker: true }, fraud: { timeoutMs: 500 } },
      readiness: { resilientCalls: true, runbook: true, slo: true },
    };
    const failures = readinessFailures(careless, false);
    expect(failures).toEqual([
      {
        requirement: 'resilientCalls',
        message:
          'calls to fraud (no retries, no circuit breaker) are not guarded by a timeout, retries and a circuit breaker',
      },
      { requirement: 'runbook', message: 'it declares no runbook' },
      { requirement: 'slo', message: 'no SLO covers it' },
    ]);
    expect(readinessFailures(service, false)).toEqual([]);
    const verdict = decideGate(input({ service: careless, readinessFailures: failures }));
    expect(verdict.decision).toBe('block');
    expect(verdict.reasons.map((r) => r.source)).toEqual([
      'readiness:resilientCalls',
      'readiness:runbook',
      'readiness:slo',
    ]);
  });

  it('lets an admin override turn a block into an allow, keeping every reason visible', () => {
    const override = {
      id: 'ov1',
      reason: 'hotfix for checkout outage',
      createdBy: 'ana',
      expiresMs: Date.parse('2026-12-06T12:00:00Z'),
      changes: ['feature', 'reliability', 'security'] as ChangeKind[],
    };
    const verdict = decideGate(
      input({ slos: [slo('exhausted', 0)], freezes: [freeze()], overrides: [override] }),
    );
    expect(verdict).toMatchObject({ ok: true, decision: 'allow', overriddenBy: 'ov1' });
    expect(verdict.reasons.map((r) => [r.source, r.decision])).toEqual([
      ['slo:payment-exhausted', 'block'],
      ['freeze:year-end', 'block'],
      ['override:ov1', 'allow'],
    ]);
    expect(verdict.reasons[2]?.message).toBe(
      'overridden by ana until 2026-12-06T12:00:00.000Z: hotfix for checkout outage',
    );
    // An override for other change kinds does not apply; one with nothing to override is not shown.
    expect(
      decideGate(input({ slos: [slo('exhausted', 0)], overrides: [{ ...override, changes: ['security'] }] }))
        .decision,
    ).toBe('block');
    expect(decideGate(input({ slos: [slo('healthy', 1)], overrides: [override] })).overriddenBy).toBeNull();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/auth/index.ts';
import { resolveRuntimeConfig } from '../../src/config/config.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { type NinesHandle, startNines } from '../../src/main.ts';
import { writeConfig } from '../../src/testing/nines-process.ts';
import { testEngines } from '../../src/testing/test-engines.ts';

// The whole respond-and-learn loop through the HTTP API of a real server, on each storage engine, with a
// fake clock: a burning SLO pages, the P1 page declares a SEV2, people take roles and post updates, the
// public status page shows it, the incident resolves, the drafted postmortem carries the error budget the
// incident consumed (hand-computed below), action items are tracked, and the reliability report adds up.

const MIN = 60_000;
const T0 = Date.parse('2026-11-20T12:00:00Z');

const catalog = `
apiVersion: nines.dev/v1
kind: Team
metadata: { name: payments }
spec:
  members: [alice, bob, carol]
  escalationPolicy: payments-policy
---
apiVersion: nines.dev/v1
kind: Person
metadata: { name: alice }
spec: { contacts: [{ webhook: { url: "http://127.0.0.1:9/alice" } }] }
---
apiVersion: nines.dev/v1
kind: Person
metadata: { name: bob }
spec: { contacts: [{ webhook: { url: "http://127.0.0.1:9/bob" } }] }
---
apiVersion: nines.dev/v1
kind: Person
metadata: { name: carol }
spec: { contacts: [{ webhook: { url: "http://127.0.0.1:9/carol" } }] }
---
apiVersion: nines.dev/v1
kind: EscalationPolicy
metadata: { name: payments-policy }
spec:
  levels:
    - targets: [{ person: alice }]
      ackTimeout: 5m
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: checkout }
spec: { owner: payments, tier: 2 }
---
apiVersion: nines.dev/v1
kind: Service
metadata: { name: storefront }
spec: { owner: payments, tier: 2, dependsOn: [checkout] }
---
apiVersion: nines.dev/v1
kind: SLO
metadata: { name: checkout-availability }
spec:
  service: checkout
  objective: 99
  window: 30d
  indicator: { events: {} }
---
apiVersion: nines.dev/v1
kind: StatusPage
metadata: { name: public }
spec:
  title: Acme Status
  components:
    - { name: checkout, displayName: Checkout, services: [checkout] }
    - { name: storefront, displayName: Storefront, services: [storefront] }
`;

/** Minute events of checkout-availability: `good` of 1,000 requests at each minute in [fromMs, toMs). */
function minutes(fromMs: number, toMs: number, good: number) {
  const events = [];
  for (let t = fromMs; t < toMs; t += MIN)
    events.push({ slo: 'checkout-availability', time: t, good, total: 1000 });
  return events;
}

const engines = await testEngines();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe.each(engines)('a full incident on $name', (engine) => {
  it('goes from page to postmortem, action items and reports', async () => {
    const storage = engine.name === 'postgres' ? await engine.open() : undefined;
    if (storage) cleanups.push(storage.dispose);
    const clock = new FakeClock(T0);
    const config = resolveRuntimeConfig(
      {},
      {
        configDir: writeConfig({ 'nines.yaml': catalog }),
        port: '0',
        host: '127.0.0.1',
        dataDir: 'memory://',
        databaseUrl: storage?.url,
      },
    );
    const nines: NinesHandle = await startNines({ config, clock, logger: silentLogger, jobs: false });
    cleanups.push(() => nines.close());
    const { token } = await createToken({ db: nines.ctx.db, clock, name: 'alice', scopes: ['write'] });
    const api = async <T>(method: string, path: string, body?: unknown, status = 200): Promise<T> => {
      const response = await fetch(`${nines.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(status);
      return (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
    };
    const statusPage = async () => (await fetch(`${nines.url}/status`)).text();

    // 1,970 good minutes, then 10 minutes where every request fails, up to T0.
    await api('POST', '/api/v1/sli-events', { events: minutes(T0 - 1980 * MIN, T0 - 10 * MIN, 1000) }, 202);
    await api('POST', '/api/v1/sli-events', { events: minutes(T0 - 10 * MIN, T0, 0) }, 202);
    // burn(5m) = 100 and burn(1h) = (10,000 / 60,000) / 1 % = 16.7, both over 14.4: the page fires.
    await nines.tick();

    const { incidents } = await api<{ incidents: Array<{ id: number }> }>('GET', '/api/v1/incidents');
    expect(incidents).toHaveLength(1);
    const base = `/api/v1/incidents/${incidents[0]?.id}`;
    const declared = await api<{
      title: string;
      severity: string;
      services: string[];
      blastRadius: string[];
      detectedAt: string;
      declaredBy: string;
      pages: Array<{ id: number; severity: string }>;
    }>('GET', base);
    expect(declared).toMatchObject({
      title: 'checkout-availability: burning its error budget',
      severity: 'SEV2',
      services: ['checkout'],
      blastRadius: ['storefront'],
      detectedAt: new Date(T0).toISOString(),
      declaredBy: 'nines:incident-policy',
    });
    expect(declared.pages.map((p) => p.severity)).toEqual(['P1']);

    // One minute later alice acknowledges and takes command; the impact began 10 minutes before detection.
    clock.advance(MIN);
    await api('POST', `/api/v1/pages/${declared.pages[0]?.id}/ack`);
    await api('POST', `${base}/roles`, { role: 'commander', person: 'alice' });
    await api('POST', `${base}/roles`, { role: 'communications', person: 'bob' });
    await api('POST', `${base}/roles`, { role: 'scribe', person: 'carol' });
    await api('PATCH', base, { startedAt: new Date(T0 - 10 * MIN).toISOString() });
    clock.advance(MIN);
    await api(
      'POST',
      `${base}/updates`,
      { message: 'Some payments fail at checkout. We are investigating.' },
      201,
    );
    await api('POST', `${base}/notes`, { text: 'alice: db pool exhausted on checkout-7f9c' }, 201);

    const open = await statusPage();
    expect(open).toMatch(
      /<h3 class="name">Checkout<\/h3><span class="state s-partial_outage">Partial outage</,
    );
    expect(open).toContain('Some payments fail at checkout. We are investigating.');
    for (const internal of ['alice', 'bob', 'checkout-availability', 'db pool', 'checkout-7f9c']) {
      expect(open).not.toContain(internal);
    }

    clock.advance(3 * MIN);
    await api(
      'POST',
      `${base}/updates`,
      { message: 'Cause found; a fix is rolling out.', status: 'identified' },
      201,
    );
    // Recovery: 20 good minutes from T0; the incident resolves at T0 + 20 min.
    clock.set(T0 + 20 * MIN);
    await api('POST', '/api/v1/sli-events', { events: minutes(T0, T0 + 20 * MIN, 1000) }, 202);
    await nines.tick();
    await api('POST', `${base}/updates`, { message: 'All clear.', status: 'resolved' }, 201);

    const after = await statusPage();
    expect(after).toMatch(/<h3 class="name">Checkout<\/h3><span class="state s-operational">Operational</);
    expect(after).toContain('All clear.');

    // The draft: SEV2, and the budget it consumed. Bad events in [T0 − 10 min, T0 + 20 min): 10 × 1,000 =
    // 10,000. The 30-day window ending at T0 + 20 min holds 1,970 + 10 + 20 minutes × 1,000 = 2,000,000
    // events; the budget is 1 % of them, 20,000: the incident consumed 10,000 / 20,000 = 50 %.
    const { postmortems } = await api<{ postmortems: Array<{ id: number; incidentId: number }> }>(
      'GET',
      '/api/v1/postmortems?service=checkout',
    );
    expect(postmortems.map((p) => p.incidentId)).toEqual([incidents[0]?.id]);
    const resolved = await api<{ status: string; postmortem: unknown }>('GET', base);
    expect(resolved).toMatchObject({
      status: 'resolved',
      postmortem: { id: postmortems[0]?.id, status: 'draft', required: true },
    });
    const postmortem = await api<{
      id: number;
      required: boolean;
      requiredReasons: string[];
      status: string;
      document: {
        impact: {
          errorBudget: Array<{
            slo: string;
            badEvents: number;
            windowTotalEvents: number;
            consumedPercent: number;
          }>;
        };
      };
    }>('GET', `/api/v1/postmortems/${postmortems[0]?.id}`);
    expect(postmortem).toMatchObject({ required: true, status: 'draft' });
    expect(postmortem.requiredReasons).toEqual(['severity:SEV2', 'budget:checkout-availability:50.0%']);
    expect(postmortem.document.impact.errorBudget).toEqual([
      expect.objectContaining({
        slo: 'checkout-availability',
        badEvents: 10_000,
        windowTotalEvents: 2_000_000,
        consumedPercent: 50,
      }),
    ]);
    const markdown = await api<string>('GET', `/api/v1/postmortems/${postmortem.id}?format=markdown`);
    expect(markdown).toContain('SEV2');
    expect(markdown).toContain('Some payments fail at checkout. We are investigating.');
    expect(markdown).toMatch(/\| # \| Action Item \| Owner \| Due Date \| Priority \| Status \|/);

    // Action items: one owner each, a person; one is done the same day.
    const pm = `/api/v1/postmortems/${postmortem.id}`;
    const first = await api<{ id: number; team: string }>(
      'POST',
      `${pm}/action-items`,
      { title: 'Alert on pool saturation', owner: 'alice', due: '2026-11-27', priority: 'P1' },
      201,
    );
    expect(first.team).toBe('payments');
    await api(
      'POST',
      `${pm}/action-items`,
      { title: 'Load-test exception paths', owner: 'bob', due: '2026-12-10', priority: 'P2' },
      201,
    );
    await api(
      'POST',
      `${pm}/action-items`,
      { title: 'x', owner: 'payments', due: '2026-12-10', priority: 'P2' },
      400,
    );
    clock.advance(MIN);
    await api('PATCH', `/api/v1/action-items/${first.id}`, { status: 'done' });

    // Reliability: MTTD = T0 − (T0 − 10 min) = 600 s; MTTA = ack at T0 + 1 min − T0 = 60 s;
    // MTTR = resolved at T0 + 20 min − detected at T0 = 1,200 s.
    const report = await api<{
      incidents: {
        total: number;
        bySeverity: Record<string, number>;
        mttdSeconds: number;
        mttaSeconds: number;
        mttrSeconds: number;
      };
      errorBudget: Array<{ slo: string; consumedPercent: number }>;
      postmortems: { required: number };
      actionItems: { total: number; done: number };
    }>(
      'GET',
      `/api/v1/reports/reliability?from=${new Date(T0 - 86_400_000).toISOString()}&to=${new Date(T0 + 86_400_000).toISOString()}`,
    );
    expect(report.incidents).toMatchObject({
      total: 1,
      bySeverity: { SEV1: 0, SEV2: 1, SEV3: 0, SEV4: 0 },
      mttdSeconds: 600,
      mttaSeconds: 60,
      mttrSeconds: 1200,
    });
    expect(report.errorBudget).toEqual([
      expect.objectContaining({ slo: 'checkout-availability', consumedPercent: 50 }),
    ]);
    expect(report.postmortems.required).toBe(1);
    expect(report.actionItems).toMatchObject({ total: 2, done: 1 });

    const { timeline } = await api<{ timeline: Array<{ kind: string }> }>('GET', `${base}/timeline`);
    const kinds = timeline.map((e) => e.kind);
    for (const kind of [
      'page.triggered',
      'declared',
      'page.acknowledged',
      'role_assigned',
      'note',
      'status_update',
      'postmortem_drafted',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(kinds.filter((k) => k === 'status_update')).toHaveLength(3);
  }, 120_000);
});

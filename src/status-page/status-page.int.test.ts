import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../core/duration.ts';
import { initialAlertState } from '../slo/index.ts';
import {
  insertBuckets,
  insertIncident,
  insertUpdate,
  NOW,
  openStatusApp,
} from '../testing/status-page-app.ts';
import { INTERNAL_NAMES, statusModel } from '../testing/status-page-fixtures.ts';
import { testEngines } from '../testing/test-engines.ts';
import { SNAPSHOT_MAX_AGE_MS } from './index.ts';
import { classifyMinute, type MinuteState, tallyMinutes, uptimePercent } from './uptime.ts';
import { UptimeCache, type UptimePlan } from './uptime-store.ts';

const TODAY = Math.floor(NOW / DAY_MS) * DAY_MS;
const disposers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

describe.each(await testEngines())('the status page on $name', (engine) => {
  const setup = (model = statusModel()) => openStatusApp(engine, disposers, model);

  it('shows component status and public updates without a token, and nothing internal', async () => {
    const t = await setup();
    const id = await insertIncident(t.db, {});
    await insertUpdate(t.db, id, NOW - 20 * MINUTE_MS, 'We found a fault in card payments & are fixing it.');
    await insertUpdate(t.db, id, NOW - 10 * MINUTE_MS, 'Internal: alice is rolling back', false);
    await insertIncident(t.db, {
      public: false,
      severity: 'SEV1',
      public_title: 'Search is down',
      services: '["search-svc-internal"]',
    });

    const page = await t.get('/status');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toMatch(/Checkout<\/h4><span class="state s-partial_outage">Partial outage</);
    expect(html).toMatch(/Search<\/h3><span class="state s-operational">Operational</);
    expect(html).toContain('Service disruption affecting Checkout');
    expect(html).toContain('We found a fault in card payments &amp; are fixing it.');

    const body = await t.json();
    expect(body.components.map((c) => [c.displayName, c.status])).toEqual([
      ['Checkout', 'partial_outage'],
      ['Search', 'operational'],
    ]);
    expect(body.incidents.active).toHaveLength(1);
    expect(body.incidents.active[0]?.updates).toEqual([
      {
        status: 'identified',
        message: 'We found a fault in card payments & are fixing it.',
        at: '2026-03-02T11:40:00.000Z',
      },
    ]);

    const feed = await t.get('/status/feed.atom');
    expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atom = await feed.text();
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    expect(atom).toMatch(
      /<entry><id>tag:status\.test,2026-03-02:incident\/\d+\/update\/\d+<\/id><title type="text">Service disruption affecting Checkout: Identified<\/title><updated>2026-03-02T11:40:00.000Z<\/updated>/,
    );
    expect(atom.trimEnd().endsWith('</feed>')).toBe(true);

    for (const text of [html, JSON.stringify(body), atom]) {
      for (const secret of [
        'DB creds',
        'alice',
        'carol',
        'bob-the-comms',
        'Internal:',
        'Search is down',
        'secret-tag',
        'internal note',
        ...INTERNAL_NAMES,
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('shows a firing page burn alert as a partial outage', async () => {
    const t = await setup();
    const search = t.engine.instances.get('search-availability-slo');
    if (!search) throw new Error('no search SLO instance');
    search.alertState = { ...initialAlertState(NOW), page: { firing: true, sinceMs: NOW - MINUTE_MS } };
    const body = await t.json();
    expect(body.components[1]).toMatchObject({ displayName: 'Search', status: 'partial_outage' });
  });

  it('computes day uptime from minute buckets, leaving maintenance out, as classifyMinute does', async () => {
    const t = await setup();
    const yesterday = TODAY - DAY_MS;
    // Yesterday on checkout: 10 down minutes (40/100), 20 partial (980/1000: burn 20 at 99.9 %), 60 in a
    // maintenance (all bad, not counted), the other 1350 good or at burn 5 (995/1000, counted up).
    const minutes: Array<[number, number, number]> = [];
    for (let i = 0; i < 1440; i++) {
      const at = yesterday + i * MINUTE_MS;
      minutes.push(
        i < 10
          ? [at, 40, 100]
          : i < 30
            ? [at, 980, 1000]
            : i < 90
              ? [at, 0, 50]
              : [at, i % 2 ? 995 : 1000, 1000],
      );
    }
    await insertBuckets(t.db, 'checkout-latency-slo', minutes);
    await t.db.query(
      `INSERT INTO maintenances (title, components, start_ms, end_ms, created_by, created_ms)
       VALUES ('Upgrade', '["shop-checkout"]', $1, $2, 'ops', $1)`,
      [yesterday + 30 * MINUTE_MS, yesterday + 90 * MINUTE_MS],
    );
    // Three days ago: two SLOs with pseudo-random minutes; the SQL must classify them as classifyMinute does.
    const day3 = TODAY - 3 * DAY_MS;
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const a: Array<[number, number, number]> = [];
    const b: Array<[number, number, number]> = [];
    const states: Array<MinuteState | null> = [];
    for (let i = 0; i < 1440; i += 2) {
      const at = day3 + i * MINUTE_MS;
      const total = Math.floor(random() * 3) * 500;
      const good = total - Math.floor(random() ** 6 * total);
      const goodB = 1000 - Math.floor(random() ** 8 * 1000);
      a.push([at, good, total]);
      b.push([at, goodB, 1000]);
      states.push(
        classifyMinute([
          { good, total, objective: 99.9 },
          { good: goodB, total: 1000, objective: 99.9 },
        ]),
      );
    }
    await insertBuckets(t.db, 'checkout-latency-slo', a);
    await insertBuckets(t.db, 'payments-availability-slo', b);

    const body = await t.json();
    const [checkout, search] = body.components;
    // (1380 − 10 − 0.3 × 20) / 1380 = 98.84057 %, truncated to 4 decimals.
    expect(checkout?.uptime.days[88]).toEqual({ date: '2026-03-01', uptimePercent: 98.8405, worst: 'down' });
    const expected = uptimePercent(tallyMinutes(states)) as number;
    expect(checkout?.uptime.days[86]?.uptimePercent).toBe(Math.floor(expected * 1e4) / 1e4);
    expect(checkout?.uptime.days[87]).toEqual({ date: '2026-02-28', uptimePercent: null, worst: null });
    expect(search?.uptime.days.every((day) => day.uptimePercent === null)).toBe(true);
    expect(search?.uptime.totalPercent).toBeNull();
    const html = await (await t.get('/status')).text();
    expect(html).toContain('title="2026-03-01: 98.84 % uptime, major outage"');
    expect(html).toContain('title="2026-02-28: no data"');
  });

  it('answers 304 to a matching ETag and reuses the snapshot for 10 s', async () => {
    const t = await setup();
    const first = await t.get('/status');
    const etag = first.headers.get('etag') as string;
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.get('/status', { 'if-none-match': `W/${etag}` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    await insertIncident(t.db, { severity: 'SEV1', public_title: 'Checkout is down' });
    t.clock.advance(SNAPSHOT_MAX_AGE_MS - 1);
    expect((await t.get('/status', { 'if-none-match': etag })).status).toBe(304);
    t.clock.advance(1);
    const changed = await t.get('/status', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Checkout is down');
  });

  it('answers br, gzip or identity as Accept-Encoding asks, each the same page once decoded', async () => {
    const t = await setup();
    await insertIncident(t.db, { public_title: 'Checkout is slow' });
    const plain = await t.get('/status');
    const html = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength(html)));
    const decode = { br: brotliDecompressSync, gzip: gunzipSync };
    const cases = [
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0.5, gzip;q=0.8', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
    ] as const;
    for (const [accept, coding] of cases) {
      const coded = await t.get('/status', { 'accept-encoding': accept });
      expect(coded.headers.get('content-encoding'), accept).toBe(coding);
      expect(coded.headers.get('vary')).toBe('Accept-Encoding');
      expect(coded.headers.get('cache-control')).toBe('public, max-age=30');
      const bytes = Buffer.from(await coded.arrayBuffer());
      expect(coded.headers.get('content-length')).toBe(String(bytes.length));
      expect(decode[coding](bytes).toString('utf8')).toBe(html);
      // The 90-day bars repeat: the page shrinks several times over.
      expect(bytes.length * 4).toBeLessThan(Buffer.byteLength(html));
    }
    for (const accept of ['gzip;q=0', 'identity', 'gzip;q=0.5, identity', 'identity;q=0', 'deflate']) {
      const uncoded = await t.get('/status', { 'accept-encoding': accept });
      expect(uncoded.headers.get('content-encoding'), accept).toBeNull();
      expect(await uncoded.text()).toBe(html);
    }
    // The JSON and the feed are prepared the same way.
    const json = await t.get('/status.json', { 'accept-encoding': 'br' });
    expect(json.headers.get('content-encoding')).toBe('br');
    const status = JSON.parse(brotliDecompressSync(Buffer.from(await json.arrayBuffer())).toString('utf8'));
    expect(status.incidents.active[0].title).toBe('Checkout is slow');
    const feed = await t.get('/status/feed.atom', { 'accept-encoding': 'gzip' });
    const feedText = await (await t.get('/status/feed.atom')).text();
    expect(gunzipSync(Buffer.from(await feed.arrayBuffer())).toString('utf8')).toBe(feedText);
    expect(feedText).toContain('<feed');
  });

  it('gives each coding its own ETag and 304, and new bytes and tags when the page changes', async () => {
    const t = await setup();
    const tags = new Map<string, string>();
    for (const accept of ['identity', 'gzip', 'br']) {
      const response = await t.get('/status', { 'accept-encoding': accept });
      tags.set(accept, response.headers.get('etag') as string);
      const again = await t.get('/status', {
        'accept-encoding': accept,
        'if-none-match': tags.get(accept) as string,
      });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(tags.get(accept));
    }
    expect(new Set(tags.values()).size).toBe(3);
    // Another coding's tag does not match: a cache holding gzip bytes must not be told they are brotli.
    const crossed = await t.get('/status', {
      'accept-encoding': 'br',
      'if-none-match': tags.get('gzip') as string,
    });
    expect(crossed.status).toBe(200);

    // The next snapshot renders the same page: same bytes, same tags.
    t.clock.advance(SNAPSHOT_MAX_AGE_MS);
    expect(
      (await t.get('/status', { 'accept-encoding': 'br', 'if-none-match': tags.get('br') as string })).status,
    ).toBe(304);

    await insertIncident(t.db, { severity: 'SEV1', public_title: 'Checkout is down' });
    t.clock.advance(SNAPSHOT_MAX_AGE_MS);
    const changed = await t.get('/status', {
      'accept-encoding': 'br',
      'if-none-match': tags.get('br') as string,
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tags.get('br'));
    expect(brotliDecompressSync(Buffer.from(await changed.arrayBuffer())).toString('utf8')).toContain(
      'Checkout is down',
    );
  });

  it('serves the last good snapshot, marked stale, while the database is down', async () => {
    const t = await setup();
    await insertIncident(t.db, { public_title: 'Payments are slow' });
    expect((await t.get('/status')).headers.get('x-nines-stale')).toBeNull();
    t.db.down = true;
    t.clock.advance(SNAPSHOT_MAX_AGE_MS);
    const stale = await t.get('/status');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-nines-stale')).toBe('true');
    const html = await stale.text();
    expect(html).toContain('Payments are slow');
    expect(html).toContain('Last updated <time datetime="2026-03-02T12:00:00.000Z">');
    expect(await t.json()).toMatchObject({ stale: true, lastUpdated: '2026-03-02T12:00:00.000Z' });
    expect(
      t.logger.lines.some((line) => line.level === 'error' && /serving the last good/.test(line.msg ?? '')),
    ).toBe(true);
    t.db.down = false;
    t.clock.advance(SNAPSHOT_MAX_AGE_MS);
    expect((await t.get('/status')).headers.get('x-nines-stale')).toBeNull();
  });

  it('answers 503 when the database was never reachable', async () => {
    const t = await setup();
    t.db.down = true;
    const page = await t.get('/status');
    expect(page.status).toBe(503);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Status unavailable');
    const body = await t.get('/status.json');
    expect(body.status).toBe(503);
    expect(await body.json()).toMatchObject({ error: { code: 'unavailable' } });
  });

  it('renders "Status" with no components when no StatusPage is configured', async () => {
    const t = await setup({ ...statusModel(), statusPages: [] });
    const html = await (await t.get('/status')).text();
    expect(html).toContain('<title>Status</title>');
    expect(html).toContain('No components are published.');
    expect((await t.json()).components).toEqual([]);
  });

  it('reads finished days once: later only today, or a day whose maintenance changed, or all when SLOs change', async () => {
    const t = await setup();
    const yesterday = TODAY - DAY_MS;
    await insertBuckets(t.db, 'checkout-latency-slo', [[yesterday, 40, 100]]);
    const ranges: number[][] = [];
    const recording = {
      engine: t.db.engine,
      query: <T>(sql: string, params: unknown[] = []) => {
        if (sql.includes('JOIN members'))
          ranges.push([params[6], params[7]].map((ms) => (Number(ms) - TODAY) / DAY_MS));
        return t.db.query<T>(sql, params);
      },
    };
    const cache = new UptimeCache();
    const plan: UptimePlan = {
      components: ['c'],
      members: [{ component: 'c', slo: 'checkout-latency-slo', budget: 0.001 }],
      windows: [],
    };
    const dayOf = async (nowMs: number, day: number, changed = plan) =>
      (await cache.tallies(recording, changed, nowMs)).get('c')?.get(Math.floor(day / DAY_MS));

    expect(await dayOf(NOW, yesterday)).toEqual({ counted: 1, down: 1, partial: 0 });
    // Ten days per query, from 89 days ago to the end of today.
    expect(ranges).toHaveLength(9);
    expect([ranges[0], ranges[8]]).toEqual([
      [-89, -79],
      [-9, 1],
    ]);

    ranges.length = 0;
    await insertBuckets(t.db, 'checkout-latency-slo', [
      [yesterday + MINUTE_MS, 1000, 1000],
      [TODAY, 1000, 1000],
    ]);
    expect(await dayOf(NOW + 10_000, TODAY)).toEqual({ counted: 1, down: 0, partial: 0 });
    expect(await dayOf(NOW + 20_000, yesterday)).toEqual({ counted: 1, down: 1, partial: 0 });
    expect(ranges).toEqual([
      [0, 1],
      [0, 1],
    ]);

    ranges.length = 0;
    const maintained = {
      ...plan,
      windows: [{ component: 'c', startMs: yesterday, endMs: yesterday + MINUTE_MS }],
    };
    // The down minute is now maintenance; the late good minute is read with the recomputed day.
    expect(await dayOf(NOW + 30_000, yesterday, maintained)).toEqual({ counted: 1, down: 0, partial: 0 });
    expect(ranges).toEqual([[-1, 1]]);

    ranges.length = 0;
    const more = {
      ...plan,
      members: [...plan.members, { component: 'c', slo: 'payments-availability-slo', budget: 0.001 }],
    };
    await dayOf(NOW + 40_000, yesterday, more);
    expect(ranges).toHaveLength(9);
  });
});

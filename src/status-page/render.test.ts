import { describe, expect, it } from 'vitest';
import { INTERNAL_NAMES, quietFacts } from '../testing/status-page-fixtures.ts';
import { buildFeedEntries } from './feed-entries.ts';
import { buildPublicStatus } from './public-status.ts';
import { entryId, renderAtom } from './render-atom.ts';
import { dayLabel, renderHtml } from './render-html.ts';
import type { StatusFacts } from './status-facts.ts';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const DAY = 86_400_000;
const HOSTILE = '<script>alert("x")</script> & \'quotes\'';

/** An incident whose public fields hold markup, an open SEV1 and a running maintenance. */
function busyFacts(): StatusFacts {
  const incident = {
    id: 7,
    severity: 'SEV1' as const,
    status: 'identified' as const,
    services: ['pay-svc-internal'],
    publicTitle: HOSTILE,
    startedMs: NOW - 3_600_000,
    resolvedMs: null,
  };
  const update = {
    id: 11,
    incidentId: 7,
    atMs: NOW - 600_000,
    status: 'identified' as const,
    message: HOSTILE,
  };
  return quietFacts(NOW, {
    incidents: [incident],
    updates: [update],
    feedUpdates: [{ update, incident }],
    maintenances: [
      {
        id: 3,
        title: HOSTILE,
        description: `${HOSTILE}\u0000`,
        components: ['shop-search'],
        startMs: NOW - 60_000,
        endMs: NOW + 3_600_000,
        createdMs: NOW - DAY,
        cancelledMs: null,
      },
    ],
    alertsByService: new Map([['search-svc-internal', { page: false, ticket: true }]]),
    uptime: new Map([
      ['shop-checkout', new Map([[Math.floor(NOW / DAY) - 1, { counted: 1440, down: 0, partial: 1 }]])],
    ]),
  });
}

function renderAll(facts: StatusFacts) {
  const status = buildPublicStatus(facts);
  const atom = renderAtom({
    title: status.title,
    baseUrl: 'https://status.example.com/',
    entries: buildFeedEntries(facts),
    fallbackUpdatedMs: NOW,
  });
  return { status, html: renderHtml(status), json: JSON.stringify(status), atom };
}

describe('rendering the status page', () => {
  it('escapes every public text in HTML and Atom', () => {
    const { html, atom } = renderAll(busyFacts());
    expect(html).not.toContain('<script');
    expect(atom).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(atom).toContain('<title type="text">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // XML 1.0 cannot carry NUL even escaped: it is dropped.
    expect(atom).not.toContain('\u0000');
  });

  it('never shows service names, SLO names, labels or component keys', () => {
    for (const text of Object.values(renderAll(busyFacts())).map((v) => (typeof v === 'string' ? v : ''))) {
      for (const name of INTERNAL_NAMES) expect(text).not.toContain(name);
    }
  });

  it('shows each component with its status in words, and 90 labelled day bars', () => {
    const { html } = renderAll(busyFacts());
    expect(html).toContain('<title>Acme Status</title>');
    expect(html).toMatch(
      /<h4 class="name">Checkout<\/h4><span class="state s-major_outage">Major outage<\/span>/,
    );
    expect(html).toMatch(
      /<h3 class="name">Search<\/h3><span class="state s-under_maintenance">Under maintenance/,
    );
    expect(html.match(/<li class="bar /g)).toHaveLength(180);
    // Yesterday: (1440 − 0.3) / 1440 = 99.979 %, one partial minute, so yellow.
    expect(html).toContain('<li class="bar u-yellow" title="2026-03-01: 99.97 % uptime, partial outage">');
    expect(html).toContain('title="2026-03-02: no data"');
    expect(html).toContain('<time datetime="2026-03-02T11:50:00.000Z">2026-03-02 11:50 UTC</time>');
    expect(html).not.toMatch(/<script/i);
  });

  it('labels days for people and assistive technology', () => {
    expect(dayLabel({ date: '2026-11-20', uptimePercent: 99.95, worst: 'down' })).toBe(
      '2026-11-20: 99.95 % uptime, major outage',
    );
    expect(dayLabel({ date: '2026-11-20', uptimePercent: 100, worst: 'up' })).toBe(
      '2026-11-20: 100.00 % uptime',
    );
    expect(dayLabel({ date: '2026-11-20', uptimePercent: null, worst: null })).toBe('2026-11-20: no data');
  });

  it('says so when no components are published, and marks a stale page with its time', () => {
    const status = buildPublicStatus(quietFacts(NOW, { page: undefined }));
    const html = renderHtml(status, { lastUpdated: '2026-03-02T11:59:50.000Z' });
    expect(html).toContain('<h1>Status</h1>');
    expect(html).toContain('No components are published.');
    expect(html).toContain(
      'Last updated <time datetime="2026-03-02T11:59:50.000Z">2026-03-02 11:59 UTC</time>',
    );
  });
});

describe('the Atom feed', () => {
  it('is Atom 1.0 with stable tag ids, newest entry first, and updated = newest entry', () => {
    const { atom } = renderAll(busyFacts());
    expect(
      atom.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'),
    ).toBe(true);
    const ids = [...atom.matchAll(/<entry><id>([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'tag:status.example.com,2026-03-02:incident/7/update/11',
      'tag:status.example.com,2026-03-01:maintenance/3',
    ]);
    expect(atom).toContain('<updated>2026-03-02T11:50:00.000Z</updated>\n<author>');
    expect(atom).toContain(
      '<link rel="self" type="application/atom+xml" href="https://status.example.com/status/feed.atom"/>',
    );
    expect(entryId('https://status.example.com', { key: 'maintenance/3', createdMs: NOW - DAY })).toBe(
      ids[1],
    );
  });

  it('is the same bytes when nothing changed, and valid without entries', () => {
    expect(renderAll(busyFacts()).atom).toBe(renderAll(busyFacts()).atom);
    const empty = renderAtom({ title: 'Status', baseUrl: '', entries: [], fallbackUpdatedMs: NOW });
    expect(empty).toContain('<id>tag:localhost,2026:status</id>');
    expect(empty).toContain('<updated>2026-03-02T12:00:00.000Z</updated>');
    expect(empty).not.toContain('<entry>');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/duration.ts';
import { signAction } from '../../notify/index.ts';
import { escalateDuePages, ingestAlerts } from '../../paging/index.ts';
import { createPagingApp, firingAlert } from '../../testing/paging-fixtures.ts';
import { TEST_LINK_SECRET, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createPagingApp();
});
afterAll(() => t.close());

async function openPage(fingerprint: string, summary?: string): Promise<number> {
  const alert = firingAlert(fingerprint, summary === undefined ? {} : { summary });
  const [outcome] = await ingestAlerts({ ctx: t.ctx, alerts: [alert] });
  if (outcome?.outcome !== 'paged') throw new Error(`expected a page, got ${JSON.stringify(outcome)}`);
  return outcome.pageId;
}

function linkFor(pageId: number, options: { expiresAtMs?: number; secret?: string } = {}): string {
  const token = signAction({
    pageId: String(pageId),
    action: 'ack',
    expiresAtMs: options.expiresAtMs ?? t.clock.now() + HOUR_MS,
    secret: options.secret ?? TEST_LINK_SECRET,
  });
  return `/ack/${token}`;
}

async function statusOf(pageId: number) {
  const [row] = await t.db.query<{ status: string; acknowledged_by: string | null }>(
    'SELECT status, acknowledged_by FROM pages WHERE id = $1',
    [pageId],
  );
  return row;
}

async function html(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('text/html');
  return response.text();
}

describe('acknowledgement links', () => {
  it('shows the page and a button on GET without changing anything', async () => {
    const id = await openPage('link-get');
    const text = await html(await t.call('GET', linkFor(id), { token: null }), 200);
    expect(text).toContain('orders errors (link-get)');
    expect(text).toContain('P1');
    expect(text).toContain('<form method="post"><button type="submit">Acknowledge</button></form>');
    expect(text).not.toContain('<script');
    expect(await statusOf(id)).toEqual({ status: 'triggered', acknowledged_by: null });
  });

  it('acknowledges on POST as "ack-link", then says it is already acknowledged', async () => {
    const id = await openPage('link-post');
    const link = linkFor(id);
    expect(await html(await t.call('POST', link, { token: null }), 200)).toContain('Escalation has stopped.');
    expect(await statusOf(id)).toEqual({ status: 'acknowledged', acknowledged_by: 'ack-link' });
    const again = await html(await t.call('POST', link, { token: null }), 200);
    expect(again).toContain('This page was already acknowledged by ack-link at');
    expect(await html(await t.call('GET', link, { token: null }), 200)).not.toContain('<form');
  });

  it('refuses a tampered, foreign, expired or truncated token and changes nothing', async () => {
    const id = await openPage('link-bad');
    const other = await openPage('link-other');
    const [payload, mac] = linkFor(id).slice('/ack/'.length).split('.');
    const otherPayload = linkFor(other).slice('/ack/'.length).split('.')[0];
    const tampered = `/ack/${otherPayload}.${mac}`;
    expect(await html(await t.call('POST', tampered, { token: null }), 403)).toContain(
      'not valid for this server',
    );
    const foreign = linkFor(id, { secret: 'another-server-secret-0123' });
    expect((await t.call('POST', foreign, { token: null })).status).toBe(403);
    const expired = linkFor(id, { expiresAtMs: t.clock.now() });
    expect(await html(await t.call('POST', expired, { token: null }), 400)).toContain('has expired');
    expect(await html(await t.call('POST', `/ack/${payload}`, { token: null }), 400)).toContain('incomplete');
    expect(await statusOf(id)).toEqual({ status: 'triggered', acknowledged_by: null });
    expect(await statusOf(other)).toEqual({ status: 'triggered', acknowledged_by: null });
  });

  it('escapes what the alert sender wrote', async () => {
    const id = await openPage('link-xss', '<script>alert("x")</script>');
    const text = await html(await t.call('GET', linkFor(id), { token: null }), 200);
    expect(text).not.toContain('<script');
    expect(text).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
  });

  it('answers 404 for a page that does not exist', async () => {
    expect((await t.call('GET', linkFor(999999), { token: null })).status).toBe(404);
  });

  /** The acknowledgement link in the newest notification queued for `recipient` about the page. */
  async function sentLink(pageId: number, recipient: string): Promise<string> {
    const rows = await t.db.query<{ message: { ackUrl: string | null } }>(
      'SELECT message FROM deliveries WHERE page_id = $1 AND recipient = $2 ORDER BY id DESC',
      [pageId, recipient],
    );
    const url = rows[0]?.message.ackUrl;
    if (!url) throw new Error(`no link sent to ${recipient} for page ${pageId}`);
    return new URL(url).pathname;
  }

  it('links the notification to the page in the console', async () => {
    const id = await openPage('link-console');
    await escalateDuePages({ ctx: t.ctx });
    const [row] = await t.db.query<{ message: { pageUrl: string } }>(
      'SELECT message FROM deliveries WHERE page_id = $1',
      [id],
    );
    expect(row?.message.pageUrl).toBe(`http://nines.test/pages/${id}`);
  });

  it('an old link acknowledged a page again after it was reassigned and re-triggered', async () => {
    const id = await openPage('link-round');
    await escalateDuePages({ ctx: t.ctx });
    const alicesLink = await sentLink(id, 'person:alice');
    expect(await html(await t.call('POST', alicesLink, { token: null }), 200)).toContain(
      'Escalation has stopped.',
    );
    const reassigned = await t.call('POST', `/api/v1/pages/${id}/reassign`, {
      token: t.tokens.write,
      body: { person: 'bob' },
    });
    expect(reassigned.status).toBe(200);
    expect(await statusOf(id)).toEqual({ status: 'triggered', acknowledged_by: null });
    const events = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM page_events WHERE page_id = $1', [id]))[0]
        ?.n;
    const before = await events();

    for (const method of ['GET', 'POST']) {
      const old = await html(await t.call(method, alicesLink, { token: null }), 409);
      expect(old).toContain('This link is for an earlier round of the page');
      expect(old).not.toContain('<form');
    }
    expect(await statusOf(id)).toEqual({ status: 'triggered', acknowledged_by: null });
    expect(await events()).toBe(before);

    // Bob's notification carries the link of the current round.
    const bobsLink = await sentLink(id, 'person:bob');
    expect(await html(await t.call('POST', bobsLink, { token: null }), 200)).toContain(
      'Escalation has stopped.',
    );
    expect(await statusOf(id)).toEqual({ status: 'acknowledged', acknowledged_by: 'bob' });
  });

  it('a link acknowledgement was recorded as "ack-link", not the person the link was sent to', async () => {
    const id = await openPage('link-person');
    await escalateDuePages({ ctx: t.ctx });
    const link = await sentLink(id, 'person:alice');
    expect(await html(await t.call('POST', link, { token: null }), 200)).toContain('Escalation has stopped.');
    expect(await statusOf(id)).toEqual({ status: 'acknowledged', acknowledged_by: 'alice' });
    const [event] = await t.db.query<{ actor: string; details: unknown }>(
      "SELECT actor, details FROM page_events WHERE page_id = $1 AND kind = 'acknowledged'",
      [id],
    );
    expect(event).toEqual({ actor: 'alice', details: { via: 'ack-link' } });
  });
});

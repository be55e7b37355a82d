import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/notify-fixtures.ts';
import { renderEmail } from './email.ts';

describe('renderEmail', () => {
  it('puts severity, service and summary in the subject', () => {
    expect(renderEmail(makeMessage()).subject).toBe('[P1] payment: Connection pool exhausted');
    expect(renderEmail(makeMessage({ kind: 'resolved', service: null })).subject).toBe(
      '[P1 resolved] Connection pool exhausted',
    );
  });

  it('writes a plain-text body with the facts, details, ack and runbook links', () => {
    expect(renderEmail(makeMessage()).text).toBe(
      [
        '[P1] payment: Connection pool exhausted',
        '',
        'Status:   Triggered (level 1)',
        'Severity: P1 (high)',
        'Service:  payment',
        'When:     2030-01-01 00:00 UTC',
        '',
        '- SLO payment-availability burning 14.4x over 1h',
        '- alertname=PoolExhausted',
        '',
        'Acknowledge (no login needed, the link expires): https://nines.example.com/ack/TOKEN',
        'Runbook: https://runbooks.example.com/payment/pool',
        'Page: https://nines.example.com/pages/42',
        '',
        '--',
        'Sent by Nines for page 42.',
        '',
      ].join('\n'),
    );
  });

  it('names incident announcements and what their link opens', () => {
    const incident = makeMessage({
      pageId: null,
      reference: 'incident 3',
      kind: 'incident_declared',
      severity: 'SEV2',
      ackUrl: null,
      pageUrl: 'https://nines.example.com/incidents/3',
    });
    const email = renderEmail(incident);
    expect(email.subject).toBe('[SEV2 incident declared] payment: Connection pool exhausted');
    expect(email.text).toContain('Status:   Incident declared');
    expect(email.text).toContain('Severity: SEV2 (major)');
    expect(email.text).toContain('Incident: https://nines.example.com/incidents/3');
    expect(email.text).toContain('Sent by Nines for incident 3.');
    const overdue = renderEmail(makeMessage({ reference: 'action item 7', kind: 'action_item_overdue' }));
    expect(overdue.text).toContain('Action item: https://nines.example.com/pages/42');
  });

  it('keeps the subject on one line whatever the summary holds', () => {
    const { subject } = renderEmail(makeMessage({ summary: 'line one\r\nBcc: victim@example.com' }));
    expect(subject).toBe('[P1] payment: line one Bcc: victim@example.com');
  });

  it('escapes the HTML body and links the ack URL', () => {
    const { html } = renderEmail(makeMessage({ summary: '<script>alert(1)</script>' }));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://nines.example.com/ack/TOKEN">');
  });

  it('leaves out links the message does not have', () => {
    const { text, html } = renderEmail(
      makeMessage({ ackUrl: null, runbookUrl: null, pageUrl: null, details: [] }),
    );
    expect(text).not.toContain('Acknowledge');
    expect(text).not.toContain('Runbook');
    expect(html).not.toContain('<a ');
  });
});

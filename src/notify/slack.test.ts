import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/notify-fixtures.ts';
import { renderSlack } from './slack.ts';

describe('renderSlack', () => {
  it('renders a page with severity, service, status, details and buttons', () => {
    expect(renderSlack(makeMessage())).toEqual({
      text: ':red_circle: [P1] payment: Connection pool exhausted',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: ':red_circle: [P1] payment: Connection pool exhausted',
            emoji: true,
          },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Severity*\nP1 (high)' },
            { type: 'mrkdwn', text: '*Service*\npayment' },
            { type: 'mrkdwn', text: '*Status*\nTriggered (level 1)' },
            {
              type: 'mrkdwn',
              text: '*When*\n<!date^1893456000^{date_short_pretty} {time}|2030-01-01 00:00 UTC>',
            },
          ],
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '• SLO payment-availability burning 14.4x over 1h\n• alertname=PoolExhausted',
          },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
              url: 'https://nines.example.com/ack/TOKEN',
              action_id: 'nines_ack',
              style: 'primary',
            },
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Runbook', emoji: true },
              url: 'https://runbooks.example.com/payment/pool',
              action_id: 'nines_runbook',
            },
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Open page', emoji: true },
              url: 'https://nines.example.com/pages/42',
              action_id: 'nines_page',
            },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Nines · page 42' }] },
      ],
    });
  });

  it('renders a resolved page without an Acknowledge button or details', () => {
    const payload = renderSlack(
      makeMessage({
        kind: 'resolved',
        ackUrl: null,
        runbookUrl: null,
        details: [],
        service: null,
        level: null,
      }),
    );
    expect(payload.text).toBe(':white_check_mark: [P1 resolved] Connection pool exhausted');
    expect(payload.blocks.map((block) => block.type)).toEqual(['header', 'section', 'actions', 'context']);
    expect(payload.blocks[1]).toMatchObject({
      fields: [
        { text: '*Severity*\nP1 (high)' },
        { text: '*Service*\n—' },
        { text: '*Status*\nResolved' },
        {},
      ],
    });
    expect(payload.blocks[2]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open page', emoji: true },
          url: 'https://nines.example.com/pages/42',
          action_id: 'nines_page',
        },
      ],
    });
  });

  it('escapes text Slack would read as links or mentions', () => {
    const payload = renderSlack(
      makeMessage({ summary: 'p99 > 2s & <!channel>', details: ['<@U123> said hi'] }),
    );
    expect(payload.text).toBe(':red_circle: [P1] payment: p99 &gt; 2s &amp; &lt;!channel&gt;');
    expect(payload.blocks[2]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '• &lt;@U123&gt; said hi' },
    });
  });

  it('keeps the header within Slack limit of 150 characters', () => {
    const payload = renderSlack(makeMessage({ summary: 'x'.repeat(400) }));
    const header = payload.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(150);
  });

  it('marks an escalation with the level it reached', () => {
    const payload = renderSlack(makeMessage({ kind: 'escalation', level: 2, severity: 'P0' }));
    expect(payload.text).toBe(':rotating_light: [P0 escalated] payment: Connection pool exhausted');
    expect(payload.blocks[1]).toMatchObject({
      fields: [{}, {}, { text: '*Status*\nEscalated, not acknowledged in time (level 2)' }, {}],
    });
  });
});

import { utcMinuteText } from '../core/time-format.ts';
import type { IncidentSeverity, Severity } from '../specs/index.ts';
import { type ChannelSender, DEFAULT_TIMEOUT_MS, resolveSecret } from './channel-sender.ts';
import { severityNames, statusLine, subjectLine, subjectName } from './headline.ts';
import { type HttpSenderOptions, postJson } from './http-post.ts';
import type { NotificationMessage } from './message.ts';

/** A Slack incoming-webhook payload: Block Kit blocks plus the `text` notifications and old clients show. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

type PlainText = { type: 'plain_text'; text: string; emoji: true };
type Mrkdwn = { type: 'mrkdwn'; text: string };
type SlackButton = { type: 'button'; text: PlainText; url: string; action_id: string; style?: 'primary' };
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: 'actions'; elements: SlackButton[] }
  | { type: 'context'; elements: Mrkdwn[] };

const severityEmoji: Record<Severity | IncidentSeverity, string> = {
  P0: ':rotating_light:',
  P1: ':red_circle:',
  P2: ':large_orange_circle:',
  P3: ':large_yellow_circle:',
  P4: ':white_circle:',
  SEV1: ':red_circle:',
  SEV2: ':large_orange_circle:',
  SEV3: ':large_yellow_circle:',
  SEV4: ':white_circle:',
};

/** Slack's limits: header text 150 characters, section text 3000. */
const MAX_HEADER_CHARS = 150;
const MAX_SECTION_CHARS = 3000;

function emojiFor(message: NotificationMessage): string {
  if (message.kind === 'resolved' || message.kind === 'incident_resolved') return ':white_check_mark:';
  if (message.kind === 'acknowledged') return ':eyes:';
  if (message.kind === 'channel_failing') return ':warning:';
  return severityEmoji[message.severity];
}

/** Slack treats `&`, `<` and `>` as control characters in mrkdwn. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plain(text: string): PlainText {
  return { type: 'plain_text', text, emoji: true };
}

function button(text: string, url: string, actionId: string): SlackButton {
  return { type: 'button', text: plain(text), url, action_id: actionId };
}

function buttonsFor(message: NotificationMessage): SlackButton[] {
  const buttons: SlackButton[] = [];
  if (message.ackUrl)
    buttons.push({ ...button('Acknowledge', message.ackUrl, 'nines_ack'), style: 'primary' });
  if (message.runbookUrl) buttons.push(button('Runbook', message.runbookUrl, 'nines_runbook'));
  if (message.pageUrl) {
    buttons.push(button(`Open ${subjectName(message).toLowerCase()}`, message.pageUrl, 'nines_page'));
  }
  return buttons;
}

/** A readable Slack message: severity, service, status, details, and Acknowledge / Runbook / page buttons. */
export function renderSlack(message: NotificationMessage): SlackPayload {
  const headline = `${emojiFor(message)} ${subjectLine(message)}`;
  const seconds = Math.floor(message.occurredAtMs / 1000);
  const field = (label: string, value: string): Mrkdwn => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(truncate(headline, MAX_HEADER_CHARS)) },
    {
      type: 'section',
      fields: [
        field('Severity', `${message.severity} (${severityNames[message.severity]})`),
        field('Service', escapeMrkdwn(message.service ?? '—')),
        field('Status', statusLine(message)),
        field('When', `<!date^${seconds}^{date_short_pretty} {time}|${utcMinuteText(message.occurredAtMs)}>`),
      ],
    },
  ];
  if (message.details.length > 0) {
    const lines = message.details.map((line) => `• ${escapeMrkdwn(line)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(lines, MAX_SECTION_CHARS) } });
  }
  const buttons = buttonsFor(message);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Nines · ${escapeMrkdwn(message.reference)}` }],
  });
  return { text: escapeMrkdwn(headline), blocks };
}

/** Posts to the contact's Slack incoming webhook; the webhook URL is itself a secret and never reported. */
export function createSlackSender(options: HttpSenderOptions = {}): ChannelSender<'slack'> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  return {
    async send({ target, message, secrets, signal }) {
      const url = resolveSecret(target.webhookUrl, secrets);
      await postJson({
        url,
        body: JSON.stringify(renderSlack(message)),
        headers: { 'user-agent': 'nines' },
        signal,
        timeoutMs,
        secretValues: [],
        fetch: fetchImpl,
      });
    },
  };
}

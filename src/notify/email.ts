import { createTransport } from 'nodemailer';
import { sha256Hex } from '../core/ids.ts';
import { utcMinuteText } from '../core/time-format.ts';
import type { SecretRef } from '../specs/index.ts';
import {
  abortError,
  attemptSignal,
  type ChannelSender,
  DEFAULT_TIMEOUT_MS,
  resolveSecret,
  type SenderOptions,
} from './channel-sender.ts';
import { DeliveryError, safeReason } from './delivery-error.ts';
import { severityNames, statusLine, subjectLine, subjectName } from './headline.ts';
import type { NotificationMessage } from './message.ts';

/** How Nines reaches its SMTP server (one per installation). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465). */
  secure: boolean;
  /** `auto` upgrades when the server offers STARTTLS, `always` refuses to send without it, `never` stays plain. */
  startTls: 'auto' | 'always' | 'never';
  username?: string;
  password?: string | SecretRef;
  /** Sender address, e.g. `Nines <nines@example.com>`. */
  from: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Row {
  label: string;
  value: string;
  href?: string;
}

function rowsFor(message: NotificationMessage): { facts: Row[]; links: Row[] } {
  const facts: Row[] = [
    { label: 'Status', value: statusLine(message) },
    { label: 'Severity', value: `${message.severity} (${severityNames[message.severity]})` },
    { label: 'Service', value: message.service ?? '—' },
    { label: 'When', value: utcMinuteText(message.occurredAtMs) },
  ];
  const links: Row[] = [];
  if (message.ackUrl) {
    links.push({
      label: 'Acknowledge (no login needed, the link expires)',
      value: message.ackUrl,
      href: message.ackUrl,
    });
  }
  if (message.runbookUrl)
    links.push({ label: 'Runbook', value: message.runbookUrl, href: message.runbookUrl });
  if (message.pageUrl)
    links.push({ label: subjectName(message), value: message.pageUrl, href: message.pageUrl });
  return { facts, links };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function renderHtml(subject: string, message: NotificationMessage): string {
  const { facts, links } = rowsFor(message);
  const cell = (row: Row) =>
    row.href ? `<a href="${escapeHtml(row.href)}">${escapeHtml(row.value)}</a>` : escapeHtml(row.value);
  const table = facts.map(
    (row) => `<tr><th align="left">${escapeHtml(row.label)}</th><td>${cell(row)}</td></tr>`,
  );
  const details = message.details.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  const linkItems = links.map((row) => `<p>${escapeHtml(row.label)}: ${cell(row)}</p>`);
  return [
    `<h2>${escapeHtml(subject)}</h2>`,
    `<table>${table.join('')}</table>`,
    details ? `<ul>${details}</ul>` : '',
    ...linkItems,
    `<p style="color:#666">Sent by Nines for ${escapeHtml(message.reference)}.</p>`,
  ].join('\n');
}

/** Subject, plain text and HTML of a notification e-mail; the text carries the ack and runbook links in full. */
export function renderEmail(message: NotificationMessage): RenderedEmail {
  const subject = subjectLine(message);
  const { facts, links } = rowsFor(message);
  const width = Math.max(...facts.map((row) => row.label.length)) + 1;
  const text = [
    subject,
    '',
    ...facts.map((row) => `${`${row.label}:`.padEnd(width)} ${row.value}`),
    ...(message.details.length > 0 ? ['', ...message.details.map((line) => `- ${line}`)] : []),
    ...(links.length > 0 ? ['', ...links.map((row) => `${row.label}: ${row.value}`)] : []),
    '',
    '--',
    `Sent by Nines for ${message.reference}.`,
    '',
  ].join('\n');
  return { subject, text, html: renderHtml(subject, message) };
}

/** A Message-ID that stays the same across retries, so mail clients can fold a duplicate into the first copy. */
function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'nines.invalid';
  return `<${sha256Hex(idempotencyKey).slice(0, 32)}.nines@${domain}>`;
}

/** The fields nodemailer puts on its errors. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY']);

/** 4xx and 503 (bad sequence) may pass on a new connection; other 5xx are RFC 5321's permanent failures. */
function smtpFailureToDeliveryError(failure: SmtpFailure, secretValues: string[]): DeliveryError {
  const { code, responseCode } = failure;
  if (responseCode !== undefined) {
    const during = failure.command ? ` on ${failure.command}` : '';
    const permanent = responseCode >= 500 && responseCode !== 503;
    return new DeliveryError(
      safeReason(`SMTP ${responseCode}${during}: ${failure.response ?? ''}`, secretValues),
      {
        retryable: !permanent,
      },
    );
  }
  const reason = safeReason(`SMTP ${code ?? 'error'}: ${failure.message ?? ''}`, secretValues);
  return new DeliveryError(reason, { retryable: code !== undefined && NETWORK_CODES.has(code) });
}

/**
 * Sends through the installation's SMTP server, one connection per message. Uses nodemailer rather than
 * our own client: it handles MIME encoding, SASL methods (PLAIN, LOGIN, CRAM-MD5) and server quirks.
 */
export function createEmailSender(
  settings: SmtpSettings | undefined,
  options: SenderOptions = {},
): ChannelSender<'email'> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async send({ target, message, idempotencyKey, secrets, signal }) {
      if (!settings)
        throw new DeliveryError('e-mail is not configured (no SMTP server)', { retryable: false });
      const password =
        settings.password === undefined ? undefined : resolveSecret(settings.password, secrets);
      const secretValues = password === undefined ? [] : [password];
      const transport = createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        requireTLS: settings.startTls === 'always',
        ignoreTLS: settings.startTls === 'never',
        auth: settings.username === undefined ? undefined : { user: settings.username, pass: password },
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        socketCloseTimeout: 0,
      });
      const rendered = renderEmail(message);
      const attempt = attemptSignal(signal, timeoutMs);
      const combined = attempt.signal;
      try {
        await transport.sendMail({
          from: settings.from,
          to: target.address,
          ...rendered,
          messageId: messageIdFor(idempotencyKey, settings.from),
          signal: combined,
        });
      } catch (error) {
        if (combined.aborted) throw abortError(combined.reason, timeoutMs);
        throw smtpFailureToDeliveryError(error as SmtpFailure, secretValues);
      } finally {
        attempt.done();
        transport.close();
      }
    },
  };
}

import type { ContactMethod } from '../specs/index.ts';
import type { ChannelSender, SendInput } from './channel-sender.ts';
import { createEmailSender, type SmtpSettings } from './email.ts';
import type { HttpSenderOptions } from './http-post.ts';
import { createSlackSender } from './slack.ts';
import { createWebhookSender } from './webhook.ts';

/** One sender per contact kind. Adding a channel is a file and a line here. */
export type ChannelSenders = { [Kind in ContactMethod['kind']]: ChannelSender<Kind> };

export interface ChannelOptions extends HttpSenderOptions {
  /** E-mail deliveries fail (not retried) while this is unset. */
  smtp?: SmtpSettings;
}

/** The senders for every contact kind, sharing one timeout. */
export function createChannelSenders(options: ChannelOptions = {}): ChannelSenders {
  return {
    email: createEmailSender(options.smtp, options),
    slack: createSlackSender(options),
    webhook: createWebhookSender(options),
  };
}

/** Sends through the sender registered for the target's kind. */
export function sendToContact(channels: ChannelSenders, input: SendInput): Promise<void> {
  const sender = channels[input.target.kind] as ChannelSender;
  return sender.send(input);
}

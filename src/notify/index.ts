export type { ActionRejection, PageAction, VerifiedAction } from './ack-links.ts';
export { signAction, verifyAction } from './ack-links.ts';
export type { BackoffOptions } from './backoff.ts';
export { givesUp, jitterFraction, nextAttemptAt } from './backoff.ts';
export type { ChannelSender, ReadSecret, SenderOptions, SendInput } from './channel-sender.ts';
export { type AttemptSignal, attemptSignal } from './channel-sender.ts';
export type { ChannelOptions, ChannelSenders } from './channels.ts';
export { createChannelSenders, sendToContact } from './channels.ts';
export { DeliveryError, isDeliveryError } from './delivery-error.ts';
export type { RenderedEmail, SmtpSettings } from './email.ts';
export { createEmailSender, renderEmail } from './email.ts';
export { subjectLine } from './headline.ts';
export type { HttpSenderOptions } from './http-post.ts';
export { isRetryableStatus } from './http-post.ts';
export type { NotificationKind, NotificationMessage } from './message.ts';
export type { SlackBlock, SlackPayload } from './slack.ts';
export { createSlackSender, renderSlack } from './slack.ts';
export {
  createWebhookSender,
  renderWebhookBody,
  signBody,
  verifySignature,
  WEBHOOK_BODY_VERSION,
} from './webhook.ts';

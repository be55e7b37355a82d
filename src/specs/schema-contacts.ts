import { z } from 'zod';
import type { ContactMethod } from './model/common.ts';
import { exactlyOneOf, httpUrlSchema, secretRefSchema } from './schema-common.ts';

/** One way to reach a person or a team: exactly one of email, slack, webhook. */
export const contactSchema = z
  .strictObject({
    email: z
      .email({ error: 'expected an e-mail address such as ana@example.com' })
      .optional()
      .meta({ description: 'An e-mail address.' }),
    slack: z
      .strictObject({
        webhookUrl: z
          .union([httpUrlSchema, secretRefSchema], { error: 'expected an http(s) URL or {env: NAME}' })
          .meta({ description: 'Slack incoming-webhook URL, or {env: NAME} (the URL holds a token).' }),
      })
      .optional()
      .meta({ description: 'A Slack incoming webhook.' }),
    webhook: z
      .strictObject({
        url: httpUrlSchema.meta({ description: 'URL that receives a JSON POST.' }),
        secret: secretRefSchema
          .optional()
          .meta({ description: 'HMAC key for the X-Nines-Signature header, from {env: NAME}.' }),
      })
      .optional()
      .meta({ description: 'A generic JSON webhook.' }),
  })
  .check(exactlyOneOf(['email', 'slack', 'webhook']));

/** Contact methods of a Person or Team; empty by default. */
export const contactsSchema = z
  .array(contactSchema)
  .default([])
  .meta({ description: 'Ways to reach them: {email}, {slack: {webhookUrl}} or {webhook: {url, secret}}.' });

/** A parsed contact as the model's tagged union. */
export function toContactMethod(contact: z.output<typeof contactSchema>): ContactMethod {
  if (contact.email !== undefined) return { kind: 'email', address: contact.email };
  if (contact.slack !== undefined) return { kind: 'slack', webhookUrl: contact.slack.webhookUrl };
  const webhook = contact.webhook as NonNullable<typeof contact.webhook>;
  return { kind: 'webhook', url: webhook.url, ...(webhook.secret ? { secret: webhook.secret } : {}) };
}

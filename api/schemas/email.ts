import { z } from 'zod';
import { LanguageSchema, MAX_ID, StudyParamsSchema } from './common';

export const EmailKindSchema = z
  .enum(['invitation', 'round_opened', 'reminder', 'round_closed', 'thank_you'])
  .describe('invitation, round_opened, reminder, round_closed (feedback available) or thank_you');
export const EmailDeliveryStatusSchema = z.enum(['queued', 'sent', 'failed', 'bounced']);

export const EmailStatusSchema = z.object({
  enabled: z.boolean().describe('Whether the service sends e-mail; without it, links are shown and exported for you to send'),
  reason: z.string().nullable().describe('Why e-mail is off'),
  from: z.string().nullable(),
  timeZone: z.string().describe("The study's time zone, used for dates in e-mails"),
  counts: z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int(), bounced: z.number().int() }),
});

export const EmailTemplateSchema = z.object({
  language: z.string(),
  kind: EmailKindSchema,
  subject: z.string(),
  body: z.string().describe('Plain text with placeholders such as {{link}}; the HTML part is made from it'),
  custom: z.boolean().describe('True when the study has its own wording; false shows the shipped default'),
  updatedAt: z.string().nullable(),
  placeholders: z.array(z.string()).describe('Placeholders this kind of e-mail may use'),
  required: z.array(z.string()).describe('Placeholders the text must contain'),
});

export const PutEmailTemplateSchema = z
  .object({
    language: LanguageSchema,
    kind: EmailKindSchema,
    subject: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\r\n]*$/, 'The subject is one line'),
    body: z.string().trim().min(1).max(10_000),
  })
  .strict();

export const EmailTemplateParamsSchema = StudyParamsSchema.extend({ language: LanguageSchema, kind: EmailKindSchema });

export const EmailLogQuerySchema = z.object({
  roundId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  panelistId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  kind: EmailKindSchema.optional(),
  status: EmailDeliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const EmailLogEntrySchema = z.object({
  id: z.number().int(),
  panelistId: z.number().int(),
  code: z.string(),
  roundId: z.number().int().nullable(),
  roundNumber: z.number().int().nullable(),
  kind: EmailKindSchema,
  key: z.string(),
  status: EmailDeliveryStatusSchema,
  error: z.string().nullable().describe("The SMTP server's answer when it did not accept the message"),
  createdAt: z.string(),
  sentAt: z.string().nullable().describe('When the SMTP server answered'),
  stuck: z.boolean().describe('Queued, but its sender stopped before sending it and no instance took it over: it may or may not have gone out'),
  resendable: z.boolean().describe('Failed, bounced or stuck: POST .../email-log/{logId}/resend sends it again with a fresh link'),
});

export const EmailLogParamsSchema = StudyParamsSchema.extend({ logId: z.coerce.number().int().positive().max(MAX_ID) });

export const MailingSchema = z
  .object({
    kind: z.enum(['invitation', 'thank_you']),
    panelistIds: z
      .array(z.number().int().positive().max(MAX_ID))
      .min(1)
      .max(10_000)
      .optional()
      .describe('Only these panelists; everyone with an e-mail address when left out'),
  })
  .strict();

export const QueuedSchema = z.object({
  queued: z.number().int().describe('Messages claimed now and being sent'),
  skipped: z.number().int().describe('Panelists who already had this message'),
});

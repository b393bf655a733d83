import { z } from 'zod';

function canonicalTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** An IANA time zone name such as Europe/London, stored in its canonical spelling. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((v) => canonicalTimeZone(v) !== null, { message: 'Use an IANA time zone such as Europe/London or Europe/Paris' })
  .transform((v) => canonicalTimeZone(v)!)
  .describe('IANA time zone in which dates are shown, e.g. Europe/London');

const When = z.iso.datetime({ offset: true }).nullable().describe('ISO 8601 date and time with Z or an offset; null removes it');

export const ReminderRuleSchema = z
  .object({ daysBeforeClose: z.number().int().min(1).max(90).describe('Send this many days before the closing time') })
  .strict();

export const UpdateScheduleSchema = z
  .object({
    opensAt: When.optional().describe('Open the round at this time (draft rounds only)'),
    closesAt: When.optional().describe('Close the round at this time'),
    reminders: z
      .array(ReminderRuleSchema)
      .max(10)
      .optional()
      .describe('Reminders to those who have not completed the round, e.g. [{"daysBeforeClose": 7}, {"daysBeforeClose": 2}]'),
  })
  .strict();

export const ScheduleSchema = z.object({
  roundId: z.number().int(),
  number: z.number().int(),
  status: z.enum(['draft', 'open', 'closed']),
  timeZone: z.string().describe("The study's time zone; the *Local fields are in it"),
  opensAt: z.string().nullable(),
  opensAtLocal: z.string().nullable(),
  closesAt: z.string().nullable(),
  closesAtLocal: z.string().nullable(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reminders: z.array(
    z.object({
      daysBeforeClose: z.number().int(),
      key: z.string(),
      dueAt: z.string().nullable().describe('null while the round has no closing time'),
      dueAtLocal: z.string().nullable(),
      sent: z.number().int().describe('Messages the SMTP server accepted'),
      failed: z.number().int().describe('Failed or bounced'),
    }),
  ),
});

export const RemindQuerySchema = z.object({
  audience: z
    .enum(['not_completed', 'not_answered'])
    .default('not_completed')
    .describe('not_completed: everyone who has not answered every item (default); not_answered: only those with no answer at all'),
});

const Rates = z.object({
  invited: z.number().int(),
  responded: z.number().int(),
  completed: z.number().int(),
  responseRate: z.number().nullable().describe('responded / invited'),
  remindersSent: z.number().int().describe('Reminder e-mails the SMTP server accepted for this group'),
  panelistsReminded: z.number().int(),
  optedOut: z.number().int().describe('Panelists who asked for no reminders'),
});

const GroupRates = Rates.extend({
  invited: z.number().int().nullable(),
  responded: z.number().int().nullable(),
  completed: z.number().int().nullable(),
  remindersSent: z.number().int().nullable(),
  panelistsReminded: z.number().int().nullable(),
  optedOut: z.number().int().nullable(),
  suppressed: z.boolean().describe('True when the disclosure rule hides this group (as in the participation figures); every figure is then null'),
});

export const RemindersSummarySchema = z.object({
  roundId: z.number().int(),
  status: z.enum(['draft', 'open', 'closed']),
  emailEnabled: z.boolean(),
  overall: Rates,
  byGroup: z.record(z.string(), z.record(z.string(), GroupRates)).describe('attribute -> value -> figures'),
  reminders: z
    .array(z.object({ key: z.string(), sent: z.number().int(), failed: z.number().int(), bounced: z.number().int(), queued: z.number().int() }))
    .describe('Each reminder sent in this round (scheduled keys like 7d, manual ones like manual-2026-03-02)'),
});

export type UpdateSchedule = z.output<typeof UpdateScheduleSchema>;

import { z } from 'zod';
import { LanguageSchema } from './common';

export const InvitePanelistSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'Use letters, digits, dot, dash or underscore')
      .optional()
      .describe('Pseudonymous code; generated when left out'),
    email: z.email().max(254).optional(),
    language: LanguageSchema.optional().describe("Defaults to the study's first language"),
    attributes: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const PanelistSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  email: z.string().nullable(),
  language: z.string(),
  attributes: z.record(z.string(), z.string()),
  status: z.enum(['invited', 'active', 'withdrawn']),
  hasActiveLink: z.boolean(),
  joinedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
});

export const InvitationSchema = z
  .object({
    panelistId: z.number().int(),
    code: z.string(),
    email: z.string().nullable(),
    link: z
      .string()
      .describe('The invitation link, shown once (only a hash of the token is stored). The token is the part after #: POST it to /api/panelist/session'),
  })
  .meta({ id: 'Invitation', description: 'A panelist’s invitation; the link is shown only in this reply' });

export const InvitationsSchema = z.object({ invitations: z.array(InvitationSchema) });

export const LinksQuerySchema = z.object({
  format: z.enum(['json', 'csv']).default('json').describe('csv gives code,email,language,link for a mail merge'),
});

export const WithdrawSchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();

export type InvitePanelist = z.output<typeof InvitePanelistSchema>;
export type Panelist = z.output<typeof PanelistSchema>;
export type Invitation = z.output<typeof InvitationSchema>;

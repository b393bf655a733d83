import { z } from 'zod';
import { UI_LANGUAGES } from '../contract/languages';

export const SignInSchema = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }).strict();

export const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(12, 'Use at least 12 characters').max(200) })
  .strict();

export const MeSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  language: z.enum(UI_LANGUAGES).nullable().describe('The console language this facilitator chose; null follows the browser'),
});

export const UpdateMeSchema = z.object({ language: z.enum(UI_LANGUAGES).nullable().describe('A console language, or null to follow the browser') }).strict();

export const CreateFacilitatorSchema = z
  .object({ email: z.email().max(254), name: z.string().trim().max(120).default(''), isAdmin: z.boolean().default(false) })
  .strict();

export const CreatedFacilitatorSchema = MeSchema.extend({
  oneTimePassword: z.string().describe('Shown once; the facilitator must change it at first sign-in'),
  oneTimePasswordExpiresAt: z.string().describe('After this moment (ONE_TIME_PASSWORD_TTL_HOURS) the one-time password no longer works'),
});

export const PanelSessionSchema = z.object({ token: z.string().min(1).max(200) }).strict();

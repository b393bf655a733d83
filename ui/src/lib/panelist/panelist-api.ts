import type { z } from 'zod';
import type {
  InvitationPreviewSchema,
  PanelistFeedbackSchema,
  PanelistItemSchema,
  PanelistMeSchema,
  PanelistRoundSchema,
  SavedAnswerSchema,
  FeedbackSchema,
} from '$schemas/panelist';
import { api, openLiveSocket } from '../api-client';
import type { AnswerBody, BlockAnswerBody } from './answer-queue';
import type { SavedBlockAnswersSchema } from '$schemas/blocks';

export type PanelistMe = z.output<typeof PanelistMeSchema>;
export type InvitationPreview = z.output<typeof InvitationPreviewSchema>;
/** What the welcome page needs to know about a study, before or after the panelist joins. */
export type WelcomeStudy = InvitationPreview['study'];
export type PanelistRound = z.output<typeof PanelistRoundSchema>;
export type PanelistFeedback = z.output<typeof PanelistFeedbackSchema>;
export type PanelistItem = z.output<typeof PanelistItemSchema>;
export type Feedback = z.output<typeof FeedbackSchema>;
export type SavedAnswer = z.output<typeof SavedAnswerSchema>;
export type PanelistCriterion = PanelistMe['study']['criteria'][number];
export type PanelistBlock = PanelistRound['blocks'][number];
export type SavedBlockAnswers = z.output<typeof SavedBlockAnswersSchema>;

/** The endpoints a panelist's browser calls (api/routes/panelist.ts). */
export const panelistApi = {
  /** Reads an invitation without using it: no session, nothing changes. */
  previewInvitation: (token: string) => api.post<InvitationPreview>('/panelist/invitation', { token }),
  startSession: (token: string) => api.post<PanelistMe>('/panelist/session', { token }),
  /** An e-mail's opt-out link: no session needed, only the token. */
  unsubscribe: (token: string) => api.post<{ ok: true; reminders: false }>('/panelist/unsubscribe', { token }),
  me: () => api.get<PanelistMe>('/panelist/me'),
  setLanguage: (language: string) => api.patch<PanelistMe>('/panelist/me', { language }),
  setReminders: (reminders: boolean) => api.patch<PanelistMe>('/panelist/me', { reminders }),
  round: () => api.get<PanelistRound>('/panelist/round'),
  feedback: (roundId: number) => api.get<PanelistFeedback>(`/panelist/rounds/${roundId}/feedback`),
  /** `criterion` in a study that rates each item on several criteria. */
  saveAnswer: (itemVersionId: number, body: AnswerBody, key: string, criterion?: string) =>
    api.put<SavedAnswer>(`/panelist/answers/${itemVersionId}`, criterion === undefined ? body : { ...body, criterion }, { 'idempotency-key': key }),
  saveBlockAnswers: (blockId: number, body: BlockAnswerBody, key: string) =>
    api.put<SavedBlockAnswers>(`/panelist/blocks/${blockId}/answers`, body, { 'idempotency-key': key }),
  addIdea: (text: string, categoryId: number | null) => api.post<{ id: number; text: string }>('/panelist/ideas', { text, categoryId }),
  withdraw: () => api.post<{ ok: true }>('/panelist/withdraw'),
  live: (since: number | null) => openLiveSocket('/panel', since),
};

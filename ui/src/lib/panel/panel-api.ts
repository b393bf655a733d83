import type { z } from 'zod';
import type {
  InvitationPreviewSchema,
  PanelFeedbackSchema,
  PanelItemSchema,
  PanelMeSchema,
  PanelRoundSchema,
  SavedAnswerSchema,
  FeedbackSchema,
} from '$schemas/panelist-app';
import { api, openLiveSocket } from '../api-client';
import type { AnswerBody } from './answer-queue';

export type PanelMe = z.output<typeof PanelMeSchema>;
export type InvitationPreview = z.output<typeof InvitationPreviewSchema>;
/** What the welcome page needs to know about a study, before or after the panelist joins. */
export type WelcomeStudy = InvitationPreview['study'];
export type PanelRound = z.output<typeof PanelRoundSchema>;
export type PanelFeedback = z.output<typeof PanelFeedbackSchema>;
export type PanelItem = z.output<typeof PanelItemSchema>;
export type Feedback = z.output<typeof FeedbackSchema>;
export type SavedAnswer = z.output<typeof SavedAnswerSchema>;

/** The endpoints a panelist's browser calls (api/routes/panelist.ts). */
export const panelApi = {
  /** Reads an invitation without using it: no session, nothing changes. */
  previewInvitation: (token: string) => api.post<InvitationPreview>('/panel/invitation', { token }),
  startSession: (token: string) => api.post<PanelMe>('/panel/session', { token }),
  /** An e-mail's opt-out link: no session needed, only the token. */
  unsubscribe: (token: string) => api.post<{ ok: true; reminders: false }>('/panel/unsubscribe', { token }),
  me: () => api.get<PanelMe>('/panel/me'),
  setLanguage: (language: string) => api.patch<PanelMe>('/panel/me', { language }),
  setReminders: (reminders: boolean) => api.patch<PanelMe>('/panel/me', { reminders }),
  round: () => api.get<PanelRound>('/panel/round'),
  feedback: (roundId: number) => api.get<PanelFeedback>(`/panel/rounds/${roundId}/feedback`),
  saveAnswer: (itemVersionId: number, body: AnswerBody, key: string) =>
    api.put<SavedAnswer>(`/panel/answers/${itemVersionId}`, body, { 'idempotency-key': key }),
  addIdea: (text: string, categoryId: number | null) => api.post<{ id: number; text: string }>('/panel/ideas', { text, categoryId }),
  withdraw: () => api.post<{ ok: true }>('/panel/withdraw'),
  live: (since: number | null) => openLiveSocket('/panel', since),
};

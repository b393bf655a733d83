import type { z } from 'zod';
import type {
  PanelFeedbackSchema,
  PanelItemSchema,
  PanelMeSchema,
  PanelRoundSchema,
  SavedAnswerSchema,
  FeedbackSchema,
} from '../../../../api/schemas/panelist-app';
import { api, openLiveSocket } from '../api-client';
import type { AnswerBody } from './answer-queue';

export type PanelMe = z.output<typeof PanelMeSchema>;
export type PanelRound = z.output<typeof PanelRoundSchema>;
export type PanelFeedback = z.output<typeof PanelFeedbackSchema>;
export type PanelItem = z.output<typeof PanelItemSchema>;
export type Feedback = z.output<typeof FeedbackSchema>;
export type SavedAnswer = z.output<typeof SavedAnswerSchema>;

/** The endpoints a panelist's browser calls (api/routes/panelist.ts). */
export const panelApi = {
  startSession: (token: string) => api.post<PanelMe>('/panel/session', { token }),
  me: () => api.get<PanelMe>('/panel/me'),
  setLanguage: (language: string) => api.patch<PanelMe>('/panel/me', { language }),
  round: () => api.get<PanelRound>('/panel/round'),
  feedback: (roundId: number) => api.get<PanelFeedback>(`/panel/rounds/${roundId}/feedback`),
  saveAnswer: (itemVersionId: number, body: AnswerBody, key: string) =>
    api.put<SavedAnswer>(`/panel/answers/${itemVersionId}`, body, { 'idempotency-key': key }),
  addIdea: (text: string, categoryId: number | null) => api.post<{ id: number; text: string }>('/panel/ideas', { text, categoryId }),
  withdraw: () => api.post<{ ok: true }>('/panel/withdraw'),
  live: (since: number | null) => openLiveSocket('/panel', since),
};

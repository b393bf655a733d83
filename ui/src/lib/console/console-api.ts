import type { z } from 'zod';
import type { MeSchema } from '$schemas/auth';
import type {
  CategorySchema,
  CreateStudySchema,
  ItemSchema,
  StudySchema,
  StudySummarySchema,
  UpdateStudySchema,
  AttributeSchema,
  ScaleSchema,
} from '$schemas/study';
import type { ProtocolSchema } from '$schemas/protocol';
import type { InvitationSchema, InvitePanelistSchema, PanelistSchema } from '$schemas/panel';
import type { CommentsSchema, CreateRoundSchema, ParticipationSchema, ResultsSchema, RoundSchema } from '$schemas/round';
import type { CriterionResult, ItemRoundResult } from '$contract/result';
import type { BlockSchema, CreateBlockSchema, RankingResultSchema, UpdateBlockSchema } from '$schemas/blocks';
import type { RelationsResult } from '$contract/relations';
import type {
  EmailKindSchema,
  EmailLogEntrySchema,
  EmailLogQuerySchema,
  EmailStatusSchema,
  EmailTemplateSchema,
  MailingSchema,
  PutEmailTemplateSchema,
  QueuedSchema,
} from '$schemas/email';
import type { RemindersSummarySchema, RemindQuerySchema, ScheduleSchema, UpdateScheduleSchema } from '$schemas/schedule';
import type { ReportingChecklistSchema } from '$schemas/reporting';
import type { ItemHistorySchema } from '$schemas/item-history';
import type { CommentSchema, CommentTranslationImportResultSchema, CommentTranslationImportSchema } from '$schemas/translations';
import { api, openLiveSocket } from '../api-client';

export type Me = z.output<typeof MeSchema>;
export type ReportingChecklist = z.output<typeof ReportingChecklistSchema>;
export type ItemHistory = z.output<typeof ItemHistorySchema>;
export type Study = z.output<typeof StudySchema>;
export type StudySummary = z.output<typeof StudySummarySchema>;
export type CreateStudy = z.input<typeof CreateStudySchema>;
export type UpdateStudy = z.input<typeof UpdateStudySchema>;
export type Attribute = z.output<typeof AttributeSchema>;
export type Scale = z.output<typeof ScaleSchema>;
export type Category = z.output<typeof CategorySchema>;
export type Item = z.output<typeof ItemSchema>;
export type Protocol = z.input<typeof ProtocolSchema>;
export type Panelist = z.output<typeof PanelistSchema>;
export type Invitation = z.output<typeof InvitationSchema>;
export type InvitePanelist = z.input<typeof InvitePanelistSchema>;
export type Round = z.output<typeof RoundSchema>;
export type CreateRound = z.input<typeof CreateRoundSchema>;
export type Participation = z.output<typeof ParticipationSchema>;
export type Comments = z.output<typeof CommentsSchema>;
export type Results = z.output<typeof ResultsSchema>;
export type Comment = z.output<typeof CommentSchema>;
export type TranslationImport = z.input<typeof CommentTranslationImportSchema>;
export type TranslationImportResult = z.output<typeof CommentTranslationImportResultSchema>;
export type ResultItem = Results['items'][number];
export type Block = z.output<typeof BlockSchema>;
export type CreateBlock = z.input<typeof CreateBlockSchema>;
export type UpdateBlock = z.input<typeof UpdateBlockSchema>;
export type RankingResult = z.output<typeof RankingResultSchema>;
export type { RelationsResult };
export type { CriterionResult, ItemRoundResult };
export type EmailStatus = z.output<typeof EmailStatusSchema>;
export type EmailKind = z.output<typeof EmailKindSchema>;
export type EmailTemplate = z.output<typeof EmailTemplateSchema>;
export type PutEmailTemplate = z.input<typeof PutEmailTemplateSchema>;
export type EmailLogEntry = z.output<typeof EmailLogEntrySchema>;
export type EmailLogQuery = Partial<z.input<typeof EmailLogQuerySchema>>;
export type Mailing = z.input<typeof MailingSchema>;
export type Queued = z.output<typeof QueuedSchema>;
export type Schedule = z.output<typeof ScheduleSchema>;
export type UpdateSchedule = z.input<typeof UpdateScheduleSchema>;
export type RemindAudience = z.output<typeof RemindQuerySchema>['audience'];
export type RemindersSummary = z.output<typeof RemindersSummarySchema>;
export interface Preset {
  name: string;
  protocol: Protocol;
  readings: string[];
}

const s = (ref: string | number) => `/studies/${encodeURIComponent(String(ref))}`;

/** The endpoints the facilitator console calls (api/routes: auth, studies, panel, rounds). */
export const consoleApi = {
  me: () => api.get<Me>('/auth/me'),
  signIn: (email: string, password: string) => api.post<Me>('/auth/sign-in', { email, password }),
  setLanguage: (language: Me['language']) => api.patch<Me>('/auth/me', { language }),
  signOut: () => api.post<{ ok: true }>('/auth/sign-out'),
  changePassword: (currentPassword: string, newPassword: string) => api.post<{ ok: true }>('/auth/password', { currentPassword, newPassword }),

  studies: () => api.get<StudySummary[]>('/studies'),
  createStudy: (body: CreateStudy) => api.post<Study>('/studies', body),
  study: (ref: string | number) => api.get<Study>(s(ref)),
  updateStudy: (id: number, body: UpdateStudy) => api.patch<Study>(s(id), body),
  setProtocol: (id: number, protocol: Protocol) => api.put<Study>(`${s(id)}/protocol`, protocol),
  reportingChecklist: (id: number) => api.get<ReportingChecklist>(`${s(id)}/reporting-checklist`),
  presets: (min: number, max: number) => api.get<Preset[]>(`/protocol-presets?min=${min}&max=${max}`),

  categories: (id: number) => api.get<Category[]>(`${s(id)}/categories`),
  addCategory: (id: number, body: { code: string; names: Record<string, string> }) => api.post<Category>(`${s(id)}/categories`, body),
  items: (id: number) => api.get<Item[]>(`${s(id)}/items`),
  addItem: (id: number, body: { code: string; categoryId: number | null; texts: Record<string, string> }) => api.post<Item>(`${s(id)}/items`, body),
  updateItem: (id: number, itemId: number, body: { categoryId?: number | null; texts?: Record<string, string> }) =>
    api.patch<Item>(`${s(id)}/items/${itemId}`, body),
  importItems: (id: number, csv: string) => api.post<{ imported: number }>(`${s(id)}/items/import`, { csv }),

  panelists: (id: number) => api.get<Panelist[]>(`${s(id)}/panelists`),
  invite: (id: number, body: InvitePanelist) => api.post<Invitation>(`${s(id)}/panelists`, body),
  importPanelists: (id: number, csv: string) => api.post<{ invitations: Invitation[] }>(`${s(id)}/panelists/import`, { csv }),
  reissue: (id: number, panelistId: number) => api.post<Invitation>(`${s(id)}/panelists/${panelistId}/reissue`),
  revoke: (id: number, panelistId: number) => api.post<{ ok: true }>(`${s(id)}/panelists/${panelistId}/revoke`),
  withdraw: (id: number, panelistId: number, reason?: string) => api.post<{ ok: true }>(`${s(id)}/panelists/${panelistId}/withdraw`, reason ? { reason } : {}),

  rounds: (id: number) => api.get<Round[]>(`${s(id)}/rounds`),
  createRound: (id: number, body: CreateRound) => api.post<Round>(`${s(id)}/rounds`, body),
  round: (roundId: number) => api.get<Round>(`/rounds/${roundId}`),
  openRound: (roundId: number) => api.post<Round>(`/rounds/${roundId}/open`),
  closeRound: (roundId: number) => api.post<Round>(`/rounds/${roundId}/close`),
  closeStudy: (id: number) => api.post<Study>(`${s(id)}/close`),
  participation: (roundId: number) => api.get<Participation>(`/rounds/${roundId}/participation`),
  results: (roundId: number) => api.get<Results>(`/rounds/${roundId}/results`),
  blocks: (roundId: number) => api.get<Block[]>(`/rounds/${roundId}/blocks`),
  addBlock: (roundId: number, body: CreateBlock) => api.post<Block>(`/rounds/${roundId}/blocks`, body),
  updateBlock: (roundId: number, blockId: number, body: UpdateBlock) => api.put<Block>(`/rounds/${roundId}/blocks/${blockId}`, body),
  removeBlock: (roundId: number, blockId: number) => api.delete<{ ok: true }>(`/rounds/${roundId}/blocks/${blockId}`),
  setThreshold: (roundId: number, blockId: number, threshold: number | null) => api.put<Block>(`/rounds/${roundId}/blocks/${blockId}/threshold`, { threshold }),
  comments: (roundId: number) => api.get<Comments>(`/rounds/${roundId}/comments`),
  itemHistory: (id: number, itemId: number) => api.get<ItemHistory>(`${s(id)}/items/${itemId}/history`),
  translateComment: (roundId: number, responseId: number, language: string, text: string) =>
    api.put<Comment>(`/rounds/${roundId}/comments/${responseId}/translations/${encodeURIComponent(language)}`, { text }),
  importTranslations: (roundId: number, body: TranslationImport) => api.post<TranslationImportResult>(`/rounds/${roundId}/comment-translations/import`, body),

  emailStatus: (id: number) => api.get<EmailStatus>(`${s(id)}/email-status`),
  emailTemplates: (id: number) => api.get<EmailTemplate[]>(`${s(id)}/email-templates`),
  saveEmailTemplate: (id: number, body: PutEmailTemplate) => api.put<EmailTemplate>(`${s(id)}/email-templates`, body),
  resetEmailTemplate: (id: number, language: string, kind: EmailKind) =>
    api.delete<EmailTemplate>(`${s(id)}/email-templates/${encodeURIComponent(language)}/${kind}`),
  emailLog: (id: number, query: EmailLogQuery = {}) => {
    const q = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return api.get<EmailLogEntry[]>(`${s(id)}/email-log${q.toString() ? `?${q}` : ''}`);
  },
  sendMailing: (id: number, body: Mailing) => api.post<Queued>(`${s(id)}/mailings`, body),
  resendEmail: (id: number, logId: number) => api.post<Queued>(`${s(id)}/email-log/${logId}/resend`),
  schedule: (roundId: number) => api.get<Schedule>(`/rounds/${roundId}/schedule`),
  setSchedule: (roundId: number, body: UpdateSchedule) => api.patch<Schedule>(`/rounds/${roundId}/schedule`, body),
  remind: (roundId: number, audience: RemindAudience) => api.post<Queued>(`/rounds/${roundId}/remind?audience=${audience}`),
  remindersSummary: (roundId: number) => api.get<RemindersSummary>(`/rounds/${roundId}/reminders-summary`),

  live: (studyId: number, since: number | null) => openLiveSocket(`/studies/${studyId}`, since),
};

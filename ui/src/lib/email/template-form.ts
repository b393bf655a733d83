import type { EmailKind, EmailTemplate } from '../console/console-api';
import { t } from '../../i18n/console.svelte';

/** An e-mail's name in the console language ("Invitation", "Einladung"). */
export const kindTitle = (kind: EmailKind): string => t(`kind.${kind}`);

export const KIND_ORDER: EmailKind[] = ['invitation', 'round_opened', 'reminder', 'round_closed', 'thank_you'];

export interface TemplateErrors {
  subject?: string;
  body?: string;
  other?: string;
}

/** Puts a 400's problems at the field they are about ("body.subject", "body.body"); the rest under `other`. */
export function templateErrors(problems: { path?: string; message: string }[], fallback: string): TemplateErrors {
  const errors: TemplateErrors = {};
  for (const p of problems) {
    const field = /^(?:body\.)?(subject|body)$/.exec(p.path ?? '')?.[1] as 'subject' | 'body' | undefined;
    const key = field ?? 'other';
    errors[key] = errors[key] ? `${errors[key]} ${p.message}` : p.message;
  }
  if (!errors.subject && !errors.body && !errors.other) errors.other = fallback;
  return errors;
}

/** The study's templates as a table: kind -> language -> template. */
export function templateGrid(templates: EmailTemplate[]): Map<EmailKind, Map<string, EmailTemplate>> {
  const grid = new Map<EmailKind, Map<string, EmailTemplate>>();
  for (const kind of KIND_ORDER) grid.set(kind, new Map());
  for (const t of templates) grid.get(t.kind)?.set(t.language, t);
  return grid;
}

import { EMAIL_KINDS, type EmailKind } from '../../db/schema';
import type { Problem } from '../errors';
import type { EmailTemplateRow } from '../repositories/email';
import { DEFAULT_TEMPLATES, NO_CLOSING_DATE, type TemplateText } from './defaults';

export const PLACEHOLDERS = ['link', 'study_title', 'round_number', 'closes_at', 'opt_out_link'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const ALL = [...PLACEHOLDERS];
/**
 * What each kind of e-mail may contain. Every placeholder is either the recipient's own (their
 * link, their opt-out link) or the study's (title, round number, closing date), so no template can
 * reveal anything about another panelist; anything else is refused when the template is saved.
 */
export const TEMPLATE_RULES: Record<EmailKind, { body: Placeholder[]; subject: Placeholder[]; required: Placeholder[] }> = {
  invitation: { body: ['link', 'study_title', 'opt_out_link'], subject: ['study_title'], required: ['link'] },
  round_opened: { body: ALL, subject: ['study_title', 'round_number', 'closes_at'], required: ['link'] },
  reminder: { body: ALL, subject: ['study_title', 'round_number', 'closes_at'], required: ['link', 'opt_out_link'] },
  round_closed: { body: ['link', 'study_title', 'round_number', 'opt_out_link'], subject: ['study_title', 'round_number'], required: ['link'] },
  thank_you: { body: ['link', 'study_title', 'opt_out_link'], subject: ['study_title'], required: ['link'] },
};

type Segment = { literal: string } | { placeholder: Placeholder };

const TAG = /\{\{([^{}]*)\}\}/g;

/** Splits a template into literal text and placeholders; problems for unknown names and stray braces. */
function parse(source: string, allowed: Placeholder[], path: string): { segments: Segment[]; problems: Problem[] } {
  const segments: Segment[] = [];
  const problems: Problem[] = [];
  const literal = (text: string) => {
    if (text.includes('{{') || text.includes('}}')) problems.push({ path, message: 'A "{{" or "}}" is not part of a placeholder such as {{link}}.' });
    if (text) segments.push({ literal: text });
  };
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    literal(source.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1].trim();
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push({ path, message: `Unknown placeholder {{${name}}}. Use ${allowed.map((a) => `{{${a}}}`).join(', ')}.` });
    } else if (!allowed.includes(name as Placeholder)) {
      problems.push({ path, message: `{{${name}}} cannot be used here. Use ${allowed.map((a) => `{{${a}}}`).join(', ')}.` });
    } else {
      segments.push({ placeholder: name as Placeholder });
    }
  }
  literal(source.slice(last));
  return { segments, problems };
}

/** Checks a facilitator's template before it is saved: every problem, with where it is. */
export function checkTemplate(kind: EmailKind, template: TemplateText): Problem[] {
  const rules = TEMPLATE_RULES[kind];
  const subject = parse(template.subject, rules.subject, 'subject');
  const body = parse(template.body, rules.body, 'body');
  const problems = [...subject.problems, ...body.problems];
  const used = new Set(body.segments.flatMap((s) => ('placeholder' in s ? [s.placeholder] : [])));
  for (const r of rules.required) if (!used.has(r)) problems.push({ path: 'body', message: `The text must contain {{${r}}}.` });
  return problems;
}

const baseLanguage = (lang: string) => lang.split('-')[0].toLowerCase();

function shipped(lang: string, kind: EmailKind): TemplateText | undefined {
  return (DEFAULT_TEMPLATES[lang] ?? DEFAULT_TEMPLATES[baseLanguage(lang)])?.[kind];
}

/**
 * The template for a panelist: the study's own wording in their language, else the shipped one in
 * their language, else the same two in the study's first language, else English.
 */
export function resolveTemplate(
  overrides: EmailTemplateRow[],
  kind: EmailKind,
  language: string,
  studyLanguages: string[],
): TemplateText & { language: string } {
  const own = (lang: string) => overrides.find((o) => o.kind === kind && o.language === lang);
  for (const lang of [language, studyLanguages[0]]) {
    const o = own(lang);
    if (o) return { subject: o.subject, body: o.body, language: lang };
    const d = shipped(lang, kind);
    if (d) return { ...d, language: lang };
  }
  return { ...DEFAULT_TEMPLATES.en[kind], language: 'en' };
}

/** Every template of a study: one per language and kind, marked where the study has its own wording. */
export function templatesOfStudy(overrides: EmailTemplateRow[], languages: string[]) {
  return languages.flatMap((language) =>
    EMAIL_KINDS.map((kind) => {
      const own = overrides.find((o) => o.kind === kind && o.language === language);
      const fallback = resolveTemplate([], kind, language, languages);
      return {
        language,
        kind,
        subject: own?.subject ?? fallback.subject,
        body: own?.body ?? fallback.body,
        custom: own !== undefined,
        updatedAt: own?.updatedAt ?? null,
        placeholders: TEMPLATE_RULES[kind].body,
        required: TEMPLATE_RULES[kind].required,
      };
    }),
  );
}

/** A date and time in the study's time zone, in the reader's language, with the zone named. */
export function formatDateTime(iso: string | null, language: string, timeZone: string): string {
  if (iso === null) return NO_CLOSING_DATE[baseLanguage(language)] ?? NO_CLOSING_DATE.en;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone });
  } catch {
    format = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short', timeZone });
  }
  return `${format.format(new Date(iso))} (${timeZone})`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Fills a template that passed checkTemplate (the shipped ones do). The text part is the template
 * as written; the HTML part escapes everything the facilitator wrote and every value, so neither
 * can add markup, and turns the two links into anchors.
 */
export function renderTemplate(kind: EmailKind, template: TemplateText & { language: string }, values: PlaceholderValues): RenderedEmail {
  const rules = TEMPLATE_RULES[kind];
  const oneLine = (v: string) => v.replace(/\s+/g, ' ').trim();
  const subject = parse(template.subject, rules.subject, 'subject').segments;
  const body = parse(template.body, rules.body, 'body').segments;
  const fill = (segments: Segment[]) => segments.map((s) => ('literal' in s ? s.literal : oneLine(values[s.placeholder]))).join('');
  const html = body
    .map((s) => {
      if ('literal' in s) return escapeHtml(s.literal);
      const value = escapeHtml(oneLine(values[s.placeholder]));
      return s.placeholder === 'link' || s.placeholder === 'opt_out_link' ? `<a href="${value}">${value}</a>` : value;
    })
    .join('')
    .split(/\r?\n(?:[ \t]*\r?\n)+/)
    .map((paragraph) => `<p>${paragraph.replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
  const title = escapeHtml(oneLine(fill(subject)));
  return {
    subject: oneLine(fill(subject)),
    text: fill(body),
    html:
      `<!doctype html>\n<html lang="${escapeHtml(template.language)}">\n<head><meta ` +
      `charset="utf-8"><title>${title}</title></head>\n<body>\n${html}\n</body>\n</html>\n`,
  };
}

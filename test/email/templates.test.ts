import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS } from '../../db/schema';
import { DEFAULT_TEMPLATES, NO_CLOSING_DATE } from '../../api/email/defaults';
import { UI_LANGUAGES } from '../../api/contract/languages';
import { checkTemplate, renderTemplate, resolveTemplate } from '../../api/email/templates';
import { itemsCsv, studyBody } from '../helpers/build';
import { emailAppPerTest } from './email-app';
import { linkToken } from './mail-server';

const values = {
  link: 'https://d.example/join#T',
  opt_out_link: 'https://d.example/join?reminders=off#T',
  study_title: 'Trust',
  round_number: '2',
  closes_at: 'Friday',
};

const placeholdersOf = (s: string) => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();

describe('shipped templates', () => {
  it('come in every language the web app speaks, each with every e-mail, the same placeholders as English and a no-date text', () => {
    expect(Object.keys(DEFAULT_TEMPLATES).sort()).toEqual([...UI_LANGUAGES].sort());
    expect(Object.keys(NO_CLOSING_DATE).sort()).toEqual([...UI_LANGUAGES].sort());
    for (const language of UI_LANGUAGES) {
      expect(Object.keys(DEFAULT_TEMPLATES[language]).sort(), language).toEqual([...EMAIL_KINDS].sort());
      for (const kind of EMAIL_KINDS) {
        for (const part of ['subject', 'body'] as const) {
          const text = DEFAULT_TEMPLATES[language][kind][part];
          expect(placeholdersOf(text), `${language} ${kind} ${part}`).toEqual(placeholdersOf(DEFAULT_TEMPLATES.en[kind][part]));
        }
      }
    }
  });

  for (const language of UI_LANGUAGES) {
    for (const kind of EMAIL_KINDS) {
      it(`${language} ${kind} passes the checks a facilitator's template must pass`, () => {
        expect(checkTemplate(kind, DEFAULT_TEMPLATES[language][kind])).toEqual([]);
        const rendered = renderTemplate(kind, { ...DEFAULT_TEMPLATES[language][kind], language }, values);
        expect(rendered.text).toContain(values.link);
        expect(rendered.text).not.toMatch(/\{\{|\}\}/);
        expect(rendered.subject).not.toMatch(/\{\{|\}\}|\n/);
      });
    }
  }

  it('falls back from a regional language to its base, then to the study’s first language, then to English', () => {
    expect(resolveTemplate([], 'reminder', 'fr-CA', ['en', 'fr-CA']).subject).toMatch(/^Rappel/);
    expect(resolveTemplate([], 'reminder', 'pt', ['de', 'pt']).subject).toMatch(/^Erinnerung/);
    expect(resolveTemplate([], 'reminder', 'pt', ['pt']).subject).toMatch(/^Reminder/);
  });
});

describe('checkTemplate', () => {
  it('names every unknown, misplaced or missing placeholder and every stray brace', () => {
    expect(checkTemplate('reminder', { subject: 'Hi {{link}}', body: 'Dear {{panelist_name}}, see {{ link }} {{closes_at}} {{opt_out_link}} {{' })).toEqual([
      { path: 'subject', message: '{{link}} cannot be used here. Use {{study_title}}, {{round_number}}, {{closes_at}}.' },
      { path: 'body', message: 'Unknown placeholder {{panelist_name}}. Use {{link}}, {{study_title}}, {{round_number}}, {{closes_at}}, {{opt_out_link}}.' },
      { path: 'body', message: 'A "{{" or "}}" is not part of a placeholder such as {{link}}.' },
    ]);
    expect(checkTemplate('invitation', { subject: 'Round {{round_number}}', body: 'Closes {{closes_at}}' })).toEqual([
      { path: 'subject', message: '{{round_number}} cannot be used here. Use {{study_title}}.' },
      { path: 'body', message: '{{closes_at}} cannot be used here. Use {{link}}, {{study_title}}, {{opt_out_link}}.' },
      { path: 'body', message: 'The text must contain {{link}}.' },
    ]);
  });

  it('renders facilitator text and values as text in the HTML part', () => {
    const out = renderTemplate(
      'thank_you',
      { subject: '{{study_title}}', body: '<img src=x onerror=alert(1)>\n\nGo: {{link}}', language: 'en' },
      { ...values, study_title: '"Trust" <script>', link: 'https://d.example/join#"><script>' },
    );
    expect(out.text).toBe('<img src=x onerror=alert(1)>\n\nGo: https://d.example/join#"><script>');
    expect(out.html).toContain('<p>&lt;img src=x onerror=alert(1)&gt;</p>\n<p>Go: <a href="https://d.example/join#&quot;&gt;&lt;script&gt;">');
    expect(out.html).toContain('<title>&quot;Trust&quot; &lt;script&gt;</title>');
    expect(out.html).not.toMatch(/<script|<img/);
  });
});

describe('GET and PUT /api/studies/:studyId/email-templates', () => {
  const ctx = emailAppPerTest();
  const { call } = ctx;

  it('refuses a template with an unknown placeholder with 400 and keeps the old one', async () => {
    const s = (await call('POST', '/api/studies', studyBody)).body;
    const putReminder = (template: { language?: string; subject?: string; body: string }) =>
      call('PUT', `/api/studies/${s.id}/email-templates`, { language: 'en', kind: 'reminder', subject: 'Reminder', ...template });
    const res = await putReminder({ body: 'Hello {{panelist_email}}, {{link}} {{opt_out_link}}' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchInlineSnapshot(`
      {
        "code": "DELPHI_VALIDATION",
        "details": {
          "problems": [
            {
              "message": "Unknown placeholder {{panelist_email}}. Use {{link}}, {{study_title}}, {{round_number}}, {{closes_at}}, {{opt_out_link}}.",
              "path": "body.body",
            },
          ],
        },
        "error": "Bad Request",
        "message": "Unknown placeholder {{panelist_email}}. Use {{link}}, {{study_title}}, {{round_number}}, {{closes_at}}, {{opt_out_link}}.",
        "statusCode": 400,
      }
    `);
    const missingOptOut = await putReminder({ body: 'Your link: {{link}}' });
    expect(missingOptOut.body.message).toBe('The text must contain {{opt_out_link}}.');
    const notAStudyLanguage = await putReminder({ language: 'de', subject: 'Erinnerung', body: '{{link}} {{opt_out_link}}' });
    expect(notAStudyLanguage.status).toBe(400);
    const list = (await call('GET', `/api/studies/${s.id}/email-templates`)).body;
    expect(list).toHaveLength(10);
    expect(list.every((tpl: { custom: boolean }) => !tpl.custom)).toBe(true);
    expect((await ctx.t.db.raw('select count(*) as n from email_templates'))[0]).toEqual({ n: 0 });
  });

  it('uses a study’s own French wording for its French panelists, and the default again after a reset', async () => {
    const s = (await call('POST', '/api/studies', studyBody)).body;
    await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(1) });
    await call('POST', `/api/studies/${s.id}/panelists/import`, {
      csv: 'code,email,language,sector,role_level\nF1,f1@example.org,fr,health,strategic\nE1,e1@example.org,en,health,strategic',
    });
    const saved = await call('PUT', `/api/studies/${s.id}/email-templates`, {
      language: 'fr',
      kind: 'invitation',
      subject: 'Bienvenue dans « {{study_title}} »',
      body: 'Bonjour,\n\nVotre lien : {{ link }}\n\nL’équipe',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ language: 'fr', kind: 'invitation', custom: true, updatedAt: expect.any(String) });
    await call('POST', `/api/studies/${s.id}/mailings`, { kind: 'invitation' });
    await ctx.t.app.email.idle();
    const [fr] = ctx.smtp.to('f1@example.org');
    expect(fr.subject).toBe('Bienvenue dans « Trust between partners »');
    expect(fr.text).toBe(`Bonjour,\n\nVotre lien : http://127.0.0.1:3000/join#${linkToken(fr)}\n\nL’équipe`);
    expect(ctx.smtp.to('e1@example.org')[0].subject).toBe('Invitation to the Delphi study "Trust between partners"');

    const reset = await call('DELETE', `/api/studies/${s.id}/email-templates/fr/invitation`);
    expect(reset.body).toMatchObject({ custom: false, subject: 'Invitation à l’étude Delphi « {{study_title}} »' });
    const audit = (await call('GET', `/api/studies/${s.id}/audit`)).body.map((a: { action: string }) => a.action);
    expect(audit.slice(0, 3)).toEqual(['email_template.reset', 'email.send', 'email_template.update']);
  });
});

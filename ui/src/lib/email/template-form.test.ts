import { describe, expect, it } from 'vitest';
import { templateErrors, templateGrid } from './template-form';
import type { EmailTemplate } from '../console/console-api';

describe('templateErrors', () => {
  it('puts each problem at its field, joining several at one field', () => {
    expect(
      templateErrors(
        [
          { path: 'body.body', message: 'Unknown placeholder {{name}}. Use {{link}}.' },
          { path: 'body.subject', message: 'Unknown placeholder {{x}}.' },
          { path: 'body.body', message: 'The text must contain {{link}}.' },
        ],
        'fallback',
      ),
    ).toEqual({ subject: 'Unknown placeholder {{x}}.', body: 'Unknown placeholder {{name}}. Use {{link}}. The text must contain {{link}}.' });
  });

  it('keeps problems about other fields apart', () => {
    expect(templateErrors([{ path: 'body.language', message: 'not a study language' }], 'fallback')).toEqual({ other: 'not a study language' });
  });

  it('falls back to the error message when there are no problems', () => {
    expect(templateErrors([], 'The request failed.')).toEqual({ other: 'The request failed.' });
  });
});

describe('templateGrid', () => {
  const t = (kind: EmailTemplate['kind'], language: string): EmailTemplate => ({
    kind,
    language,
    subject: 's',
    body: 'b',
    custom: false,
    updatedAt: null,
    placeholders: ['link'],
    required: ['link'],
  });

  it('has every kind, in order, even without templates', () => {
    expect([...templateGrid([]).keys()]).toEqual(['invitation', 'round_opened', 'reminder', 'round_closed', 'thank_you']);
  });

  it('files templates by kind and language', () => {
    const grid = templateGrid([t('reminder', 'de'), t('reminder', 'en'), t('invitation', 'en')]);
    expect([...grid.get('reminder')!.keys()]).toEqual(['de', 'en']);
    expect(grid.get('invitation')!.get('en')!.kind).toBe('invitation');
  });
});

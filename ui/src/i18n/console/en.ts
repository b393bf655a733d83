import { shell } from './en/shell';
import { studyEditor } from './en/study-editor';
import { panel } from './en/panel';
import { email } from './en/email';
import { rounds } from './en/rounds';
import { results } from './en/results';

/**
 * Facilitator console strings, English, one file per area in ./en. Every other console catalogue has
 * exactly these keys, with the same placeholders (checked by type and by catalogues.test.ts).
 * Syntax: i18n/message-format.ts.
 */
export const en = { ...shell, ...studyEditor, ...panel, ...email, ...rounds, ...results } as const;

export type ConsoleKey = keyof typeof en;
export type ConsoleMessages = { readonly [K in ConsoleKey]: string };
/** One area's strings in another language: exactly the keys of the English area. */
export type AreaMessages<T> = { readonly [K in keyof T]: string };

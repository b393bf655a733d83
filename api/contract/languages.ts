/**
 * Languages the web app (panelist app and facilitator console) and the shipped e-mails speak.
 * A study may use any language code; parts without a catalogue fall back to English.
 */
export const UI_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

import { en, type MessageKey, type Messages } from './en';

/** UI languages with a catalogue; a study language without one falls back to English for the UI. */
export const UI_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

// Only English ships in the first bundle; the others load when a panelist picks them.
const loaders: Record<Exclude<UiLanguage, 'en'>, () => Promise<{ default: Messages }>> = {
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
};

export type Vars = Record<string, string | number>;

/** Fills {name} placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The UI language for a study language code such as "de" or "fr-BE". */
export function uiLanguageFor(code: string): UiLanguage {
  const base = code.toLowerCase().split('-')[0];
  return (UI_LANGUAGES as readonly string[]).includes(base) ? (base as UiLanguage) : 'en';
}

class I18n {
  #locale = $state<UiLanguage>('en');
  #messages = $state<Messages>(en);

  get locale(): UiLanguage {
    return this.#locale;
  }

  /** Switches the UI strings (and <html lang>) to a study language, falling back to English. */
  async use(code: string): Promise<void> {
    const lang = uiLanguageFor(code);
    const messages = lang === 'en' ? en : (await loaders[lang]()).default;
    this.#messages = messages;
    this.#locale = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = code;
  }

  t = (key: MessageKey, vars?: Vars): string => format(this.#messages[key] ?? en[key], vars);
}

export const i18n = new I18n();
export const t = i18n.t;

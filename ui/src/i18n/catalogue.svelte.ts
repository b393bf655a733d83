import { UI_LANGUAGES, type UiLanguage } from '$contract/languages';
import { format, formatNumber, type Vars } from './message-format';

/** The UI language for a study language code such as "de" or "fr-BE". */
export function uiLanguageFor(code: string): UiLanguage {
  const base = code.toLowerCase().split('-')[0];
  return (UI_LANGUAGES as readonly string[]).includes(base) ? (base as UiLanguage) : 'en';
}

type Loaders<M> = Record<Exclude<UiLanguage, 'en'>, () => Promise<{ default: M }>>;

/**
 * One app's strings in the current language. English ships with the app; the other languages
 * load when someone picks them, so nobody downloads catalogues they do not read.
 */
export class Catalogue<K extends string> {
  #locale = $state<UiLanguage>('en');
  #messages: Readonly<Record<K, string>> = $state.raw({} as Record<K, string>);
  readonly #english: Readonly<Record<K, string>>;
  readonly #loaders: Loaders<Readonly<Record<K, string>>>;

  constructor(english: Readonly<Record<K, string>>, loaders: Loaders<Readonly<Record<K, string>>>) {
    this.#english = english;
    this.#messages = english;
    this.#loaders = loaders;
  }

  get locale(): UiLanguage {
    return this.#locale;
  }

  /** Switches the strings (and <html lang>) to a language, falling back to English. */
  async use(code: string): Promise<void> {
    const lang = uiLanguageFor(code);
    const messages = lang === 'en' ? this.#english : (await this.#loaders[lang]()).default;
    this.#messages = messages;
    this.#locale = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = code;
  }

  t = (key: K, vars?: Vars): string => format(this.#messages[key] ?? this.#english[key], vars, this.#locale);

  /** A number written the current language's way. */
  number = (n: number): string => formatNumber(n, this.#locale);

  /** A moment (ISO text or Date) written the current language's way; dateStyle medium + timeStyle short unless told. */
  date = (value: string | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string =>
    new Date(value).toLocaleString(this.#locale, options);
}

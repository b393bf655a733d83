import { UI_LANGUAGES, type UiLanguage } from '$contract/languages';
import { en, type MessageKey, type Messages } from './en';
import { format, type Vars } from './message-format';
import { Catalogue } from './catalogue.svelte';

export { UI_LANGUAGES, type UiLanguage, format, type Vars };
export { uiLanguageFor } from './catalogue.svelte';

export const i18n = new Catalogue<MessageKey>(en, {
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
  it: () => import('./it'),
  pl: () => import('./pl'),
});
export const t = i18n.t;
export type { Messages };
